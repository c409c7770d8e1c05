import { rooms } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { boundCandidate } from './candidate';

/** A kiosk reports that its candidate left full screen, lost focus or pressed a blocked key. */
export const reportIncident: Handler<'kiosk:incident'> = async ({ ctx, device }, { kind, detail }) => {
  const { session, candidate } = boundCandidate(ctx, device.id);
  const at = ctx.now();
  const incident = { at, seat: candidate.seat, ticket: candidate.ticket, kind, detail: detail ?? null };
  await transact(ctx.db, async (tx, after) => {
    await tx.insertInto('incidents').values({ id: null, session_id: session.id, ...incident }).execute();
    await appendAudit(tx, 'kiosk.incident', device.id, { sessionId: session.id, ticket: candidate.ticket, seat: candidate.seat, kind, detail: detail ?? null });
    after(() => ctx.io.to(rooms.desk).emit('desk:incident', { sessionId: session.id, incident }));
  });
  ctx.seats.touch(session.id);
  return { recorded: true };
};
