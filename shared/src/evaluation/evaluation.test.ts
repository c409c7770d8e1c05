import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CROCKFORD } from '../encoding/base32';
import { toBase64 } from '../encoding/bytes';
import { BALLOT_CODE_CHARS, ballotKeyPair, ballotKeysHash, decodeBallotCode, encodeBallotCode, newBallotCard } from './codes';
import { DEFAULT_RULES, PRESET_GROUPS, evaluationSettingsSchema, type EvaluationSettings } from './settings';
import { areRatings, ballotProblems, ballotSchema, ballotText, ballotTracker, ratingsSchema, type Ballot } from './ballot';
import { canonicalizeBySorting, canonicalizeIntegers } from '../encoding/canonical';
import { sha256, signingBytes } from '../crypto/hash';
import { toBase32 } from '../encoding/base32';
import { countEvaluation } from './count';

const bytes = (seed: number) => Uint8Array.from({ length: 15 }, (_, i) => (seed * 31 + i * 7) & 255);

describe('ballot codes', () => {
  it('reads back what it prints, forgiving case, spaces and the letters people mistake for digits', () => {
    const code = encodeBallotCode(bytes(1));
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){4}$/);
    expect(code.replace(/-/g, '').length).toBe(BALLOT_CODE_CHARS);
    const back = decodeBallotCode(code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l'));
    expect(back.ok && [...back.payload]).toEqual([...bytes(1)]);
    expect(decodeBallotCode(code.slice(0, -2))).toMatchObject({ ok: false, problem: 'ballot-code-malformed' });
    expect(decodeBallotCode(`${code}U`)).toMatchObject({ ok: false, problem: 'ballot-code-malformed' });
  });

  it('catches every single mistyped character: 25 places × 31 wrong characters, each a distinct code', () => {
    const code = encodeBallotCode(bytes(2)).replace(/-/g, '');
    const tried = new Set<string>();
    for (let i = 0; i < code.length; i++) {
      for (const c of CROCKFORD) {
        if (c === code[i]) continue;
        const typo = code.slice(0, i) + c + code.slice(i + 1);
        tried.add(typo);
        const r = decodeBallotCode(typo);
        expect(r.ok, typo).toBe(false);
      }
    }
    expect(tried.size).toBe(25 * 31);
  });

  it('catches nearly every swap of two neighbouring characters (Luhn mod 32 misses only the pair 0 and Z)', () => {
    const wrong: string[] = [];
    let swaps = 0;
    for (let seed = 0; seed < 40; seed++) {
      const code = encodeBallotCode(bytes(seed)).replace(/-/g, '');
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        swaps++;
        const missable = new Set([code[i], code[i + 1]]).size === 2 && [code[i], code[i + 1]].every((c) => c === '0' || c === 'Z');
        if (decodeBallotCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)).ok !== missable) wrong.push(`${code} @${i}`);
      }
    }
    expect(swaps).toBeGreaterThan(900);
    expect(wrong).toEqual([]);
  });

  it('derives one key pair per code, and commits to a group’s keys whatever their order', () => {
    const a = ballotKeyPair(bytes(3));
    expect(toBase64(ballotKeyPair(bytes(3)).publicKey)).toBe(toBase64(a.publicKey));
    expect(toBase64(ballotKeyPair(bytes(4)).publicKey)).not.toBe(toBase64(a.publicKey));
    let n = 0;
    const cards = Array.from({ length: 6 }, () => newBallotCard((len) => Uint8Array.from({ length: len }, () => (n += 37) & 255)));
    const keys = cards.map((c) => c.publicKey);
    expect(new Set(keys).size).toBe(6);
    expect(ballotKeysHash('ev-1', 'leaders', keys)).toBe(ballotKeysHash('ev-1', 'leaders', [...keys].reverse()));
    expect(ballotKeysHash('ev-1', 'leaders', keys)).not.toBe(ballotKeysHash('ev-1', 'managers', keys));
    expect(ballotKeysHash('ev-1', 'leaders', keys.slice(1))).not.toBe(ballotKeysHash('ev-1', 'leaders', keys));
  });
});

const settings = (over: Partial<EvaluationSettings> = {}): EvaluationSettings =>
  evaluationSettingsSchema.parse({
    selectionId: 'sel',
    id: 'ev-1',
    title: '民主测评',
    candidates: [
      { ref: '20260001', name: '甲' },
      { ref: '20260002', name: '乙' },
    ],
    groups: [
      { id: 'leaders', name: '领导班子成员', weight: 30, entitled: 5 },
      { id: 'managers', name: '中层干部', weight: 30, entitled: 5 },
      { id: 'others', name: '其他干部职工', weight: 40, entitled: 10 },
    ],
    ...DEFAULT_RULES,
    dimensions: false,
    recommendation: [{ post: 'p1', title: '办公室副主任', seats: 1, candidates: ['20260001', '20260002'] }],
    ...over,
  });

