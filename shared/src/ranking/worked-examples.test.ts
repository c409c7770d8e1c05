// The worked examples of docs/protocol.md §25 ("Worked examples" and "The appointments, exactly"),
// computed by the product's own functions: what the document prints is what they give.
import { describe, expect, it } from 'vitest';
import { appointmentsOf } from './decision';
import { composite } from './composite';
import { rankPost, type RankingInput } from './shortlist';
import type { RankingRules } from './rules';

const rate = (n: number, d: number) => ({ n: BigInt(n), d: BigInt(d) });
type Value = number | 'absent' | 'pending';
const values = (xs: Value[]) => xs.map((x) => (x === 'absent' ? { missing: 'absent' as const } : x === 'pending' ? { pending: true as const } : { score: x }));
const input = (admissionNo: string, xs: Value[], vote: ReturnType<typeof rate> | null, dissatisfied = false): RankingInput => ({ registrationId: `r-${admissionNo}`, admissionNo, values: values(xs), vote, dissatisfied });

const p1: RankingRules = {
  selectionId: 'sel-1',
  post: 'p1',
  round: 1,
  components: [
    { kind: 'written', source: 'paper-1', weight: 3 },
    { kind: 'interview', source: 'day-1', weight: 3 },
    { kind: 'evaluation', source: 'ev-1', weight: 4 },
  ],
  compositeBars: [6000, 5000, 4000],
  voteBars: [6000, 5000, 4000],
  voteBasis: 'weighted',
  shortlist: { oneSeat: 3, perSeat: 3 },
  ties: 'tie-break',
  tieBreak: [0, 1, 2],
};
/** Written only, weight 1, composite bars, no vote bars: "Other shapes". */
const writtenOnly: RankingRules = { ...p1, post: 'p2', components: [{ kind: 'written', source: 'paper-1', weight: 1 }], voteBars: null, ties: 'all', tieBreak: [] };

