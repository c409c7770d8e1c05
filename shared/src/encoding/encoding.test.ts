import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, isBase64, randomBytes, toBase64, toHex } from './bytes';
import { importRegistrationsSchema } from '../events/organiser';
import { fromBase32, toBase32 } from './base32';
import { Utf8Store, assertNoFloats, canonicalPieces, canonicalize, canonicalizeBySorting, canonicalizeIntegers } from './canonical';
import { objectHashInPieces } from '../crypto/hash';
import { objectHash, signingBytes } from '../crypto/hash';

describe('byte encodings', () => {
  it('round-trips base64, hex and base32 on random lengths', () => {
    for (let n = 0; n < 70; n++) {
      const b = randomBytes(n);
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromHex(toHex(b))).toEqual(b);
      expect(fromBase32(toBase32(b), n)).toEqual(b);
    }
    expect(() => fromBase64('abc')).toThrow();
    expect(() => fromBase64('ab=c')).toThrow();
    expect(() => fromHex('abc')).toThrow();
  });
  it('agree with Node\'s own base64 and hex on every length up to 300 and on a paper-sized text', () => {
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 102_406]) {
      const b = new Uint8Array(nodeRandomBytes(n));
      const b64 = Buffer.from(b).toString('base64');
      expect(toBase64(b)).toBe(b64);
      expect(Buffer.from(fromBase64(b64)).equals(Buffer.from(b))).toBe(true);
      const hex = Buffer.from(b).toString('hex');
      expect(toHex(b)).toBe(hex);
      expect(Buffer.from(fromHex(hex.toUpperCase())).equals(Buffer.from(b))).toBe(true);
    }
  });
  it('refuse every text that is not the one canonical form, naming which rule it breaks', () => {
    const notBase64 = ['A', 'AB=', 'ab=c', 'A===', '====', 'AAA=AAAA', 'AA A', 'AA-_', 'AAé=', 'AA\u0000=', 'AAAA\n'];
    for (const t of notBase64) expect(() => fromBase64(t), t).toThrow(/^not a base64 string$/);
    // Leftover bits that are not zero: Node would decode these to the same bytes as AA== and AAA=.
    for (const t of ['AB==', 'AP==', 'AAB=', 'AAD=']) expect(() => fromBase64(t), t).toThrow(/^not a canonical base64 string$/);
    expect(fromBase64('AA==')).toEqual(new Uint8Array([0]));
    expect(fromBase64('')).toEqual(new Uint8Array(0));
    for (const t of ['a', 'zz', '0g', 'é0', ' 00', '0x']) expect(() => fromHex(t), t).toThrow(/^not a hex string$/);
  });
});

describe('signed objects', () => {
  it('carry no floats', () => {
    expect(() => assertNoFloats({ a: [1, { b: 0.5 }] })).toThrow(/\$\.a\[1\]\.b/);
    expect(() => signingBytes('receipt', { score: 86.5 })).toThrow();
    expect(() => assertNoFloats({ a: 8650, b: 'x', c: null, d: true })).not.toThrow();
  });
  it('are tagged with type and version, so equal content of two types hashes differently', () => {
    const bytes = signingBytes('receipt', { b: 1, a: '中' });
    expect(new TextDecoder().decode(bytes)).toBe('exam/v2/receipt\u0000{"a":"中","b":1}');
    expect(objectHash('receipt', { a: 1 })).not.toBe(objectHash('answers', { a: 1 }));
  });
  it('sort keys by UTF-16 code units, as RFC 8785 says', () => {
    expect(canonicalize({ '\u{1F600}': 1, '\uFB33': 2 })).toBe('{"\u{1F600}":1,"\uFB33":2}');
  });
});

