import { rooms, type ServerContext } from '../context';

export type SeatIncidentKind = 'connection-lost' | 'kiosk-replaced';

/**
 * What the server itself sees happen at a seat during the exam — the kiosk's connection lost, the
 * candidate taken over by a replacement kiosk — put on the desk's incident list beside what the
 * kiosks report. Not on the audit log, which holds what devices do and sign: these are the
 * server's observations of the network, for the invigilators. Only while the candidate sits the
 * exam (the session running, not handed in).
 */
export async function seatIncident(ctx: ServerContext, sessionId: string, ticket: string, kind: SeatIncidentKind, detail: string | null = null): Promise<void> {
  const live = ctx.live.get(sessionId);
  const c = live?.candidates.get(ticket);
  if (!live || live.session.state !== 'running' || !c || c.submitted_at !== null) return;
  const incident = { at: ctx.now(), seat: c.seat, ticket, kind, detail };
  await ctx.db.insertInto('incidents').values({ session_id: sessionId, ...incident }).execute();
  ctx.io.to(rooms.desk).emit('desk:incident', { sessionId, incident });
  ctx.seats.touch(sessionId);
}
