import { ExamError, type SignedReceipt } from '@exam/shared';
import { changed } from '../cluster/changes';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { boundCandidate } from './candidate';
import { answersHash, finalAnswers, makeReceipt } from './receipt';

/**
 * Hands a candidate's paper in: every save queued before is written first, then the final
 * answers are hashed, the receipt signed by the server, and the submission logged — in one
 * transaction. Handing in twice returns the first receipt, whichever process handed in first
 * (the transaction reads it; saves another process queued are written before or refused after:
 * answers/batches-postgres.ts).
 */
export async function finalizeCandidate(ctx: ServerContext, sessionId: string, ticket: string, auto: boolean, claimedHash?: string): Promise<SignedReceipt> {
  const live = ctx.live.get(sessionId)!;
  const c = live.candidates.get(ticket)!;
  if (c.receipt_json) return JSON.parse(c.receipt_json) as SignedReceipt;
  c.submitting = true;
  try {
    await ctx.answers.drain();
    const signed = await transact(ctx.db, async (tx, after) => {
      // Handed in meanwhile by another process (the clock's automatic hand-in, a close): that receipt stands.
      const stored = await tx.selectFrom('candidates').select('receipt_json').where('session_id', '=', sessionId).where('ticket', '=', ticket).executeTakeFirstOrThrow();
      if (stored.receipt_json) return JSON.parse(stored.receipt_json) as SignedReceipt;
      const answers = await finalAnswers(tx, sessionId, ticket);
      const hash = answersHash(sessionId, ticket, answers);
      if (claimedHash !== undefined && claimedHash !== hash) {
        throw new ExamError('conflict', 'the server holds other answers than this kiosk shows: send the pending saves, then hand in again');
      }
      const now = ctx.now();
      const count = Object.values(answers).filter((v) => v !== null).length;
      const receipt = makeReceipt((r) => ctx.serverKey.signObject('receipt', r), ctx.serverKey.publicKeyBase64, {
        sessionId,
        ticket,
        answersHash: hash,
        answerCount: count,
        submittedAt: now,
        auto,
      });
      await tx.updateTable('candidates').set({ submitted_at: now, receipt_json: JSON.stringify(receipt) }).where('session_id', '=', sessionId).where('ticket', '=', ticket).execute();
      await changed(tx, { k: 'candidate', session: sessionId, ticket });
      await appendAudit(tx, 'candidate.submitted', auto ? 'server' : (ctx.bindings.deviceOf(sessionId, ticket) ?? 'server'), { sessionId, ticket, answersHash: hash, answerCount: count, submittedAt: now, auto });
      after(() => {
        const device = ctx.bindings.deviceOf(sessionId, ticket);
        if (device) ctx.io.to(rooms.device(device)).emit('exam:submitted', receipt);
      });
      return receipt;
    });
    await ctx.live.reloadCandidate(ctx.db, sessionId, ticket);
    ctx.seats.touch(sessionId);
    return signed;
  } finally {
    c.submitting = false;
  }
}

export const submitAnswers: Handler<'answer:submit'> = async ({ ctx, device }, { answersHash }) => {
  const { session, candidate } = boundCandidate(ctx, device.id);
  if (candidate.receipt_json) return JSON.parse(candidate.receipt_json) as SignedReceipt;
  if (session.state !== 'running') throw new ExamError('session-state', 'the exam is not running');
  return finalizeCandidate(ctx, session.id, candidate.ticket, false, answersHash);
};
