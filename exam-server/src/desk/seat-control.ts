import { ExamError } from '@exam/shared';
import { changed } from '../cluster/changes';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { timingOf } from '../sessions/timing';

function candidateOf(ctx: ServerContext, sessionId: string, ticket: string) {
  const live = ctx.live.get(sessionId);
  if (!live) throw new ExamError('not-found', `no session ${sessionId}`);
  const c = live.candidates.get(ticket);
  if (!c) throw new ExamError('unknown-ticket', `no candidate ${ticket} in session ${sessionId}`);
  if (live.session.state === 'closed') throw new ExamError('session-state', 'the exam is closed');
  if (c.submitted_at !== null) throw new ExamError('already-submitted', `${ticket} has handed in`);
  return { live, c };
}

/** Sends a candidate's new clock to their kiosk and refreshes the desks. */
async function pushTiming(ctx: ServerContext, sessionId: string, ticket: string) {
  await ctx.live.reloadCandidate(ctx.db, sessionId, ticket);
  const live = ctx.live.get(sessionId)!;
  const c = live.candidates.get(ticket)!;
  const device = ctx.bindings.deviceOf(sessionId, ticket);
  if (device) ctx.io.to(rooms.device(device)).emit('exam:timing', timingOf(live.session, c, ctx.now()));
  const seats = await ctx.seats.seats(sessionId);
  ctx.seats.touch(sessionId);
  return seats.find((s) => s.ticket === ticket)!;
}

export const announce: Handler<'desk:announce'> = async ({ ctx, device }, { sessionId, text }) => {
  if (!ctx.live.get(sessionId)) throw new ExamError('not-found', `no session ${sessionId}`);
  const at = ctx.now();
  await transact(ctx.db, async (tx, after) => {
    await tx.insertInto('announcements').values({ session_id: sessionId, text, at }).execute();
    await appendAudit(tx, 'exam.announcement', device.id, { sessionId, text });
    after(() => ctx.io.to(rooms.session(sessionId)).emit('exam:announcement', { sessionId, text, at }));
  });
  return { at };
};

export const extraTime: Handler<'desk:extra-time'> = async ({ ctx, device }, { sessionId, ticket, minutes, reason }) => {
  candidateOf(ctx, sessionId, ticket);
  await transact(ctx.db, async (tx) => {
    await tx
      .updateTable('candidates')
      .set((eb) => ({ extra_ms: eb('extra_ms', '+', minutes * 60_000) }))
      .where('session_id', '=', sessionId)
      .where('ticket', '=', ticket)
      .execute();
    await changed(tx, { k: 'candidate', session: sessionId, ticket });
    await appendAudit(tx, 'candidate.extra-time', device.id, { sessionId, ticket, minutes, reason });
  });
  return pushTiming(ctx, sessionId, ticket);
};

export const pauseSeat: Handler<'desk:pause'> = async ({ ctx, device }, { sessionId, ticket, reason }) => {
  const { live, c } = candidateOf(ctx, sessionId, ticket);
  if (live.session.state !== 'running') throw new ExamError('session-state', 'only a running exam can be paused');
  if (c.paused_at !== null) throw new ExamError('paused', `${ticket} is already paused`);
  const now = ctx.now();
  await transact(ctx.db, async (tx) => {
    await tx.updateTable('candidates').set({ paused_at: now }).where('session_id', '=', sessionId).where('ticket', '=', ticket).execute();
    await changed(tx, { k: 'candidate', session: sessionId, ticket });
    await appendAudit(tx, 'candidate.paused', device.id, { sessionId, ticket, reason });
  });
  return pushTiming(ctx, sessionId, ticket);
};

export const resumeSeat: Handler<'desk:resume'> = async ({ ctx, device }, { sessionId, ticket }) => {
  const { c } = candidateOf(ctx, sessionId, ticket);
  if (c.paused_at === null) throw new ExamError('session-state', `${ticket} is not paused`);
  const now = ctx.now();
  const pausedFor = now - c.paused_at;
  await transact(ctx.db, async (tx) => {
    await tx
      .updateTable('candidates')
      .set((eb) => ({ paused_at: null, paused_ms: eb('paused_ms', '+', pausedFor) }))
      .where('session_id', '=', sessionId)
      .where('ticket', '=', ticket)
      .execute();
    await changed(tx, { k: 'candidate', session: sessionId, ticket });
    await appendAudit(tx, 'candidate.resumed-after-pause', device.id, { sessionId, ticket, pausedMs: pausedFor });
  });
  return pushTiming(ctx, sessionId, ticket);
};
