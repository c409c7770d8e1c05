// Property tests of the composite-ranking rules (shared/src/ranking, docs/protocol.md §25): ties,
// rounding at exact halves, bars at their edges, a person on two posts (the result independent of
// the order of posts), vacancies and rounds. The documents' own figures are in
// shared/src/ranking/ranking.test.ts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composite, decisionProblems, deferredAcceptance, finalRankings, presetRules, rankPost, rankSelection, type RankingInput, type RankingRules } from '@exam/shared';

const RUNS = { numRuns: 300 };
const score = fc.integer({ min: 0, max: 10_000 });
const weights = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 4 });
const rulesFor = (n: number, over: Partial<RankingRules> = {}): RankingRules => {
  const base = presetRules('s', 'p', { written: 'w', interview: 'd', evaluation: 'e' });
  const components = Array.from({ length: n }, (_, i) => ({ kind: 'interview' as const, source: `d${i}`, weight: 1 + i }));
  return { ...base, components, tieBreak: components.map((_, i) => i), ...over };
};
/** A field of candidates with scores on `n` components (coarse, so that ties are common) and a vote rate in whole percent. */
const field = (n: number) =>
  fc.uniqueArray(
    fc.record({ no: fc.integer({ min: 1, max: 9999 }), scores: fc.array(fc.integer({ min: 0, max: 10 }).map((x) => x * 1000), { minLength: n, maxLength: n }), vote: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), dissatisfied: fc.boolean(), absent: fc.boolean() }),
    { selector: (c) => c.no, maxLength: 12 },
  );
const inputsOf = (cs: Array<{ no: number; scores: number[]; vote: number | null; dissatisfied: boolean; absent: boolean }>): RankingInput[] =>
  cs.map((c) => ({
    registrationId: `r-${c.no}`,
    admissionNo: String(c.no).padStart(4, '0'),
    values: c.scores.map((s, i) => (c.absent && i === 0 ? { missing: 'absent' as const } : { score: s })),
    dissatisfied: c.dissatisfied,
    vote: c.vote === null ? null : { n: BigInt(c.vote), d: 100n },
  }));

describe('the composite', () => {
  it('is the weighted mean rounded once to hundredths, an exact half away from zero', () => {
    fc.assert(
      fc.property(weights.chain((w) => fc.tuple(fc.constant(w), fc.array(score, { minLength: w.length, maxLength: w.length }))), ([w, s]) => {
        const comps = w.map((weight, i) => ({ kind: 'interview' as const, source: `d${i}`, weight }));
        const r = BigInt(composite(comps, s));
        const W = BigInt(w.reduce((a, b) => a + b, 0));
        const sum = w.reduce((a, x, i) => a + BigInt(x) * BigInt(s[i]!), 0n);
        const off = 2n * (r * W - sum); // twice the rounding error, times W
        expect(off <= W && off >= -W).toBe(true);
        if (off === -W) throw new Error('an exact half was rounded down');
        expect(Number(r)).toBeGreaterThanOrEqual(Math.min(...s));
        expect(Number(r)).toBeLessThanOrEqual(Math.max(...s));
      }),
      RUNS,
    );
  });
  it('meets exact halves: weights 1 : 1 and components one hundredth apart', () => {
    const comps = [1, 1].map((weight, i) => ({ kind: 'interview' as const, source: `d${i}`, weight }));
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), (a) => {
        seen.add(String(a));
        expect(composite(comps, [a, a + 1])).toBe(a + 1);
      }),
      RUNS,
    );
    expect(seen.size).toBeGreaterThan(100);
  });
});

