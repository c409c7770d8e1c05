import { ExamError, checkpointPhase } from '@exam/shared';
import { changed } from '../cluster/changes';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { finalizeCandidate } from '../answers/submit';
import { announceSession } from '../desk/overview';
import { timingOf } from './timing';
import { makeCheckpoint } from '../audit/checkpoints';

/**
 * Closing the exam (收卷): every candidate who signed in and has not handed in is handed in
 * automatically with what is saved, then the session is closed. Candidates who never signed
 * in are absent.
 */
export async function closeSession(ctx: ServerContext, sessionId: string, actor: string, reason: string | null): Promise<{ closedAt: number; autoSubmitted: number }> {
  const live = ctx.live.get(sessionId);
  if (!live) throw new ExamError('not-found', `no session ${sessionId}`);
  if (live.session.state !== 'running') throw new ExamError('session-state', live.session.state === 'closed' ? 'the exam is already closed' : 'the exam has not started');
  // By the database's word, before anything is written: a desk on another process may have closed the
  // exam a moment ago, and a candidate may have signed in there that this process has not heard of.
  const stored = await ctx.db.selectFrom('sessions').select('state').where('id', '=', sessionId).executeTakeFirst();
  if (stored?.state !== 'running') throw new ExamError('session-state', 'the exam is already closed');
  const candidates = await ctx.db.selectFrom('candidates').select(['ticket', 'signed_in_at', 'submitted_at']).where('session_id', '=', sessionId).execute();
  let autoSubmitted = 0;
  for (const c of candidates) {
    if (c.signed_in_at !== null && c.submitted_at === null && live.candidates.has(c.ticket)) {
      await finalizeCandidate(ctx, sessionId, c.ticket, true);
      autoSubmitted++;
    }
  }
  const closedAt = ctx.now();
  await transact(ctx.db, async (tx) => {
    // Only a running exam closes, by the database's word (read under the write lock that transactions
    // take in turn): a desk on another process may have closed it a moment ago, before this one heard of it.
    const r = await tx.updateTable('sessions').set({ state: 'closed', closed_at: closedAt }).where('id', '=', sessionId).where('state', '=', 'running').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new ExamError('session-state', 'the exam is already closed');
    await changed(tx, { k: 'session-row', id: sessionId });
    const absent = (await tx.selectFrom('candidates').select('ticket').where('session_id', '=', sessionId).where('signed_in_at', 'is', null).orderBy('ticket').execute()).map((c) => c.ticket);
    await appendAudit(tx, 'exam.closed', actor, { sessionId, closedAt, autoSubmitted, absent, reason });
  });
  const reloaded = await ctx.live.reloadSession(ctx.db, sessionId);
  ctx.io.to(rooms.session(sessionId)).emit('exam:timing', timingOf(reloaded!.session, undefined, closedAt));
  await announceSession(ctx, sessionId);
  await makeCheckpoint(ctx, checkpointPhase(sessionId, 'exam closed'));
  return { closedAt, autoSubmitted };
}

export const closeExam: Handler<'desk:close'> = ({ ctx, device }, { sessionId, reason }) => closeSession(ctx, sessionId, device.id, reason ?? null);
