import { competitionRanks } from '../scoring/panel';
import { barFor, shortlistLimit, type RankingRules } from './rules';
import { composite, fractionBp, reachesBp, type Fraction } from './composite';

/**
 * One post's ranking in one round (docs/protocol.md §25): the rules in their documented order —
 * out, field size, bars, shortlist, ties — and the seats the shortlist cannot fill, each with the
 * rule that left it vacant. A pure function of its inputs: the server and every verifier run it.
 */

/** What one component gives a candidate: a score out of 100 in hundredths, or why there is none. */
export type ComponentValue = { score: number } | { missing: 'absent' | 'not-evaluated' } | { pending: true };

export interface RankingInput {
  registrationId: string;
  admissionNo: string;
  /** One per component of the rules, in their order. */
  values: ComponentValue[];
  /** Over the dissatisfaction threshold of an evaluation component (002). */
  dissatisfied: boolean;
  /** The recommendation vote rate for this post on the rules' basis, or null where no evaluation component had one. */
  vote: Fraction | null;
}

/** The outcome of a candidate, in the order the rules apply. */
export const OUTCOMES = ['missing', 'dissatisfied', 'below-vote-bar', 'below-composite-bar', 'not-shortlisted', 'shortlisted'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_NAMES: Record<Outcome, { zh: string; en: string }> = {
  missing: { zh: '缺少成绩（缺考或未参加）', en: 'a component missing (absent)' },
  dissatisfied: { zh: '民主测评不满意率超过规定', en: 'over the evaluation’s dissatisfaction threshold' },
  'below-vote-bar': { zh: '推荐票得票率未达要求', en: 'recommendation vote rate below the bar' },
  'below-composite-bar': { zh: '综合成绩未达要求', en: 'composite below the bar' },
  'not-shortlisted': { zh: '未进入考察人选', en: 'not on the shortlist' },
  shortlisted: { zh: '确定为考察对象', en: 'on the shortlist' },
};

export interface RankedRow {
  registrationId: string;
  admissionNo: string;
  /** Each component out of 100 in hundredths; null where missing or not yet known. */
  scores: Array<number | null>;
  /** Which components are missing (absent, or not evaluated), by index. */
  missing: number[];
  composite: number | null;
  /** Competition rank (1, 2, 2, 4) by composite among the field. */
  rank: number | null;
  /** The vote rate as shown (hundredths of a percent), when it applies. */
  voteBp: number | null;
  outcome: Outcome;
}

/** Why seats stay vacant at this ranking: nobody completed, nobody reached the bars, or too few did. */
export const VACANCY_RULES = ['no-field', 'bars', 'too-few'] as const;
export type VacancyRule = (typeof VACANCY_RULES)[number];
export const VACANCY_NAMES: Record<VacancyRule, { zh: string; en: string }> = {
  'no-field': { zh: '无人完成全部环节', en: 'nobody completed every component' },
  bars: { zh: '无人达到得票率或综合成绩要求', en: 'nobody reached the bars' },
  'too-few': { zh: '达到要求的人数少于职数', en: 'fewer reached the bars than there are seats' },
};

export interface PostRanking {
  post: string;
  round: number;
  seats: number;
  /** Whether every component of every candidate is known: until then there is no shortlist. */
  complete: boolean;
  /** The number of candidates left after the first rule: fixed once, it chooses the bars. */
  fieldSize: number;
  /** The bars for this field size, or null where the rule does not apply (and why). */
  compositeBar: number | null;
  voteBar: number | null;
  voteBarApplies: 'yes' | 'no-bars' | 'no-recommendation';
  /** The most that go forward (shortlistLimit). */
  limit: number;
  /** Sorted: composite highest first, then admission number; those without a composite last, by admission number. */
  rows: RankedRow[];
  /** The shortlist in rank order (ties by admission number). */
  shortlist: string[];
  vacancies: { seats: number; rule: VacancyRule } | null;
}

const byAdmission = (a: { admissionNo: string }, b: { admissionNo: string }) => (a.admissionNo < b.admissionNo ? -1 : a.admissionNo > b.admissionNo ? 1 : 0);

/** Ranks one post in one round. `inputs` are the candidates in its field (all of them, in any order). */
export function rankPost(rules: RankingRules, seats: number, inputs: readonly RankingInput[]): PostRanking {
  const n = rules.components.length;
  const rows: RankedRow[] = inputs.map((c) => {
    if (c.values.length !== n) throw new RangeError(`${c.admissionNo}: one value per component`);
    const scores = c.values.map((v) => ('score' in v ? v.score : null));
    const missing = c.values.flatMap((v, i) => ('missing' in v ? [i] : []));
    const known = scores.every((s) => s !== null);
    return {
      registrationId: c.registrationId,
      admissionNo: c.admissionNo,
      scores,
      missing,
      composite: known ? composite(rules.components, scores as number[]) : null,
      rank: null,
      voteBp: c.vote && rules.voteBars ? fractionBp(c.vote) : null,
      outcome: 'not-shortlisted',
    };
  });
  const pending = inputs.some((c) => c.values.some((v) => 'pending' in v));
  const input = new Map(inputs.map((c, i) => [rows[i]!, c]));
  // 1. Out: a component missing, or over the dissatisfaction threshold.
  for (const r of rows) {
    if (r.missing.length > 0) r.outcome = 'missing';
    else if (input.get(r)!.dissatisfied) r.outcome = 'dissatisfied';
  }
  // 2. The field: those left, fixed once.
  const field = rows.filter((r) => r.outcome !== 'missing' && r.outcome !== 'dissatisfied');
  const fieldSize = field.length;
  for (const [r, rank] of competitionRanks(field, (x) => x.composite)) r.rank = rank;
  // 3. Bars for that field size: the vote rate (where the evaluation had a recommendation for the post), then the composite.
  const hasVote = field.some((r) => input.get(r)!.vote !== null);
  const voteBarApplies = rules.voteBars === null ? 'no-bars' : hasVote ? 'yes' : 'no-recommendation';
  const voteBar = voteBarApplies === 'yes' ? barFor(rules.voteBars!, fieldSize) : null;
  const compositeBar = rules.compositeBars === null ? null : barFor(rules.compositeBars, fieldSize);
  if (!pending) {
    for (const r of field) {
      const vote = input.get(r)!.vote;
      if (voteBar !== null && (vote === null || !reachesBp(vote, voteBar))) r.outcome = 'below-vote-bar';
      else if (compositeBar !== null && r.composite! < compositeBar) r.outcome = 'below-composite-bar';
    }
  }
  // 4–5. The shortlist among those left, ties at the cut-off as the rules say.
  const limit = shortlistLimit(rules, seats);
  const remaining = pending ? [] : field.filter((r) => r.outcome === 'not-shortlisted').sort((a, b) => b.composite! - a.composite! || byAdmission(a, b));
  const chosen = cut(rules, remaining, limit);
  for (const r of chosen) r.outcome = 'shortlisted';
  const sorted = [...rows].sort((a, b) => (a.composite === null ? (b.composite === null ? byAdmission(a, b) : 1) : b.composite === null ? -1 : b.composite - a.composite || byAdmission(a, b)));
  // 7. Seats the shortlist cannot fill.
  const short = pending ? 0 : Math.max(seats - chosen.length, 0);
  const rule: VacancyRule = fieldSize === 0 ? 'no-field' : remaining.length === 0 ? 'bars' : 'too-few';
  return {
    post: rules.post,
    round: rules.round,
    seats,
    complete: !pending,
    fieldSize,
    compositeBar,
    voteBar,
    voteBarApplies,
    limit,
    rows: sorted,
    shortlist: sorted.filter((r) => r.outcome === 'shortlisted').map((r) => r.registrationId),
    vacancies: short > 0 ? { seats: short, rule } : null,
  };
}

/**
 * The first `limit` of `remaining` (sorted by composite), with the whole group tied at the cut-off:
 * all of it (`all`), or ordered by the tie-break components in turn and cut again, those still tied
 * at the cut-off all going forward.
 */
function cut(rules: RankingRules, remaining: RankedRow[], limit: number): RankedRow[] {
  if (remaining.length <= limit) return remaining;
  const edge = remaining[limit - 1]!.composite;
  const above = remaining.filter((r) => r.composite! > edge!);
  const tied = remaining.filter((r) => r.composite === edge);
  const room = limit - above.length;
  if (rules.ties === 'all' || tied.length <= room) return [...above, ...tied];
  const key = (r: RankedRow) => rules.tieBreak.map((i) => r.scores[i]!);
  const compare = (a: RankedRow, b: RankedRow) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i]! - ka[i]!;
    return 0;
  };
  const ordered = [...tied].sort((a, b) => compare(a, b) || byAdmission(a, b));
  const last = ordered[room - 1]!;
  return [...above, ...ordered.filter((r) => compare(r, last) <= 0)];
}
