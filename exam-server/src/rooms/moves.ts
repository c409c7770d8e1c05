import { ExamError, moveEntry, checkpointPhase } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { announceRoom, getDay, panelState, roomStatus, roomStatuses } from '../interview/day';
import { latestDraw } from '../lots/status';
import { loadSealedFile } from '../papers/store';
import { makeCheckpoint } from '../audit/checkpoints';

/**
 * The candidate's way through the day, one direction only: holding room → called → interview
 * room → finished room (候考室 → 面试室 → 候分室). An interview room takes the next candidate
 * only when the last one has left it and the panel has scored, so no two candidates are ever in
 * one room, and a finished candidate never passes a waiting one. Every step is on the log.
 */

/** Frees a room once its candidate has left and every examiner has answered. */
export async function freeRoomIfDone(ctx: ServerContext, dayId: string, room: string): Promise<void> {
  const day = await getDay(ctx.db, dayId);
  const r = await ctx.db.selectFrom('interview_rooms').selectAll().where('day_id', '=', dayId).where('room', '=', room).executeTakeFirstOrThrow();
  if (!r.current_ticket) return;
  const c = await ctx.db.selectFrom('interview_candidates').selectAll().where('day_id', '=', dayId).where('ticket', '=', r.current_ticket).executeTakeFirstOrThrow();
  if (c.state !== 'finished') return;
  if (!(await panelState(ctx, ctx.db, day, room, c.lot!)).complete) return;
  await transact(ctx.db, async (tx) => {
    await tx.updateTable('interview_rooms').set({ current_ticket: null }).where('day_id', '=', dayId).where('room', '=', room).execute();
    await appendAudit(tx, 'room.free', 'server', { dayId, room, lot: c.lot });
  });
  await checkpointIfRoomDone(ctx, dayId, room);
}

/** Nobody left waiting for this room: its scoring is finished, a phase the supervisors witness. */
async function checkpointIfRoomDone(ctx: ServerContext, dayId: string, room: string): Promise<void> {
  const waiting = await ctx.db.selectFrom('interview_candidates').select('ticket').where('day_id', '=', dayId).where('room', '=', room).where('state', 'in', ['holding', 'called', 'interviewing']).executeTakeFirst();
  if (!waiting) await makeCheckpoint(ctx, checkpointPhase(dayId, 'scoring finished', room));
}

/**
 * The called candidate did not come (缺考): recorded with the escort's reason, and the room is free
 * for the next lot at once. Only the candidate the room called, and only before they entered.
 */
export const noShow: Handler<'room:no-show'> = async ({ ctx, device }, { dayId, room, lot, reason }) => {
  const day = await getDay(ctx.db, dayId);
  if (device.day_id !== dayId) throw new ExamError('forbidden', 'this escort is not on this interview day');
  await transact(ctx.db, async (tx) => {
    const c = await tx.selectFrom('interview_candidates').selectAll().where('day_id', '=', dayId).where('lot', '=', lot).executeTakeFirst();
    const r = await tx.selectFrom('interview_rooms').selectAll().where('day_id', '=', dayId).where('room', '=', room).executeTakeFirst();
    if (!c || !r) throw new ExamError('not-found', `no lot ${lot} or room ${room}`);
    if (r.current_ticket !== c.ticket) throw new ExamError('conflict', `lot ${lot} is not the candidate of room ${room}`);
    const entry = moveEntry(c.state, 'absent');
    if (!entry) throw new ExamError('session-state', `lot ${lot} is ${c.state}: only a called candidate who has not entered can be recorded as not come`);
    await tx.updateTable('interview_candidates').set({ state: 'absent' }).where('day_id', '=', dayId).where('ticket', '=', c.ticket).execute();
    await tx.updateTable('interview_rooms').set({ current_ticket: null }).where('day_id', '=', dayId).where('room', '=', room).execute();
    await appendAudit(tx, entry, device.id, { dayId, room, lot, ticket: c.ticket, reason });
  });
  await checkpointIfRoomDone(ctx, dayId, room);
  await announceRoom(ctx, dayId, room);
  return roomStatus(ctx, ctx.db, day, room);
};

