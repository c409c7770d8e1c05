import { describe, expect, it } from 'vitest';
import { composite, outOf100, reachesBp } from './composite';
import { deferredAcceptance } from './matching';
import { appointmentsOf, decisionProblems, type LoggedDecision } from './decision';
import { presetRules, rankingRulesSchema, type RankingRules } from './rules';
import { rankPost, type PostRanking, type RankingInput } from './shortlist';

/** A candidate with the given component scores (hundredths out of 100) and, optionally, a vote rate n/d. */
const cand = (no: string, scores: number[], vote: [number, number] | null = null, dissatisfied = false): RankingInput => ({
  registrationId: `r-${no}`,
  admissionNo: no,
  values: scores.map((s) => ({ score: s })),
  dissatisfied,
  vote: vote ? { n: BigInt(vote[0]), d: BigInt(vote[1]) } : null,
});
const rules = (over: Partial<RankingRules> = {}): RankingRules => ({ ...presetRules('s', 'p', { written: 'w', interview: 'd', evaluation: 'e' }), ...over });

describe('component and composite scores', () => {
  it('puts a component out of 100 and rounds once, half away from zero', () => {
    expect(outOf100(8650, 10_000)).toBe(8650);
    expect(outOf100(13_000, 15_000)).toBe(8667); // 86.666…
    expect(outOf100(1, 40_000)).toBe(0); // 0.0025 → 0.00
    expect(outOf100(1, 20_000)).toBe(1); // 0.005 → 0.01: a half goes up
  });
  it('weights 3 : 3 : 4 as 30 : 30 : 40 and rounds the composite once from the published components', () => {
    const c = presetRules('s', 'p', { written: 'w', interview: 'd', evaluation: 'e' }).components;
    expect(c.map((x) => x.weight)).toEqual([3, 3, 4]);
    // 0.3 × 80.01 + 0.3 × 70.00 + 0.4 × 75.00 = 75.003 → 75.00
    expect(composite(c, [8001, 7000, 7500])).toBe(7500);
    // 0.3 × 80.05 + 0.3 × 70.00 + 0.4 × 75.00 = 75.015 → 75.02 (an exact half, away from zero)
    expect(composite(c, [8005, 7000, 7500])).toBe(7502);
    const tens = c.map((x) => ({ ...x, weight: x.weight * 10 }));
    expect(composite(tens, [8005, 7000, 7500])).toBe(7502);
  });
  it('compares a rate with a bar exactly', () => {
    expect(reachesBp({ n: 3n, d: 5n }, 6000)).toBe(true);
    expect(reachesBp({ n: 5999n, d: 10_000n }, 6000)).toBe(false);
    expect(reachesBp({ n: 599_995n, d: 1_000_000n }, 6000)).toBe(false); // shown as 60.00 %, still below
  });
});

