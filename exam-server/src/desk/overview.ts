import { ExamError } from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { sessionSummary } from './summary';
import { deskDevices } from '../devices/status';

export const overview: Handler<'desk:overview'> = async ({ ctx, socket }) => {
  await socket.join(rooms.desk);
  const sessions = await Promise.all(ctx.live.all().map((l) => sessionSummary(ctx, l.session.id)));
  const days = await ctx.db.selectFrom('interview_days').select(['id', 'label']).orderBy('created_at').execute();
  const dayRooms = await ctx.db.selectFrom('interview_rooms').select(['day_id', 'room']).orderBy('room').execute();
  // By room in a Map, not a plain object: a room's name is what someone typed.
  const byRoom = new Map<string, string[]>();
  for (const s of await ctx.db.selectFrom('seats').select(['room', 'seat']).execute()) {
    const list = byRoom.get(s.room);
    if (list) list.push(s.seat);
    else byRoom.set(s.room, [s.seat]);
  }
  for (const list of byRoom.values()) list.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const seats: Record<string, string[]> = Object.fromEntries(byRoom);
  return {
    sessions: sessions.sort((a, b) => a.scheduledStart - b.scheduledStart),
    ...(await deskDevices(ctx)),
    days: days.map((d) => ({ id: d.id, label: d.label, rooms: dayRooms.filter((r) => r.day_id === d.id).map((r) => r.room) })),
    seats,
  };
};

export const sessionDetail: Handler<'desk:session'> = async ({ ctx, socket }, { sessionId }) => {
  if (!ctx.live.get(sessionId)) throw new ExamError('not-found', `no session ${sessionId}`);
  await socket.join(rooms.desk);
  const incidents = await ctx.db
    .selectFrom('incidents')
    .select(['at', 'seat', 'ticket', 'kind', 'detail'])
    .where('session_id', '=', sessionId)
    .orderBy('at', 'desc')
    .limit(200)
    .execute();
  return { session: await sessionSummary(ctx, sessionId), seats: await ctx.seats.seats(sessionId), incidents };
};

/** Pushes a session's summary to every desk after a change. */
export async function announceSession(ctx: ServerContext, sessionId: string): Promise<void> {
  ctx.io.to(rooms.desk).emit('desk:session', { session: await sessionSummary(ctx, sessionId) });
  ctx.seats.touch(sessionId);
}
