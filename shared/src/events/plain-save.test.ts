import { describe, expect, it } from 'vitest';
import { isPlainSave, saveAnswerSchema } from './kiosk';

/**
 * `isPlainSave` is the autosave's schema written out by hand (the server takes a payload it accepts
 * without running the schema). It must never accept what the schema refuses, nor a payload the
 * schema would change; it may refuse what the schema accepts only for a text longer in UTF-16 units
 * than the schema's limit in code points, or for an object JSON cannot make (a key inherited or a
 * symbol, another prototype).
 */
const schemaTakes = (p: unknown) => saveAnswerSchema.safeParse(p);

function agree(label: string, p: unknown): 'both' | 'neither' | 'schema only' {
  const plain = isPlainSave(p);
  const parsed = schemaTakes(p);
  if (plain) {
    expect(parsed.success, `${label}: taken by hand but refused by the schema`).toBe(true);
    // The schema's output is the payload itself: the handler may be given either.
    expect(parsed.data, `${label}: the schema changed what was taken by hand`).toStrictEqual(p);
    return 'both';
  }
  return parsed.success ? 'schema only' : 'neither';
}

const ok = { questionId: 'q1', value: 'text', rev: 1 };
const long = (n: number, c = 'a') => c.repeat(n);
/** Cases by name: each a payload, and what the two checks must say of it. */
const CASES: Array<[string, () => unknown, 'both' | 'neither' | 'schema only']> = [
  ['a text', () => ok, 'both'],
  ['null (a blank answer)', () => ({ ...ok, value: null }), 'both'],
  ['true', () => ({ ...ok, value: true }), 'both'],
  ['false', () => ({ ...ok, value: false }), 'both'],
  ['option 0', () => ({ ...ok, value: 0 }), 'both'],
  ['option 9', () => ({ ...ok, value: 9 }), 'both'],
  ['option -0', () => ({ ...ok, value: -0 }), 'both'],
  ['no options chosen', () => ({ ...ok, value: [] }), 'both'],
  ['ten options', () => ({ ...ok, value: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }), 'both'],
  ['twenty blanks of 500', () => ({ ...ok, value: Array.from({ length: 20 }, () => long(500)) }), 'both'],
  ['a text of 50,000', () => ({ ...ok, value: long(50_000) }), 'both'],
  ['an id of 32', () => ({ ...ok, questionId: long(32, 'q') }), 'both'],
  ['the largest revision', () => ({ ...ok, rev: Number.MAX_SAFE_INTEGER }), 'both'],
  ['keys in another order', () => ({ rev: 3, value: 'x', questionId: 'q2' }), 'both'],
  ['a text of 50,000 code points in 50,001 units', () => ({ ...ok, value: `${long(49_999)}😀` }), 'schema only'],
  ['a text of 50,001', () => ({ ...ok, value: long(50_001) }), 'neither'],
  ['a blank of 501', () => ({ ...ok, value: [long(501)] }), 'neither'],
  ['twenty-one blanks', () => ({ ...ok, value: Array.from({ length: 21 }, () => 'x') }), 'neither'],
  ['eleven options', () => ({ ...ok, value: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0] }), 'neither'],
  ['option 10', () => ({ ...ok, value: 10 }), 'neither'],
  ['option -1', () => ({ ...ok, value: -1 }), 'neither'],
  ['option 1.5', () => ({ ...ok, value: 1.5 }), 'neither'],
  ['option NaN', () => ({ ...ok, value: Number.NaN }), 'neither'],
  ['options with a 10', () => ({ ...ok, value: [1, 10] }), 'neither'],
  ['options then a text', () => ({ ...ok, value: [1, 'a'] }), 'neither'],
  ['a text then options', () => ({ ...ok, value: ['a', 1] }), 'neither'],
  ['a list in a list', () => ({ ...ok, value: [[1]] }), 'neither'],
  ['an object as the answer', () => ({ ...ok, value: { a: 1 } }), 'neither'],
  ['an empty id', () => ({ ...ok, questionId: '' }), 'neither'],
  ['an id of 33', () => ({ ...ok, questionId: long(33, 'q') }), 'neither'],
  ['a numeric id', () => ({ ...ok, questionId: 1 }), 'neither'],
  ['revision 0', () => ({ ...ok, rev: 0 }), 'neither'],
  ['revision -1', () => ({ ...ok, rev: -1 }), 'neither'],
  ['revision 1.5', () => ({ ...ok, rev: 1.5 }), 'neither'],
  ['revision 2^53', () => ({ ...ok, rev: 2 ** 53 }), 'neither'],
  ['revision Infinity', () => ({ ...ok, rev: Number.POSITIVE_INFINITY }), 'neither'],
  ['revision as text', () => ({ ...ok, rev: '1' }), 'neither'],
  ['no revision', () => ({ questionId: 'q1', value: 'x' }), 'neither'],
  ['no value', () => ({ questionId: 'q1', rev: 1 }), 'neither'],
  ['value undefined', () => ({ questionId: 'q1', value: undefined, rev: 1 }), 'neither'],
  ['an extra key', () => ({ ...ok, extra: 1 }), 'neither'],
  ['a __proto__ key from JSON', () => JSON.parse('{"questionId":"q1","value":"x","rev":1,"__proto__":{"a":1}}'), 'neither'],
  ['a symbol key', () => ({ ...ok, [Symbol('s')]: 1 }), 'schema only'],
  ['no prototype', () => Object.assign(Object.create(null), ok), 'schema only'],
  ['an instance of a class', () => Object.assign(new (class Save {})(), ok), 'schema only'],
  ['a key inherited', () => Object.assign(Object.create({ rev: 1 }), { questionId: 'q1', value: 'x' }), 'schema only'],
  ['a list', () => [ok], 'neither'],
  ['null', () => null, 'neither'],
  ['a bare text', () => 'save', 'neither'],
  ['nothing', () => undefined, 'neither'],
];