describe('§25’s worked examples', () => {
  it('rounds the composite from the rounded components: 3 : 3 : 4 over 8005, 7000, 6000 is 6901.5 → 6902', () => {
    expect(composite(p1.components, [8005, 7000, 6000])).toBe(6902);
  });

  it('ranks post p1 as the table says, row for row', () => {
    const r = rankPost(p1, 1, [
      input('A05', [8005, 7000, 6000], rate(7, 12)),
      input('A04', [8000, 7005, 6000], rate(1, 2)),
      input('A01', [9000, 9000, 9000], rate(2, 3)),
      input('A03', [8002, 7003, 6000], rate(2, 5)),
      input('A02', [7000, 'absent', 5000], rate(1, 1), true),
      input('A06', [9500, 9500, 9500], rate(1, 1), true),
      input('A07', [8000, 8000, 8000], rate(1, 3)),
      input('A08', [3900, 3900, 3900], rate(1, 1)),
      input('A09', [5000, 5000, 5000], null),
    ]);
    expect(r.rows.map((x) => [x.admissionNo, x.scores.join(' '), x.missing, x.composite, x.rank, x.voteBp, x.outcome])).toEqual([
      ['A06', '9500 9500 9500', [], 9500, null, 10000, 'dissatisfied'],
      ['A01', '9000 9000 9000', [], 9000, 1, 6667, 'shortlisted'],
      ['A07', '8000 8000 8000', [], 8000, 2, 3333, 'below-vote-bar'],
      ['A03', '8002 7003 6000', [], 6902, 3, 4000, 'shortlisted'],
      ['A04', '8000 7005 6000', [], 6902, 3, 5000, 'not-shortlisted'],
      ['A05', '8005 7000 6000', [], 6902, 3, 5833, 'shortlisted'],
      ['A09', '5000 5000 5000', [], 5000, 6, null, 'below-vote-bar'],
      ['A08', '3900 3900 3900', [], 3900, 7, 10000, 'below-composite-bar'],
      ['A02', '7000  5000', [1], null, null, 10000, 'missing'],
    ]);
    expect([r.complete, r.fieldSize, r.compositeBar, r.voteBar, r.voteBarApplies, r.limit, r.shortlist, r.vacancies]).toEqual([true, 7, 4000, 4000, 'yes', 3, ['r-A01', 'r-A03', 'r-A05'], null]);
  });

  it('gives the other shapes the text lists', () => {
    const tooFew = rankPost(writtenOnly, 2, [input('D1', [8000], rate(1, 2)), input('D2', ['absent'], null)]);
    expect([tooFew.fieldSize, tooFew.compositeBar, tooFew.voteBarApplies, tooFew.rows.map((x) => [x.admissionNo, x.voteBp, x.outcome]), tooFew.vacancies]).toEqual([
      1,
      6000,
      'no-bars',
      [
        ['D1', null, 'shortlisted'],
        ['D2', null, 'missing'],
      ],
      { seats: 1, rule: 'too-few' },
    ]);
    const bars = rankPost(writtenOnly, 2, [input('D1', [5500], null)]);
    expect([bars.rows[0]!.outcome, bars.vacancies]).toEqual(['below-composite-bar', { seats: 2, rule: 'bars' }]);
    const noField = rankPost(writtenOnly, 2, [input('D2', ['absent'], null)]);
    expect([noField.fieldSize, noField.compositeBar, noField.vacancies]).toEqual([0, 6000, { seats: 2, rule: 'no-field' }]);
    const incomplete = rankPost(writtenOnly, 2, [input('D1', [8000], null), input('D3', ['pending'], null), input('D4', [7000], null, true)]);
    expect([incomplete.complete, incomplete.rows.map((x) => [x.admissionNo, x.rank, x.composite, x.outcome]), incomplete.shortlist, incomplete.vacancies, incomplete.fieldSize, incomplete.compositeBar]).toEqual([
      false,
      [
        ['D1', 1, 8000, 'not-shortlisted'],
        ['D4', null, 7000, 'dissatisfied'],
        ['D3', null, null, 'not-shortlisted'],
      ],
      [],
      null,
      2,
      5000,
    ]);
    const noRecommendation = rankPost({ ...writtenOnly, voteBars: [6000, 5000, 4000] }, 1, [input('D1', [8000], null)]);
    expect([noRecommendation.voteBarApplies, noRecommendation.voteBar]).toEqual(['no-recommendation', null]);
    const ties = rankPost({ ...writtenOnly, shortlist: { oneSeat: 1, perSeat: 1 } }, 1, [input('E2', [8000], null), input('E1', [8000], null), input('E3', [7000], null)]);
    expect(ties.shortlist).toEqual(['r-E1', 'r-E2']);
  });

  it('appoints as the appointments example says, whichever post P prefers', () => {
    const simple = (post: string): RankingRules => ({ ...writtenOnly, post, compositeBars: null });
    const x = rankPost(simple('x'), 2, [input('P', [9000], null), input('Q', [8000], null), input('S', [7000], null)]);
    const y = rankPost(simple('y'), 3, [input('P', [6000], null), input('T', [9500], null)]);
    expect(y.vacancies).toEqual({ seats: 1, rule: 'too-few' });
    const decision = {
      selectionId: 'sel-1',
      meeting: 'm',
      probationMonths: 12,
      posts: [
        { post: 'y', proposed: ['r-T', 'r-P'], notProposed: [] },
        { post: 'x', proposed: ['r-P'], notProposed: ['r-Q', 'r-S'] },
      ],
    };
    const prefers = (first: string) => (r: string) => (r === 'r-P' ? (first === 'y' ? ['y', 'x'] : ['x', 'y']) : r === 'r-T' ? ['y'] : ['x']);
    expect(appointmentsOf(decision, [x, y], prefers('y'))).toEqual({
      posts: [
        { post: 'x', seats: 2, appointed: [], vacancies: [{ seats: 1, rule: 'not-proposed' }, { seats: 1, rule: 'taken-elsewhere' }] },
        { post: 'y', seats: 3, appointed: ['r-T', 'r-P'], vacancies: [{ seats: 1, rule: 'too-few' }] },
      ],
    });
    expect(appointmentsOf(decision, [x, y], prefers('x'))).toEqual({
      posts: [
        { post: 'x', seats: 2, appointed: ['r-P'], vacancies: [{ seats: 1, rule: 'not-proposed' }] },
        { post: 'y', seats: 3, appointed: ['r-T'], vacancies: [{ seats: 1, rule: 'too-few' }, { seats: 1, rule: 'taken-elsewhere' }] },
      ],
    });
  });
});