export const callNext: Handler<'room:call'> = async ({ ctx, device }, { dayId, room }) => {
  const day = await getDay(ctx.db, dayId);
  if (device.day_id !== dayId) throw new ExamError('forbidden', 'this escort is not on this interview day');
  const draw = await latestDraw(ctx.db, dayId);
  if (draw?.state !== 'done') throw new ExamError('session-state', 'the lots have not been drawn');
  if ((await loadSealedFile(ctx.db, day.questions_id)).key === null) throw new ExamError('session-state', 'the interview questions are still sealed');
  await transact(ctx.db, async (tx) => {
    const r = await tx.selectFrom('interview_rooms').selectAll().where('day_id', '=', dayId).where('room', '=', room).executeTakeFirst();
    if (!r) throw new ExamError('not-found', `no interview room ${room}`);
    if (r.current_ticket) {
      const busy = await tx.selectFrom('interview_candidates').select(['lot', 'state']).where('day_id', '=', dayId).where('ticket', '=', r.current_ticket).executeTakeFirstOrThrow();
      throw new ExamError('conflict', busy.state === 'finished' ? `room ${room} is waiting for the panel to score lot ${busy.lot}` : `room ${room} is busy with lot ${busy.lot} (${busy.state})`);
    }
    const next = await tx
      .selectFrom('interview_candidates')
      .selectAll()
      .where('day_id', '=', dayId)
      .where('room', '=', room)
      .where('state', '=', 'holding')
      .where('lot', 'is not', null)
      .orderBy('lot')
      .limit(1)
      .executeTakeFirst();
    if (!next) throw new ExamError('not-found', `nobody is waiting for room ${room}`);
    const now = ctx.now();
    await tx.updateTable('interview_candidates').set({ state: 'called', called_at: now }).where('day_id', '=', dayId).where('ticket', '=', next.ticket).execute();
    await tx.updateTable('interview_rooms').set({ current_ticket: next.ticket }).where('day_id', '=', dayId).where('room', '=', room).execute();
    await appendAudit(tx, moveEntry('holding', 'called')!, device.id, { dayId, room, lot: next.lot, ticket: next.ticket });
  });
  await announceRoom(ctx, dayId, room);
  return roomStatus(ctx, ctx.db, day, room);
};

async function move(ctx: ServerContext, deviceId: string, dayId: string, room: string, lot: number, to: 'interviewing' | 'finished') {
  const day = await getDay(ctx.db, dayId);
  await transact(ctx.db, async (tx) => {
    const c = await tx.selectFrom('interview_candidates').selectAll().where('day_id', '=', dayId).where('lot', '=', lot).executeTakeFirst();
    const r = await tx.selectFrom('interview_rooms').selectAll().where('day_id', '=', dayId).where('room', '=', room).executeTakeFirst();
    if (!c || !r) throw new ExamError('not-found', `no lot ${lot} or room ${room}`);
    if (r.current_ticket !== c.ticket) throw new ExamError('conflict', `lot ${lot} is not the candidate of room ${room}`);
    const entry = moveEntry(c.state, to);
    if (!entry) throw new ExamError('session-state', `lot ${lot} is ${c.state}: it cannot move to ${to} (a candidate never goes back)`);
    const now = ctx.now();
    await tx
      .updateTable('interview_candidates')
      .set(to === 'interviewing' ? { state: to, entered_at: now } : { state: to, left_at: now })
      .where('day_id', '=', dayId)
      .where('ticket', '=', c.ticket)
      .execute();
    await appendAudit(tx, entry, deviceId, { dayId, room, lot, ticket: c.ticket });
  });
  if (to === 'finished') await freeRoomIfDone(ctx, dayId, room);
  await announceRoom(ctx, dayId, room);
  return roomStatus(ctx, ctx.db, day, room);
}

export const enterRoom: Handler<'room:enter'> = ({ ctx, device }, { dayId, room, lot }) => move(ctx, device.id, dayId, room, lot, 'interviewing');
export const leaveRoom: Handler<'room:leave'> = ({ ctx, device }, { dayId, room, lot }) => move(ctx, device.id, dayId, room, lot, 'finished');

export const roomQueue: Handler<'room:queue'> = async ({ ctx }, { dayId }) => ({ rooms: await roomStatuses(ctx, await getDay(ctx.db, dayId)) });