describe('an evaluation’s settings', () => {
  it('takes the preset groups and the default rules, and refuses what cannot be counted fairly', () => {
    expect(PRESET_GROUPS.reduce((a, g) => a + g.weight, 0)).toBe(100);
    expect(settings().thresholdPercent).toBe(30);
    const refused = (over: Record<string, unknown>) => evaluationSettingsSchema.safeParse({ ...settings(), ...over }).error?.issues.map((i) => i.message).join(' | ');
    expect(refused({ groups: [{ id: 'few', name: '少', weight: 100, entitled: 4 }] })).toMatch(/>=5/);
    expect(refused({ groups: [{ id: 'a', name: 'A', weight: 60, entitled: 5 }, { id: 'b', name: 'B', weight: 30, entitled: 5 }] })).toBe('the groups’ weights must add up to 100');
    expect(refused({ dissatisfied: ['awful'] })).toBe('awful is not a rating of the scale');
    expect(refused({ approval: ['competent', 'incompetent'] })).toBe('a rating cannot count both as approval and as dissatisfied');
    expect(refused({ recommendation: [{ post: 'p1', title: 'x', seats: 1, candidates: ['20269999'] }] })).toBe('post p1 names someone who is not a candidate of the evaluation');
    expect(refused({ minTurnout: { num: 3, den: 2 } })).toBe('the minimum turnout is at most everyone entitled');
  });
});

const ballot = (group: string, a: string, b: string, mark: string[] = [], over: Partial<Ballot> = {}): Ballot => ({
  evaluationId: 'ev-1',
  group,
  key: 'A'.repeat(43) + '=',
  ratings: [
    { candidate: '20260001', overall: a },
    { candidate: '20260002', overall: b },
  ],
  recommend: [{ post: 'p1', marked: mark }],
  paper: false,
  ...over,
});

describe('a ballot against its form', () => {
  it('names each way a ballot does not fit, and nothing for one that does', () => {
    const s = settings();
    expect(ballotProblems(ballot('leaders', 'excellent', 'competent', ['20260001']), s)).toEqual([]);
    const faults: Array<[Ballot, RegExp]> = [
      [ballot('nobody', 'excellent', 'competent'), /no group nobody/],
      [ballot('leaders', 'superb', 'competent'), /superb is not a rating/],
      [{ ...ballot('leaders', 'excellent', 'competent'), ratings: [{ candidate: '20260002', overall: 'competent' }, { candidate: '20260001', overall: 'excellent' }] }, /in the list’s order/],
      [ballot('leaders', 'excellent', 'competent', ['20260001', '20260002']), /more than its 1 seats/],
      [{ ...ballot('leaders', 'excellent', 'competent'), ratings: [{ candidate: '20260001', overall: 'excellent', dimensions: { de: 'excellent', neng: 'excellent', qin: 'excellent', ji: 'excellent', lian: 'excellent' } }, { candidate: '20260002', overall: 'competent' }] }, /does not rate the five dimensions/],
      [{ ...ballot('leaders', 'excellent', 'competent'), recommend: [] }, /one entry per post/],
      [{ ...ballot('leaders', 'excellent', 'competent'), evaluationId: 'ev-2' }, /not ev-1/],
    ];
    for (const [b, expected] of faults) expect(ballotProblems(b, s).join(' | ')).toMatch(expected);
    expect(new Set(faults.map(([b]) => JSON.stringify(b))).size).toBe(faults.length);
  });

  it('has a tracker anyone computes from the ballot: the first 40 bits of its signing bytes’ hash, two groups of four', () => {
    const b = ballot('leaders', 'excellent', 'competent', ['20260001']);
    const t = ballotTracker(b);
    expect(t).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(t.replace('-', '')).toBe(toBase32(sha256(signingBytes('ballot', b))).slice(0, 8));
    // Any change to the ballot changes it; the same ballot gives the same tracker.
    expect(ballotTracker({ ...b, paper: true })).not.toBe(t);
    expect(ballotTracker(structuredClone(b))).toBe(t);
  });
});