describe('one post’s ranking', () => {
  const cases = fc.record({ n: fc.integer({ min: 1, max: 3 }), seats: fc.integer({ min: 1, max: 3 }), ties: fc.constantFrom('all' as const, 'tie-break' as const), perSeat: fc.integer({ min: 1, max: 3 }) }).chain((c) => fc.tuple(fc.constant(c), field(c.n), fc.integer()));

  it('does not depend on the order the candidates come in', () => {
    fc.assert(
      fc.property(cases, ([c, cs, seed]) => {
        const rules = rulesFor(c.n, { ties: c.ties, shortlist: { oneSeat: 3, perSeat: c.perSeat } });
        const a = rankPost(rules, c.seats, inputsOf(cs));
        const shuffled = [...cs].sort((x, y) => ((x.no * 7919 + seed) % 101) - ((y.no * 7919 + seed) % 101));
        expect(rankPost(rules, c.seats, inputsOf(shuffled))).toEqual(a);
      }),
      RUNS,
    );
  });

  it('keeps the rules in order: out before the field, bars before the shortlist, the best before the rest, the limit but for ties', () => {
    fc.assert(
      fc.property(cases, ([c, cs]) => {
        const rules = rulesFor(c.n, { ties: c.ties, shortlist: { oneSeat: 3, perSeat: c.perSeat } });
        const r = rankPost(rules, c.seats, inputsOf(cs));
        const by = new Map(cs.map((x) => [`r-${x.no}`, x]));
        expect(r.fieldSize).toBe(cs.filter((x) => !x.absent && !x.dissatisfied).length);
        for (const row of r.rows) {
          const x = by.get(row.registrationId)!;
          if (x.absent) expect(row.outcome).toBe('missing');
          else if (x.dissatisfied) expect(row.outcome).toBe('dissatisfied');
          else if (r.voteBar !== null && (x.vote === null || x.vote * 100 < r.voteBar)) expect(row.outcome).toBe('below-vote-bar');
          else if (row.composite! < r.compositeBar!) expect(row.outcome).toBe('below-composite-bar');
          else expect(['shortlisted', 'not-shortlisted']).toContain(row.outcome);
        }
        const short = r.rows.filter((x) => x.outcome === 'shortlisted');
        const passed = r.rows.filter((x) => x.outcome === 'not-shortlisted');
        for (const s of short) for (const p of passed) expect(s.composite!).toBeGreaterThanOrEqual(p.composite!);
        if (short.length > r.limit) {
          // Only a tie at the cut-off takes more than the limit; with the tie-break, only one it cannot break.
          const edge = Math.min(...short.map((x) => x.composite!));
          expect(short.filter((x) => x.composite! > edge).length).toBeLessThan(r.limit);
          if (c.ties === 'tie-break') {
            const last = short.filter((x) => x.composite === edge);
            const keys = new Set(last.map((x) => x.scores.join()));
            expect(keys.size).toBeLessThan(last.length);
          }
        }
        if (passed.length > 0) expect(short.length).toBeGreaterThanOrEqual(r.limit);
        expect(r.vacancies?.seats ?? 0).toBe(Math.max(c.seats - short.length, 0));
        expect(r.shortlist).toEqual(short.map((x) => x.registrationId));
      }),
      RUNS,
    );
  });

  it('holds the vote-rate bar at its edge: exactly the bar passes, the least below fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), (size, k) => {
        const rules = rulesFor(1, { compositeBars: null });
        const bar = [6000, 5000, 4000][Math.min(size, 3) - 1]!;
        const at = (n: bigint, d: bigint, no: number): RankingInput => ({ registrationId: `r-${no}`, admissionNo: String(no), values: [{ score: 5000 }], dissatisfied: false, vote: { n, d } });
        const d = 10_000n * BigInt(k);
        const cs = Array.from({ length: size }, (_, i) => at(BigInt(bar) * BigInt(k) - (i === 0 ? 1n : 0n), d, i + 1));
        const r = rankPost(rules, 5, cs);
        expect(r.voteBar).toBe(bar);
        expect(r.rows.find((x) => x.admissionNo === '1')!.outcome).toBe('below-vote-bar');
        expect(r.rows.filter((x) => x.admissionNo !== '1').every((x) => x.outcome === 'shortlisted')).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('two posts at the decision', () => {
  const market = fc
    .record({ posts: fc.integer({ min: 1, max: 5 }), people: fc.integer({ min: 1, max: 10 }) })
    .chain(({ posts, people }) =>
      fc.record({
        seats: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: posts, maxLength: posts }),
        // each post's order: a subset of the people, shuffled
        orders: fc.array(fc.shuffledSubarray(Array.from({ length: people }, (_, i) => `p${i}`)), { minLength: posts, maxLength: posts }),
        // each person's preference: at most two posts
        prefs: fc.array(fc.shuffledSubarray(Array.from({ length: posts }, (_, i) => `post${i}`), { maxLength: Math.min(2, posts) }), { minLength: people, maxLength: people }),
        perm: fc.array(fc.nat(), { minLength: posts, maxLength: posts }),
      }),
    );

  it('gives a stable matching, the same whatever order the posts are taken in', () => {
    fc.assert(
      fc.property(market, (m) => {
        const posts = m.seats.map((s, i) => ({ post: `post${i}`, seats: s, order: m.orders[i]! }));
        const pref = (r: string) => m.prefs[Number(r.slice(1))] ?? [];
        const result = deferredAcceptance(posts, pref);
        const permuted = posts.map((p, i) => ({ p, k: m.perm[i]! })).sort((a, b) => a.k - b.k).map((x) => x.p);
        const again = deferredAcceptance(permuted, pref);
        expect(Object.fromEntries(again.appointed)).toEqual(Object.fromEntries(result.appointed));
        const assigned = new Map([...result.appointed].flatMap(([post, rs]) => rs.map((r) => [r, post] as const)));
        for (const p of posts) {
          const held = result.appointed.get(p.post)!;
          expect(held.length).toBeLessThanOrEqual(p.seats);
          for (const r of held) expect(p.order).toContain(r);
          // No blocking pair: a person who prefers this post to their own is ranked below everyone it holds, and it is full.
          for (const r of p.order) {
            const list = pref(r).filter((x) => posts.find((y) => y.post === x)!.order.includes(r));
            const mine = assigned.get(r);
            const prefers = list.indexOf(p.post) !== -1 && (mine === undefined || list.indexOf(p.post) < list.indexOf(mine));
            if (!prefers || mine === p.post) continue;
            expect(held.length).toBe(p.seats);
            for (const h of held) expect(p.order.indexOf(h)).toBeLessThan(p.order.indexOf(r));
          }
        }
      }),
      RUNS,
    );
  });
});

describe('rounds', () => {
  it('ranks the previous round’s shortlist again, and only once that round is complete', () => {
    fc.assert(
      fc.property(field(1), (cs) => {
        const round1 = rulesFor(1);
        const round2 = { ...rulesFor(2), round: 2, components: [round1.components[0]!, { kind: 'interview' as const, source: 'second', weight: 1 }], tieBreak: [] };
        const people = inputsOf(cs.map((c) => ({ ...c, absent: false, dissatisfied: false })));
        const results = new Map(people.map((p) => [p.admissionNo, (p.values[0] as { score: number }).score]));
        const ranking = rankSelection(
          { posts: [{ id: 'p', seats: 1 }], competitors: new Map(people.map((p) => [p.registrationId, ['p']])), admissions: new Map(people.map((p) => [p.registrationId, p.admissionNo])), rules: [round2, round1] },
          { written: new Map(), interview: new Map([['d0', { max: 10_000, results }], ['second', { max: 10_000, results }]]), evaluations: new Map() },
        );
        expect(ranking.map((r) => r.round)).toEqual([1, 2]);
        expect(ranking[1]!.rows.map((r) => r.registrationId).sort()).toEqual([...ranking[0]!.shortlist].sort());
      }),
      RUNS,
    );
  });

  it('ranks no later round while the one before it is incomplete, so the committee cannot decide on an empty one', () => {
    fc.assert(
      fc.property(field(1), fc.nat(), (cs, pick) => {
        fc.pre(cs.length > 0);
        const round1 = rulesFor(1);
        const round2 = { ...rulesFor(2), round: 2, components: [round1.components[0]!, { kind: 'interview' as const, source: 'second', weight: 1 }], tieBreak: [] };
        const people = inputsOf(cs.map((c) => ({ ...c, absent: false, dissatisfied: false })));
        // One candidate's round-1 interview is not scored yet.
        const unscored = people[pick % people.length]!.admissionNo;
        const results = new Map(people.filter((p) => p.admissionNo !== unscored).map((p) => [p.admissionNo, (p.values[0] as { score: number }).score]));
        const rankings = rankSelection(
          { posts: [{ id: 'p', seats: 1 }], competitors: new Map(people.map((p) => [p.registrationId, ['p']])), admissions: new Map(people.map((p) => [p.registrationId, p.admissionNo])), rules: [round2, round1] },
          { written: new Map(), interview: new Map([['d0', { max: 10_000, results }], ['second', { max: 10_000, results }]]), evaluations: new Map() },
        );
        expect(rankings.map((r) => [r.round, r.complete])).toEqual([[1, false]]);
        // The final ranking is round 1's, incomplete: any decision on the post is refused for it.
        const finals = finalRankings(rankings);
        expect(decisionProblems({ selectionId: 's', meeting: 'm', posts: [{ post: 'p', proposed: [], notProposed: [] }], probationMonths: 12 }, finals)).toContain('the ranking of p is not complete');
      }),
      RUNS,
    );
  });
});
