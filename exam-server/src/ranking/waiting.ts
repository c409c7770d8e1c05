import type { PostRanking, RankingRules, WaitingReason } from '@exam/shared';
import type { ServerContext } from '../context';
import { decisionOfEvaluation } from '../evaluation/evaluations';

/** What the reasons are read from, once per selection: who sits which paper (and the session's state), who is on each day's list, each evaluation's state and decision. */
export interface WaitingFacts {
  /** `paper/ticket` → the state of the session of the selection that lists the ticket for that paper. */
  sat: Map<string, string>;
  /** `day/ticket` of every candidate on a day's list. */
  listed: Set<string>;
  evaluations: Map<string, { state: string; rerun: boolean }>;
}

export async function waitingFacts(ctx: ServerContext, selectionId: string, evaluations: ReadonlyArray<{ id: string; state: string; decision_json: string | null }>): Promise<WaitingFacts> {
  const sat = await ctx.db
    .selectFrom('candidates')
    .innerJoin('sessions', 'sessions.id', 'candidates.session_id')
    .select(['sessions.paper', 'candidates.ticket', 'sessions.state'])
    .where('sessions.selection_id', '=', selectionId)
    .where('sessions.paper', 'is not', null)
    .execute();
  const listed = await ctx.db
    .selectFrom('interview_candidates')
    .innerJoin('interview_days', 'interview_days.id', 'interview_candidates.day_id')
    .select(['interview_candidates.day_id', 'interview_candidates.ticket'])
    .where('interview_days.selection_id', '=', selectionId)
    .execute();
  return {
    sat: new Map(sat.map((x) => [`${x.paper}/${x.ticket}`, x.state])),
    listed: new Set(listed.map((x) => `${x.day_id}/${x.ticket}`)),
    evaluations: new Map(evaluations.map((e) => [e.id, { state: e.state, rerun: decisionOfEvaluation(e)?.decision === 'rerun' }])),
  };
}

/**
 * Why each component not yet known of a ranking's candidates is not (`ranking:status`'s `waiting`):
 * the organiser sees a candidate in no session of the paper, or not on the day's list — which would
 * keep the ranking from ever being complete — apart from what only needs time (an exam not over,
 * marking, scoring, an evaluation still open or awaiting the committee).
 */
export function waitingOf(facts: WaitingFacts, rules: RankingRules, ranking: PostRanking): Array<{ registrationId: string; component: number; reason: WaitingReason }> {
  const reasonOf = (c: RankingRules['components'][number], no: string): WaitingReason => {
    if (c.kind === 'written') {
      const state = facts.sat.get(`${c.source}/${no}`);
      return state === undefined ? 'no-session' : state === 'closed' ? 'not-marked' : 'exam-not-over';
    }
    if (c.kind === 'interview') return facts.listed.has(`${c.source}/${no}`) ? 'not-scored' : 'not-on-day';
    const e = facts.evaluations.get(c.source);
    return e?.state !== 'closed' ? 'evaluation-not-closed' : e.rerun ? 'evaluation-rerun' : 'evaluation-turnout';
  };
  return rules.components.flatMap((c, i) =>
    ranking.rows.filter((r) => r.scores[i] === null && !r.missing.includes(i)).map((r) => ({ registrationId: r.registrationId, component: i, reason: reasonOf(c, r.admissionNo) })),
  );
}