describe('the count', () => {
  // The worked example of docs/protocol.md §24.
  const ballots = [
    ballot('leaders', 'excellent', 'incompetent', ['20260001']),
    ballot('leaders', 'excellent', 'incompetent', ['20260001']),
    ballot('leaders', 'competent', 'competent', ['20260002']),
    ballot('leaders', 'incompetent', 'competent'),
    ...['competent', 'competent', 'competent', 'basic', 'incompetent'].map((a, i) => ballot('managers', a, i === 0 ? 'incompetent' : 'competent', [i < 1 || i > 2 ? '20260001' : '20260002'])),
    ...['incompetent', 'incompetent', 'competent', 'competent', 'competent', 'competent'].map((a, i) => ballot('others', a, i < 2 ? 'incompetent' : 'excellent', ['20260002'])),
  ];

  it('gives the turnout, the raw and the group-weighted rates, exactly, rounded once', () => {
    const c = countEvaluation(settings(), ballots);
    expect([c.cast, c.entitled, c.turnoutBp, c.valid]).toEqual([15, 20, 7500, true]);
    expect(c.groups.map((g) => [g.group, g.cast, g.turnoutBp])).toEqual([
      ['leaders', 4, 8000],
      ['managers', 5, 10000],
      ['others', 6, 6000],
    ]);
    const a = c.candidates[0]!;
    expect(a.counts).toEqual({ excellent: 2, competent: 8, basic: 1, incompetent: 4 });
    // 4 / 15 = 26.666…% → 2667 bp; weighted 0.3 × 1/4 + 0.3 × 1/5 + 0.4 × 2/6 = 26.8333…% → 2683 bp.
    expect([a.rawBp['incompetent'], a.weightedBp['incompetent'], a.dissatisfiedBp, a.goesForward]).toEqual([2667, 2683, 2667, true]);
    // Approval (优秀 + 称职) 10 / 15; score 0.3 × 70 + 0.3 × 60 + 0.4 × 53.33… = 60.33… points.
    expect([a.approvalBp, a.score]).toEqual([6667, 6033]);
    // Recommendation for p1: 5 marks of 15; weighted 0.3 × 2/4 + 0.3 × 3/5 + 0.4 × 0/6 = 33%.
    expect(a.recommendation).toEqual([{ post: 'p1', marks: 5, byGroup: { leaders: 2, managers: 3, others: 0 }, rawBp: 3333, weightedBp: 3300 }]);
    const b = c.candidates[1]!;
    // 乙: 5 of 15 dissatisfied, 33.33% > 30%: does not go forward.
    expect([b.counts['incompetent'], b.dissatisfiedBp, b.goesForward]).toEqual([5, 3333, false]);
  });

  it('compares the threshold with the exact rate: exactly 30% goes forward, a hair above does not', () => {
    const s = settings({ groups: [{ id: 'all', name: '全体', weight: 100, entitled: 10 }] });
    const at = (n: number, of: number) => countEvaluation(s, Array.from({ length: of }, (_, i) => ballot('all', i < n ? 'incompetent' : 'competent', 'competent'))).candidates[0]!;
    expect([at(3, 10).dissatisfiedBp, at(3, 10).goesForward]).toEqual([3000, true]);
    // 1000 ballots would be 30.0% at 300; 301 is 30.1%.
    const big = settings({ groups: [{ id: 'all', name: '全体', weight: 100, entitled: 1000 }] });
    const over = countEvaluation(big, Array.from({ length: 1000 }, (_, i) => ballot('all', i < 301 ? 'incompetent' : 'competent', 'competent'))).candidates[0]!;
    expect([over.dissatisfiedBp, over.goesForward]).toEqual([3010, false]);
  });

  it('renormalises the weights over the groups that voted, and says so; a low turnout makes it invalid', () => {
    const c = countEvaluation(settings(), ballots.filter((b) => b.group !== 'others'));
    expect(c.weightsBp).toEqual({ leaders: 5000, managers: 5000 });
    expect([c.cast, c.valid]).toEqual([9, false]); // 9 of 20 < two thirds
    expect(c.candidates[0]!.weightedBp['incompetent']).toBe(2250); // 0.5 × 1/4 + 0.5 × 1/5
    const weightedRule = countEvaluation(settings({ thresholdBasis: 'weighted' }), ballots).candidates[0]!;
    expect(weightedRule.dissatisfiedBp).toBe(2683);
  });

  it('is, for §24’s second worked example, the canonical JSON the document prints, member for member', () => {
    const s: EvaluationSettings = {
      selectionId: 'sel-1',
      id: 'ev-1',
      title: 'Worked example',
      candidates: [
        { ref: 'A01', name: '甲' },
        { ref: 'B02', name: '乙' },
      ],
      groups: [
        { id: 'g1', name: 'G1', weight: 30, entitled: 5 },
        { id: 'g2', name: 'G2', weight: 30, entitled: 5 },
        { id: 'g3', name: 'G3', weight: 40, entitled: 5 },
      ],
      scale: [
        { id: 'excellent', zh: '优秀', en: 'excellent', points: 100 },
        { id: 'competent', zh: '称职', en: 'competent', points: 80 },
        { id: 'basic', zh: '基本称职', en: 'basic', points: 60 },
        { id: 'incompetent', zh: '不称职', en: 'incompetent', points: 0 },
      ],
      dimensions: true,
      recommendation: [
        { post: 'p1', title: 'P1', seats: 1, candidates: ['A01', 'B02'] },
        { post: 'p2', title: 'P2', seats: 1, candidates: ['B02'] },
      ],
      dissatisfied: ['incompetent'],
      approval: ['excellent', 'competent'],
      thresholdPercent: 30,
      thresholdBasis: 'raw',
      minTurnout: { num: 1, den: 3 },
      tracker: false,
    };
    const dims = (o: string, de = o) => ({ de, neng: o, qin: o, ji: o, lian: o });
    const cast = (group: string, a: string, b: string, p1: string[], p2: string[], paper = false, aDe = a): Ballot => ({
      evaluationId: 'ev-1',
      group,
      key: `k-${group}-${a}-${b}`,
      paper,
      ratings: [
        { candidate: 'A01', overall: a, dimensions: dims(a, aDe) },
        { candidate: 'B02', overall: b, dimensions: dims(b) },
      ],
      recommend: [
        { post: 'p1', marked: p1 },
        { post: 'p2', marked: p2 },
      ],
    });
    const board = [
      cast('g1', 'excellent', 'competent', ['A01'], ['B02'], false, 'competent'),
      cast('g1', 'competent', 'incompetent', ['A01'], []),
      cast('g1', 'incompetent', 'basic', ['B02'], ['B02']),
      cast('g2', 'basic', 'incompetent', ['A01'], []),
      cast('g2', 'competent', 'competent', [], ['B02'], true),
    ];
    for (const b of board) expect(ballotProblems(b, s)).toEqual([]);
    const text = canonicalizeIntegers(countEvaluation(s, board));
    // The document holds exactly this text, alone on its line in a json block.
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url)), 'utf8');
    const printed = [...doc.matchAll(/```json\n(\{"candidates".*\})\n```/g)].map((m) => m[1]);
    expect(printed).toEqual([text]);
    // And the figures the text around it names.
    const c = countEvaluation(s, [...board].reverse());
    expect(canonicalizeIntegers(c)).toBe(text); // the order of the ballots does not matter
    expect([c.valid, c.weightsBp, c.candidates[0]!.weightedBp['excellent'], c.candidates[0]!.weightedBp['competent'], c.candidates[0]!.score, c.candidates[1]!.goesForward]).toEqual([true, { g1: 5000, g2: 5000 }, 1667, 4167, 6500, false]);
  });
});