describe('the canonical encoder\'s shortcut (JSON.stringify when keys are already in order)', () => {
  // A small seeded generator: the same 3,000 values on every run.
  let state = 20261130;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const KEYS = ['a', 'b', 'B', '', '0', '1', '9', '10', 'é', '\u{1F600}', '\uFB33', 'a\u0000b', '"q"', '__proto__', 'zz'];
  const LEAVES: unknown[] = [0, -0, 1, -7, 2 ** 53 - 1, 2 ** 53, 0.5, 1e21, NaN, Infinity, '', 'x', '中\n"\\', '\uD800', true, false, null, undefined];
  function value(depth: number, sorted: boolean): unknown {
    const r = random();
    if (depth > 3 || r < 0.4) return pick(LEAVES);
    if (r < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1, sorted));
    const keys = [...new Set(Array.from({ length: Math.floor(random() * 5) }, () => pick(KEYS)))];
    if (sorted) keys.sort();
    const o: Record<string, unknown> = random() < 0.1 ? Object.create(null) : {};
    for (const k of keys) Object.defineProperty(o, k, { value: value(depth + 1, sorted), enumerable: true, writable: true, configurable: true });
    return random() < 0.03 ? new Date(0) : o;
  }
  const outcome = (f: () => string) => {
    try {
      return f();
    } catch (err) {
      return `threw ${(err as Error).message}`;
    }
  };
  it('gives the same text, or the same refusal, as sorting every object on 3,000 seeded values', () => {
    const seen = new Set<string>();
    let shortcut = 0;
    let sorting = 0;
    for (let i = 0; i < 3000; i++) {
      const v = value(0, i % 2 === 0);
      for (const integers of [false, true]) {
        const expected = outcome(() => canonicalizeBySorting(v, integers));
        expect(outcome(() => (integers ? canonicalizeIntegers(v) : canonicalize(v))), `${i} ${integers}`).toBe(expected);
        if (!expected.startsWith('threw')) JSON.stringify(v) === expected ? shortcut++ : sorting++;
        seen.add(`${integers}${expected}`);
      }
    }
    // Both ways are exercised, over many distinct values.
    expect(shortcut).toBeGreaterThan(1000);
    expect(sorting).toBeGreaterThan(300);
    expect(seen.size).toBeGreaterThan(1000);
  });
  it('gives the same text piece by piece (and the same hash), with or without kept texts, on 3,000 seeded values', () => {
    let kept = 0;
    let deep = 0;
    const store = new Utf8Store();
    for (let i = 0; i < 3000; i++) {
      // Deep enough that some values are given whole below the pieces' depth.
      const v = i % 10 === 0 ? { a: [[[[[[value(0, true)]]]]]] } : value(0, i % 2 === 0);
      if (i % 10 === 0) deep++;
      // The same text, or a refusal (whose message names a path relative to the piece).
      const refusedOr = (t: string) => (t.startsWith('threw') ? 'threw' : t);
      const expected = refusedOr(outcome(() => canonicalizeIntegers(v)));
      const memo = new WeakMap<object, string | Uint8Array>();
      // Keep the texts of some members, as a verifier keeps its signed objects' (as text, or as UTF-8 in a store).
      const keep = (x: unknown): void => {
        if (x === null || typeof x !== 'object') return;
        const t = outcome(() => canonicalizeIntegers(x));
        if (!t.startsWith('threw') && random() < 0.3) {
          memo.set(x, random() < 0.5 ? t : store.keep(t));
          kept++;
        }
        for (const y of Object.values(x)) keep(y);
      };
      keep(v);
      for (const m of [undefined, memo]) {
        const pieces: string[] = [];
        expect(refusedOr(outcome(() => (canonicalPieces(v, (p) => pieces.push(typeof p === 'string' ? p : new TextDecoder().decode(p)), m), pieces.join('')))), `${i}`).toBe(expected);
        if (!expected.startsWith('threw')) expect(objectHashInPieces('checkpoint', v, m)).toBe(objectHash('checkpoint', v));
      }
    }
    expect(kept).toBeGreaterThan(1000);
    expect(deep).toBe(300);
  });
  it('keeps UTF-8 texts across many buffers, each read back as it was given', () => {
    const store = new Utf8Store();
    const texts = Array.from({ length: 3000 }, (_, i) => `{"n":${i},"t":"${'中文 abc 😀'.repeat(i % 400)}"}`);
    const kept = texts.map((t) => store.keep(t));
    expect(new Set(kept.map((k) => k.buffer)).size).toBeGreaterThan(1);
    expect(kept.filter((k, i) => new TextDecoder().decode(k) !== texts[i]).length).toBe(0);
  });
  it('never takes the shortcut for what JSON.stringify would write differently', () => {
    expect(canonicalize({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(canonicalize({ 10: 'x', 9: 'y' })).toBe('{"10":"x","9":"y"}'); // integer keys enumerate numerically
    expect(canonicalize({ a: new Date(0) })).toBe('{"a":{}}'); // no toJSON
    expect(() => canonicalize({ a: NaN })).toThrow(/NaN/);
    expect(() => canonicalize({ a: () => 1 })).toThrow(/function/);
    expect(() => canonicalizeIntegers({ a: [1, 0.5] })).toThrow(/\$\.a\[1\]/);
    expect(canonicalize([undefined, 1])).toBe('[null,1]');
  });
});

describe('base64 in requests', () => {
  it('takes only what fromBase64 decodes: a file whose text is not canonical base64 is a bad request, not an error inside the server', () => {
    const file = (contentBase64: string) => importRegistrationsSchema.safeParse({ selectionId: 'sel-x', fileName: 'a.csv', contentBase64 }).success;
    // Found by the fuzzer: `QQ` (unpadded) passed the old pattern and threw in the handler.
    expect(['QQ==', 'QUI=', 'QUJD', ''].map(file)).toEqual([true, true, true, true]);
    expect(['QQ', 'Q', 'QR==', 'QUJ=', 'QU I=', '===='].map(file)).toEqual([false, false, false, false, false, false]);
    expect(['QR==', 'QUJ='].map(isBase64)).toEqual([false, false]);
  });
});
