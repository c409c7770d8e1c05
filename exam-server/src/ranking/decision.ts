import { ExamError, appointmentsOf, loggedDecision, canonicalize, competitorsOf, decisionProblems, finalRankings, type AppointmentResult, type CommitteeDecision } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import type { Handler } from '../realtime/requests';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { drawInputs } from '../selections/seats';
import { rankingStatus } from './status';
import { appointmentsFinal } from '../notices/notices';

/** The committee's decision as last recorded, or null. */
export async function decisionOf(db: Db | Tx, selectionId: string): Promise<{ decision: CommitteeDecision; result: AppointmentResult; decidedAt: number } | null> {
  const r = await db.selectFrom('appointment_decisions').selectAll().where('selection_id', '=', selectionId).executeTakeFirst();
  return r ? { decision: JSON.parse(r.decision_json) as CommitteeDecision, result: JSON.parse(r.result_json) as AppointmentResult, decidedAt: r.decided_at } : null;
}

/**
 * Records the committee's decision (党组决定, docs/protocol.md §25): every post's final ranking
 * complete, its shortlist split into those proposed (in the committee's order) and those not (each
 * with a reason); the appointments by deferred acceptance over each person's registered preference.
 * Logged `ranking.decided` with the result; recorded again, the later decision stands (and both are on the log),
 * until the appointments are made final: then refused (`conflict`).
 */
export const decideAppointments: Handler<'organiser:decide-appointments'> = async ({ ctx, device }, { decision }) => {
  // Checked first (before the rankings are worked out) and again in the transaction that records it.
  const refuseOnceFinal = async (db: Db | Tx) => {
    if (await appointmentsFinal(db, decision.selectionId)) {
      throw new ExamError('conflict', 'the appointments of this selection are final: the committee’s decision can no longer change', [
        { path: 'decision.selectionId', message: 'the appointments are final', zh: '本次竞争上岗的任用已经确定，不能再改变党组决定；如需调整，按干部任免的有关规定另行办理' },
      ]);
    }
  };
  await refuseOnceFinal(ctx.db);
  const status = await rankingStatus(ctx, decision.selectionId);
  const finals = finalRankings(status.posts.flatMap((p) => p.rounds.flatMap((r) => (r.ranking ? [r.ranking] : []))));
  if (finals.length === 0) throw new ExamError('session-state', 'no post has a ranking yet: set the ranking rules first');
  const logged = loggedDecision(decision);
  const problems = decisionProblems(logged, finals);
  if (problems.length > 0) throw new ExamError('bad-request', `the decision does not fit the rankings: ${problems[0]}`, problems.map((message) => ({ path: 'decision.posts', message })));
  const { posts, qualified, outcomes, preference } = await drawInputs(ctx.db, decision.selectionId);
  const competitors = competitorsOf(posts, qualified, outcomes, preference);
  const result = appointmentsOf(logged, finals, (r) => competitors.get(r) ?? []);
  const now = ctx.now();
  await transact(ctx.db, async (tx) => {
    await refuseOnceFinal(tx);
    const values = { decision_json: canonicalize(decision), result_json: canonicalize(result), decided_at: now };
    await tx
      .insertInto('appointment_decisions')
      .values({ selection_id: decision.selectionId, ...values })
      .onConflict((oc) => oc.column('selection_id').doUpdateSet(values))
      .execute();
    // The log names who is proposed and who is not; the reasons stay in the database (and the supervisors' records).
    await appendAudit(tx, 'ranking.decided', device.id, { selectionId: decision.selectionId, decision: logged, result }, now);
  });
  return rankingStatus(ctx, decision.selectionId);
};