describe('the ratings of a board, checked by hand (areRatings) as the schema checks them', () => {
  // A seeded generator: valid ratings, then one of these changes, the same 4,000 cases on every run.
  let state = 20261130;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const ids = ['competent', 'excellent', 'basic', 'a-1', 'x'.repeat(40)];
  const refs = ['20260001', 'A-1', 'z'.repeat(32)];
  const dims = () => Object.fromEntries(['de', 'ji', 'lian', 'neng', 'qin'].map((d) => [d, pick(ids)]));
  const rating = (): Record<string, unknown> => (random() < 0.5 ? { candidate: pick(refs), overall: pick(ids) } : { candidate: pick(refs), dimensions: dims(), overall: pick(ids) });
  const CHANGES: Record<string, (rs: Array<Record<string, unknown>>) => unknown> = {
    none: (rs) => rs,
    'candidate empty': (rs) => ((rs[0]!.candidate = ''), rs),
    'candidate too long': (rs) => ((rs[0]!.candidate = 'z'.repeat(33)), rs),
    'candidate with a space': (rs) => ((rs[0]!.candidate = '2026 1'), rs),
    'candidate a number': (rs) => ((rs[0]!.candidate = 20260001), rs),
    'overall upper case': (rs) => ((rs[0]!.overall = 'Competent'), rs),
    'overall too long': (rs) => ((rs[0]!.overall = 'x'.repeat(41)), rs),
    'overall missing': (rs) => (delete rs[0]!.overall, rs),
    'candidate missing': (rs) => (delete rs[0]!.candidate, rs),
    'an extra member': (rs) => ((rs[0]!.note = 'x'), rs),
    'a __proto__ member': (rs) => JSON.parse(JSON.stringify(rs).replace('{"candidate"', '{"__proto__":{},"candidate"')),
    'dimensions undefined': (rs) => ((rs[0]!.dimensions = undefined), rs),
    'dimensions null': (rs) => ((rs[0]!.dimensions = null), rs),
    'dimensions an array': (rs) => ((rs[0]!.dimensions = ['competent']), rs),
    'a dimension missing': (rs) => ((rs[0]!.dimensions = { ...dims(), lian: undefined }), delete (rs[0]!.dimensions as Record<string, unknown>).lian, rs),
    'a dimension extra': (rs) => ((rs[0]!.dimensions = { ...dims(), zhi: 'competent' }), rs),
    'a dimension renamed': (rs) => {
      const { lian, ...rest } = dims();
      rs[0]!.dimensions = { ...rest, zhi: lian };
      return rs;
    },
    'a dimension not an id': (rs) => ((rs[0]!.dimensions = { ...dims(), de: 'Good' }), rs),
    'a rating null': (rs) => ((rs[0] = null as unknown as Record<string, unknown>), rs),
    'a rating an array': (rs) => ((rs[0] = [] as unknown as Record<string, unknown>), rs),
    '200 ratings': () => Array.from({ length: 200 }, rating),
    '201 ratings': () => Array.from({ length: 201 }, rating),
    'not an array': (rs) => ({ ...rs }),
    'empty': () => [],
  };
  it('gives the schema’s answer on 4,000 seeded cases of 24 kinds, both answers many times', () => {
    const kinds = new Set<string>();
    let held = 0;
    let refused = 0;
    for (let i = 0; i < 4000; i++) {
      const kind = pick(Object.keys(CHANGES));
      kinds.add(kind);
      const v = CHANGES[kind]!(Array.from({ length: 1 + Math.floor(random() * 5) }, rating));
      const schema = ratingsSchema.safeParse(v).success;
      expect(areRatings(v), `${i} ${kind}`).toBe(schema);
      schema ? held++ : refused++;
    }
    expect(kinds.size).toBe(24);
    expect(held).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(2000);
  });
});