describe('the autosave checked by hand agrees with its schema', () => {
  it(`${CASES.length} named cases, each said as expected by both`, () => {
    expect(new Set(CASES.map(([label]) => label)).size).toBe(CASES.length);
    const said = CASES.map(([label, make]) => agree(label, make()));
    expect(Object.fromEntries(CASES.map(([label], i) => [label, said[i]]))).toEqual(Object.fromEntries(CASES.map(([label, , expected]) => [label, expected])));
    // Every verdict is met: the cases are not all of one kind.
    expect(new Set(said)).toEqual(new Set(['both', 'neither', 'schema only']));
  });

  it('20,000 seeded random payloads: never taken by hand when the schema refuses', () => {
    let seed = 0x5eed_0001;
    const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const numbers = [0, 1, 9, 10, -1, -0, 0.5, 2 ** 53, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY];
    const texts = ['', 'q', long(32), long(33), long(500), long(501), long(50_000), long(50_001), '文', '\u0000'];
    const scalar = () => pick<unknown>([pick(numbers), pick(texts), null, true, false, undefined]);
    const list = () => Array.from({ length: pick([0, 1, 2, 10, 11, 20, 21]) }, () => (rand() < 0.9 ? pick<unknown>([pick(numbers), pick(texts)]) : scalar()));
    const field = () => (rand() < 0.6 ? scalar() : rand() < 0.9 ? list() : { a: scalar() });
    const seen = new Set<string>();
    const count = { both: 0, neither: 0, 'schema only': 0 };
    for (let i = 0; i < 20_000; i++) {
      const p: Record<string, unknown> = {};
      if (rand() < 0.95) p.questionId = rand() < 0.8 ? pick(['q1', 'q99', long(32), 'Q-7']) : field();
      if (rand() < 0.95) p.value = field();
      if (rand() < 0.95) p.rev = rand() < 0.8 ? 1 + Math.floor(rand() * 1e6) : field();
      if (rand() < 0.03) p[pick(['extra', 'questionid', '__proto__'])] = scalar();
      seen.add(JSON.stringify(p, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : Object.is(v, -0) ? '-0' : v)));
      count[agree(`random payload ${i}`, p)]++;
    }
    // Both outcomes are common, so the agreement is tested on both sides; many payloads are distinct.
    expect(count.both).toBeGreaterThan(1_000);
    expect(count.neither).toBeGreaterThan(1_000);
    expect(seen.size).toBeGreaterThan(5_000);
  });
});