describe('the rules, with the documents’ figures', () => {
  it('001: one candidate needs a 60 % vote rate; a post with nobody over the bar stays vacant', () => {
    const r = rankPost(rules(), 1, [cand('0001', [9000, 9000, 9000], [59, 100])]);
    expect([r.fieldSize, r.voteBar, r.voteBarApplies, r.rows[0]!.outcome]).toEqual([1, 6000, 'yes', 'below-vote-bar']);
    expect(r.vacancies).toEqual({ seats: 1, rule: 'bars' });
    const ok = rankPost(rules(), 1, [cand('0001', [9000, 9000, 9000], [60, 100])]);
    expect(ok.shortlist).toEqual(['r-0001']);
    expect(ok.vacancies).toBeNull();
  });
  it('001: two candidates need 50 %, three or more 40 %; the composite bars are 60 / 50 / 40 the same way', () => {
    const two = rankPost(rules(), 1, [cand('0001', [9000, 9000, 9000], [50, 100]), cand('0002', [9000, 9000, 4999], [49, 100])]);
    expect([two.voteBar, two.compositeBar]).toEqual([5000, 5000]);
    expect(two.rows.map((x) => [x.admissionNo, x.outcome])).toEqual([
      ['0001', 'shortlisted'],
      ['0002', 'below-vote-bar'],
    ]);
    const three = rankPost(rules(), 1, [cand('0001', [4000, 4000, 4000], [40, 100]), cand('0002', [3999, 4000, 4000], [40, 100]), cand('0003', [9000, 9000, 9000], [39, 100])]);
    expect([three.voteBar, three.compositeBar]).toEqual([4000, 4000]);
    expect(three.rows.map((x) => [x.admissionNo, x.composite, x.outcome])).toEqual([
      ['0003', 9000, 'below-vote-bar'],
      ['0001', 4000, 'shortlisted'],
      ['0002', 4000, 'shortlisted'], // 0.3 × 39.99 + 0.3 × 40 + 0.4 × 40 = 39.997 → 40.00: the bar compares the published composite
    ]);
  });
  it('says the vote bar does not apply where the evaluation had no recommendation for the post', () => {
    const r = rankPost(rules(), 1, [cand('0001', [7000, 7000, 7000])]);
    expect([r.voteBarApplies, r.voteBar, r.shortlist]).toEqual(['no-recommendation', null, ['r-0001']]);
  });
  it('002: with one seat, three or fewer all go forward, otherwise the top three', () => {
    const three = rankPost(rules(), 1, [cand('0001', [7000, 7000, 7000]), cand('0002', [6000, 6000, 6000]), cand('0003', [8000, 8000, 8000])]);
    expect(three.shortlist).toEqual(['r-0003', 'r-0001', 'r-0002']);
    const five = rankPost(rules(), 1, ['0001', '0002', '0003', '0004', '0005'].map((n, i) => cand(n, [9000 - i * 500, 8000, 8000])));
    expect(five.shortlist).toEqual(['r-0001', 'r-0002', 'r-0003']);
    expect(five.rows.slice(3).map((x) => x.outcome)).toEqual(['not-shortlisted', 'not-shortlisted']);
  });
  it('puts out a candidate missing a component or over the dissatisfaction threshold, before the field is counted', () => {
    const absent: RankingInput = { ...cand('0002', [9000, 9000, 9000]), values: [{ score: 9000 }, { missing: 'absent' }, { score: 9000 }] };
    const r = rankPost(rules(), 1, [cand('0001', [7000, 7000, 7000], [50, 100]), absent, cand('0003', [9900, 9900, 9900], [90, 100], true)]);
    expect(r.fieldSize).toBe(1);
    expect(r.rows.map((x) => [x.admissionNo, x.outcome])).toEqual([
      ['0003', 'dissatisfied'],
      ['0001', 'below-vote-bar'], // a field of one: 60 %
      ['0002', 'missing'],
    ]);
  });
  it('sends everyone tied at the cut-off forward, or orders them by the tie-break', () => {
    const field = [cand('0001', [9000, 9000, 9000]), cand('0002', [8000, 8000, 8000]), cand('0003', [7000, 8000, 8000]), cand('0004', [8000, 7000, 8000]), cand('0005', [6000, 6000, 6000])];
    // 0002 80.00; 0003 0.3×70+0.3×80+0.4×80 = 77.00; 0004 77.00 — make 0003 and 0004 tie at the cut-off (third place).
    expect(rankPost(rules(), 1, field).shortlist).toEqual(['r-0001', 'r-0002', 'r-0003', 'r-0004']);
    const broken = rankPost(rules({ ties: 'tie-break' }), 1, field);
    expect(broken.shortlist).toEqual(['r-0001', 'r-0002', 'r-0004']); // written first: 80 beats 70
    expect(broken.rows.find((x) => x.admissionNo === '0003')!.rank).toBe(3); // ranks stay competition ranks
    const still = rankPost(rules({ ties: 'tie-break', tieBreak: [2] }), 1, field); // evaluation alone: still tied, both go
    expect(still.shortlist).toEqual(['r-0001', 'r-0002', 'r-0003', 'r-0004']);
  });
  it('gives several seats seats × N reviewees and leaves unfilled seats vacant with the rule', () => {
    const r = rankPost(rules({ shortlist: { oneSeat: 3, perSeat: 2 } }), 2, ['0001', '0002', '0003', '0004', '0005'].map((n, i) => cand(n, [9000 - i * 100, 9000, 9000])));
    expect([r.limit, r.shortlist.length]).toEqual([4, 4]);
    const few = rankPost(rules(), 3, [cand('0001', [9000, 9000, 9000], [90, 100]), cand('0002', [9000, 9000, 9000], [10, 100])]);
    expect(few.vacancies).toEqual({ seats: 2, rule: 'too-few' });
    expect(rankPost(rules(), 2, []).vacancies).toEqual({ seats: 2, rule: 'no-field' });
  });
  it('has no shortlist while a component is still unknown', () => {
    const r = rankPost(rules(), 1, [cand('0001', [9000, 9000, 9000]), { ...cand('0002', [1, 1, 1]), values: [{ score: 9000 }, { pending: true }, { score: 9000 }] }]);
    expect([r.complete, r.shortlist, r.vacancies]).toEqual([false, [], null]);
  });
  it('refuses rules that cannot be applied', () => {
    const bad = rankingRulesSchema.safeParse({ ...rules(), compositeBars: [4000, 5000, 6000], tieBreak: [0, 4] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['compositeBars', 'tieBreak.1']);
  });
});

describe('two posts at the decision', () => {
  it('resolves a person proposed for both by their preference; the post they leave takes its next', () => {
    const posts = [
      { post: 'a', seats: 1, order: ['x', 'y'] },
      { post: 'b', seats: 1, order: ['x', 'z'] },
    ];
    const m = deferredAcceptance(posts, (r) => (r === 'x' ? ['b', 'a'] : r === 'y' ? ['a'] : ['b']));
    expect(Object.fromEntries(m.appointed)).toEqual({ a: ['y'], b: ['x'] });
    expect(m.unplaced).toEqual(['z']);
    const reversed = deferredAcceptance([...posts].reverse(), (r) => (r === 'x' ? ['b', 'a'] : r === 'y' ? ['a'] : ['b']));
    expect(Object.fromEntries(reversed.appointed)).toEqual({ a: ['y'], b: ['x'] });
  });
  it('leaves a seat vacant when its list runs out', () => {
    const m = deferredAcceptance([{ post: 'a', seats: 2, order: ['x'] }, { post: 'b', seats: 1, order: ['x'] }], () => ['b', 'a']);
    expect(Object.fromEntries(m.vacant)).toEqual({ a: 2, b: 0 });
  });
});

describe('the appointments a decision gives', () => {
  const ranking = (post: string, seats: number, shortlist: string[], vacancies: PostRanking['vacancies'] = null): PostRanking => ({
    post,
    round: 1,
    seats,
    complete: true,
    fieldSize: shortlist.length,
    compositeBar: null,
    voteBar: null,
    voteBarApplies: 'no-bars',
    limit: 3,
    rows: [],
    shortlist,
    vacancies,
  });
  const decision = (posts: LoggedDecision['posts']): LoggedDecision => ({ selectionId: 's', meeting: '党组会议', posts, probationMonths: 12 });

  it('names what is wrong with a decision against the final shortlists', () => {
    const finals = [ranking('a', 1, ['r-1', 'r-2']), ranking('b', 1, ['r-3'])];
    expect(decisionProblems(decision([{ post: 'a', proposed: ['r-1'], notProposed: ['r-2'] }, { post: 'b', proposed: ['r-3'], notProposed: [] }]), finals)).toEqual([]);
    expect(decisionProblems(decision([{ post: 'a', proposed: ['r-1', 'r-9'], notProposed: [] }]), finals)).toEqual(['r-9 is not on the shortlist of a', 'r-2, on the shortlist of a, is neither proposed nor given a reason', 'post b is not decided']);
    expect(decisionProblems(decision([{ post: 'a', proposed: ['r-1', 'r-1'], notProposed: ['r-2'] }, { post: 'b', proposed: ['r-3'], notProposed: [] }, { post: 'b', proposed: ['r-3'], notProposed: [] }]), finals)).toEqual(['post a names someone twice', 'post b is decided twice']);
    expect(decisionProblems(decision([{ post: 'a', proposed: ['r-1', 'r-2'], notProposed: [] }, { post: 'b', proposed: ['r-3'], notProposed: [] }]), [finals[0]!, { ...finals[1]!, complete: false }])).toEqual(['the ranking of b is not complete']);
  });

  it('says why a seat stays vacant: the ranking’s rule, too few proposed, or those proposed went to posts they preferred', () => {
    const finals = [ranking('a', 2, ['r-1'], { seats: 1, rule: 'too-few' }), ranking('b', 1, ['r-1', 'r-2']), ranking('c', 1, ['r-3'])];
    const prefs = (r: string) => (r === 'r-1' ? ['b', 'a'] : r === 'r-2' ? ['b'] : ['c']);
    // r-1 prefers b: a fills neither of its two seats — one left by the ranking (too few), the other by r-1's preference.
    const r = appointmentsOf(decision([{ post: 'a', proposed: ['r-1'], notProposed: [] }, { post: 'b', proposed: ['r-1', 'r-2'], notProposed: [] }, { post: 'c', proposed: [], notProposed: ['r-3'] }]), finals, prefs);
    expect(r.posts).toEqual([
      { post: 'a', seats: 2, appointed: [], vacancies: [{ seats: 1, rule: 'too-few' }, { seats: 1, rule: 'taken-elsewhere' }] },
      { post: 'b', seats: 1, appointed: ['r-1'], vacancies: [] },
      { post: 'c', seats: 1, appointed: [], vacancies: [{ seats: 1, rule: 'not-proposed' }] },
    ]);
    // Proposed for a alone, r-1 takes one of its seats; the other is the ranking's vacancy.
    const alone = appointmentsOf(decision([{ post: 'a', proposed: ['r-1'], notProposed: [] }, { post: 'b', proposed: ['r-2'], notProposed: ['r-1'] }, { post: 'c', proposed: ['r-3'], notProposed: [] }]), finals, prefs);
    expect(alone.posts.map((p) => [p.post, p.appointed, p.vacancies])).toEqual([
      ['a', ['r-1'], [{ seats: 1, rule: 'too-few' }]],
      ['b', ['r-2'], []],
      ['c', ['r-3'], []],
    ]);
  });
});