describe('a ballot’s canonical text (ballotText), as the server encodes every ballot it takes', () => {
  // Members in a random order at every level, as a booth might send them: the text is the reference's.
  let state = 7;
  const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const shuffled = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(() => random() - 0.5));
  const recommends = [[], [{ post: 'p-1', marked: [] }], [{ post: 'p-1', marked: ['20260002'] }], [{ post: 'p-1', marked: ['20260002', '20260000'] }, { post: 'p-2', marked: ['20260004'] }]];
  const ballot = (dims: boolean, recommend: Array<{ post: string; marked: string[] }>, paper: boolean, candidates: number): Ballot =>
    shuffled({
      recommend: recommend.map((r) => shuffled(r)),
      ratings: Array.from({ length: candidates }, (_, i) =>
        shuffled({ overall: 'competent', candidate: `2026000${i}`, ...(dims ? { dimensions: shuffled({ qin: 'a', de: 'b', neng: 'c', lian: 'd', ji: 'e' }) } : {}) }),
      ),
      paper,
      key: 'A+/9'.repeat(10) + 'abc=',
      group: 'others',
      evaluationId: 'ev-1',
    }) as Ballot;
  it('is the reference canonical text, with and without 德能勤绩廉, recommendations and ratings, on paper or not', () => {
    const texts = new Set<string>();
    for (const dims of [true, false])
      for (const recommend of recommends)
        for (const paper of [false, true])
          for (const candidates of [0, 1, 5])
            for (let i = 0; i < 3; i++) {
              const b = ballot(dims, recommend, paper, candidates);
              const text = ballotText(b);
              expect(text).toBe(canonicalizeBySorting(b, true));
              // Nothing is lost or added: the schema reads the same ballot back.
              expect(ballotSchema.parse(JSON.parse(text))).toEqual(ballotSchema.parse(b));
              texts.add(text);
            }
    // Every combination gave a text of its own (dimensions without ratings say nothing: 2 × 4 × 2 × 3 less the 4 × 2 repeated).
    expect(texts.size).toBe(2 * 4 * 2 * 3 - 4 * 2);
  });
});
