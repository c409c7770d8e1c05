import type { PostRanking, RankingRules, WaitingReason } from '@exam/shared';
import type { ServerContext } from '../context';

/**
 * Why each component not yet known of a ranking's candidates is not (`ranking:status`'s `waiting`):
 * the organiser sees a candidate in no session of the paper, or not on the day's list — which would
 * keep the ranking from ever being complete — apart from what only needs time (an exam not over,
 * marking, scoring, an evaluation still open or awaiting the committee).
 */
export async function waitingOf(ctx: ServerContext, selectionId: string, rules: RankingRules, ranking: PostRanking): Promise<Array<{ registrationId: string; component: number; reason: WaitingReason }>> {
  const out: Array<{ registrationId: string; component: number; reason: WaitingReason }> = [];
  for (const [i, c] of rules.components.entries()) {
    const waiting = ranking.rows.filter((r) => r.scores[i] === null && !r.missing.includes(i));
    if (waiting.length === 0) continue;
    const tickets = waiting.map((r) => r.admissionNo);
    let reasonOf: (admissionNo: string) => WaitingReason;
    if (c.kind === 'written') {
      const sat = await ctx.db
        .selectFrom('candidates')
        .innerJoin('sessions', 'sessions.id', 'candidates.session_id')
        .select(['candidates.ticket', 'sessions.state'])
        .where('sessions.selection_id', '=', selectionId)
        .where('sessions.paper', '=', c.source)
        .where('candidates.ticket', 'in', tickets)
        .execute();
      const state = new Map(sat.map((x) => [x.ticket, x.state]));
      reasonOf = (no) => (!state.has(no) ? 'no-session' : state.get(no) === 'closed' ? 'not-marked' : 'exam-not-over');
    } else if (c.kind === 'interview') {
      const listed = new Set((await ctx.db.selectFrom('interview_candidates').select('ticket').where('day_id', '=', c.source).where('ticket', 'in', tickets).execute()).map((x) => x.ticket));
      reasonOf = (no) => (listed.has(no) ? 'not-scored' : 'not-on-day');
    } else {
      const e = await ctx.db.selectFrom('evaluations').select(['state', 'decision_json']).where('id', '=', c.source).executeTakeFirst();
      const decision = e?.decision_json ? (JSON.parse(e.decision_json) as { decision: string }).decision : null;
      const reason: WaitingReason = e?.state !== 'closed' ? 'evaluation-not-closed' : decision === 'rerun' ? 'evaluation-rerun' : 'evaluation-turnout';
      reasonOf = () => reason;
    }
    for (const r of waiting) out.push({ registrationId: r.registrationId, component: i, reason: reasonOf(r.admissionNo) });
  }
  return out;
}
