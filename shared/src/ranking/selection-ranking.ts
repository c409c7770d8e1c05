import type { EvaluationSettings } from '../evaluation/settings';
import type { EvaluationCount } from '../evaluation/count';
import { evaluationOutOf100, outOf100, voteRate } from './composite';
import type { RankingRules } from './rules';
import { rankPost, type ComponentValue, type PostRanking, type RankingInput } from './shortlist';

/**
 * A selection's rankings from its components (docs/protocol.md §25): every post, every round.
 * The server gathers the components from its tables, a verifier from what it recomputed (steps 9,
 * 12 and 14); both call this, so both rank with the same rules.
 */

/** One written paper's or interview day's results by admission number: a score (hundredths), absent (缺考), or not known yet. */
export interface ScoredSource {
  /** The maximum in the same unit (paperTotal, interviewMax); null while the paper or questions are sealed. */
  max: number | null;
  results: ReadonlyMap<string, number | 'absent' | 'pending'>;
}

export interface EvaluationSource {
  settings: EvaluationSettings;
  /** The count once the evaluation is closed; null before. */
  count: EvaluationCount | null;
  /** Whether its score may be used: `evaluationStands`. */
  stands: boolean;
}

/**
 * Whether a closed evaluation's score may be used (protocol §25, bundle step 15): never after a
 * `rerun` decision; otherwise when its turnout was reached, or the committee let it stand. The one
 * rule, for the server's ranking and the verifier's alike. (A decision is recorded only on an
 * evaluation under its turnout; step 14 fails a bundle with one on any other.)
 */
export function evaluationStands(count: { valid: boolean }, decisions: ReadonlyArray<string | undefined>): boolean {
  if (decisions.includes('rerun')) return false;
  return count.valid || decisions.includes('committee');
}

export interface ComponentSources {
  /** By paper id: the results of the selection's sessions that sat it. */
  written: ReadonlyMap<string, ScoredSource>;
  /** By interview day id. */
  interview: ReadonlyMap<string, ScoredSource>;
  evaluations: ReadonlyMap<string, EvaluationSource>;
}

export interface SelectionForRanking {
  posts: ReadonlyArray<{ id: string; seats: number }>;
  /** Registration id → the posts it competes for (after merges), in the order of its preference. */
  competitors: ReadonlyMap<string, readonly string[]>;
  /** Registration id → admission number (准考证号). */
  admissions: ReadonlyMap<string, string>;
  /** The rules in force, one per post and round. */
  rules: readonly RankingRules[];
}

function valueOf(source: ScoredSource | undefined, admissionNo: string): ComponentValue {
  const r = source?.results.get(admissionNo);
  if (r === 'absent') return { missing: 'absent' };
  if (r === undefined || r === 'pending' || source!.max === null) return { pending: true };
  return { score: outOf100(r, source!.max) };
}

/** The inputs of one candidate for one post's rules. */
export function rankingInput(rules: RankingRules, sources: ComponentSources, registrationId: string, admissionNo: string): RankingInput {
  let dissatisfied = false;
  let vote: RankingInput['vote'] = null;
  const values = rules.components.map((c): ComponentValue => {
    if (c.kind !== 'evaluation') return valueOf((c.kind === 'written' ? sources.written : sources.interview).get(c.source), admissionNo);
    const e = sources.evaluations.get(c.source);
    if (!e || !e.count || !e.stands) return { pending: true };
    const candidate = e.count.candidates.find((x) => x.ref === admissionNo);
    if (!candidate) return { missing: 'not-evaluated' };
    if (!candidate.goesForward) dissatisfied = true;
    vote ??= voteRate(e.settings, e.count, candidate, rules.post, rules.voteBasis);
    return { score: evaluationOutOf100(e.settings, e.count, candidate) };
  });
  return { registrationId, admissionNo, values, dissatisfied, vote };
}

/**
 * Every post's rankings, round by round: round 1's field is everyone competing for the post; a later
 * round's field is the previous round's shortlist, once that round is complete (until then it is not
 * ranked). Posts without rules are left out; a round without the round before it is left out.
 */
export function rankSelection(sel: SelectionForRanking, sources: ComponentSources): PostRanking[] {
  const out: PostRanking[] = [];
  for (const post of sel.posts) {
    const rounds = sel.rules.filter((r) => r.post === post.id).sort((a, b) => a.round - b.round);
    let field: string[] = [...sel.competitors].filter(([, posts]) => posts.includes(post.id)).map(([r]) => r);
    for (const [i, rules] of rounds.entries()) {
      if (rules.round !== i + 1) break;
      const inputs = field.map((r) => rankingInput(rules, sources, r, sel.admissions.get(r) ?? r));
      const ranking = rankPost(rules, post.seats, inputs);
      out.push(ranking);
      // A later round has no field until this one is complete: it is not ranked (not ranked empty,
      // which would read as complete with every seat vacant, and could be decided on).
      if (!ranking.complete) break;
      field = ranking.shortlist;
    }
  }
  return out;
}
