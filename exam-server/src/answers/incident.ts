import { ExamError } from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { boundCandidate } from './candidate';

/** Per seat and kind: when the last incident was written, and how many came since (counted, not written); and per seat, how many were written. */
const held = new WeakMap<ServerContext, { byKind: Map<string, { at: number; since: number }>; bySeat: Map<string, number> }>();

/**
 * A kiosk reports that its candidate left full screen, lost focus, pressed a blocked key or
 * reloaded. Bounded: incidents of one kind from one seat within `incidentCoalesceMs` of the last one
 * written are counted into the next one written (`repeats`), and at most `incidentsPerSeat` are
 * written per seat and session (the rest are counted); none is taken after the hand-in. The bounds
 * hold over every process serving one database (the written incidents decide); the count of repeats
 * is of those the writing process took (docs/processes.md).
 */
export const reportIncident: Handler<'kiosk:incident'> = async ({ ctx, device }, { kind, detail }) => {
  const { session, candidate } = boundCandidate(ctx, device.id);
  if (candidate.submitted_at !== null) throw new ExamError('already-submitted', 'the paper is handed in: no incident is recorded after it');
  const at = ctx.now();
  const seen = held.get(ctx) ?? held.set(ctx, { byKind: new Map(), bySeat: new Map() }).get(ctx)!;
  const seat = `${session.id}\u0000${candidate.ticket}`;
  const key = `${seat}\u0000${kind}`;
  const mine = seen.byKind.get(key) ?? { at: -Infinity, since: 0 };
  seen.byKind.set(key, mine);
  const perSeat = seen.bySeat.get(seat) ?? 0;
  if (at - mine.at < ctx.limits.incidentCoalesceMs || perSeat >= ctx.limits.incidentsPerSeat) {
    mine.since++;
    return { recorded: true };
  }
  // What this process saw is a first filter; the incidents written by every process (several on one
  // PostgreSQL database) decide, inside the transaction that writes, under the store's write lock.
  // The seat's incidents written so far, this one included (null: not written).
  const written = await transact(ctx.db, async (tx, after) => {
    const before = await tx
      .selectFrom('incidents')
      .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max(eb.case().when('kind', '=', kind).then(eb.ref('at')).end()).as('last')])
      .where('session_id', '=', session.id)
      .where('ticket', '=', candidate.ticket)
      .executeTakeFirstOrThrow();
    const last = before.last === null ? -Infinity : Number(before.last);
    if (at - last < ctx.limits.incidentCoalesceMs || Number(before.n) >= ctx.limits.incidentsPerSeat) {
      mine.at = Math.max(mine.at, last);
      seen.bySeat.set(seat, Number(before.n));
      return null;
    }
    const incident = { at, seat: candidate.seat, ticket: candidate.ticket, kind, detail: mine.since > 0 ? `${detail ?? ''} (+${mine.since})`.trim() : (detail ?? null) };
    await tx.insertInto('incidents').values({ session_id: session.id, ...incident }).execute();
    await appendAudit(tx, 'kiosk.incident', device.id, { sessionId: session.id, ticket: candidate.ticket, seat: candidate.seat, kind, detail: detail ?? null, repeats: mine.since });
    after(() => ctx.io.to(rooms.desk).emit('desk:incident', { sessionId: session.id, incident }));
    return Number(before.n) + 1;
  });
  if (written === null) {
    mine.since++;
    return { recorded: true };
  }
  mine.at = at;
  mine.since = 0;
  seen.bySeat.set(seat, written);
  ctx.seats.touch(session.id);
  return { recorded: true };
};
