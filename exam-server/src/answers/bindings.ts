import { changed } from '../cluster/changes';
import type { DevicesTable } from '../db/schema/devices';
import type { Tx } from '../db/database';
import type { LiveSessions } from '../sessions/live';

/**
 * Which candidate each kiosk is signed in for. A candidate is active on one kiosk at a time: a
 * sign-in on a replacement kiosk takes the candidate over, and the old kiosk can act no more. The
 * binding is the candidate's `device_id` (written by the sign-in: answers/sign-in.ts), read here
 * from the sessions in memory — the same in every process serving the database.
 */
export class KioskBindings {
  constructor(private readonly live: LiveSessions) {}

  of(deviceId: string): { sessionId: string; ticket: string } | undefined {
    return this.live.boundTo(deviceId);
  }

  deviceOf(sessionId: string, ticket: string): string | undefined {
    return this.live.get(sessionId)?.candidates.get(ticket)?.device_id ?? undefined;
  }

  /** The candidate this device is signed in for, while it still sits for them (`kioskSitsFor`); else undefined. */
  sittingFor(device: DevicesTable | undefined): { sessionId: string; ticket: string } | undefined {
    const b = device ? this.of(device.id) : undefined;
    const live = b ? this.live.get(b.sessionId) : undefined;
    const seat = b ? live?.candidates.get(b.ticket)?.seat : undefined;
    return b && live && seat !== undefined && kioskSitsFor(device, live.session.room, seat) ? b : undefined;
  }
}

/**
 * Whether a device may act for a candidate: an admitted kiosk at that candidate's seat, in the
 * session's room. A kiosk moved to another seat, admitted in another role, or revoked is no longer
 * one, even before its binding is cleared (and on another process, before it hears of the change).
 */
export function kioskSitsFor(device: Pick<DevicesTable, 'status' | 'role' | 'room' | 'seat'> | undefined, room: string, seat: string): boolean {
  return !!device && device.status === 'admitted' && device.role === 'kiosk' && device.room === room && device.seat === seat;
}

/**
 * The candidates a device was signed in for, unbound: its admission changed (another seat, another
 * role, revoked, replaced), so it acts for none of them and hears none of their sessions; the
 * candidate signs in again on the kiosk now at the seat. Returns them, to be read again once committed.
 */
export async function unbindDevice(tx: Tx, deviceId: string): Promise<Array<{ session_id: string; ticket: string }>> {
  const rows = await tx.updateTable('candidates').set({ device_id: null }).where('device_id', '=', deviceId).returning(['session_id', 'ticket']).execute();
  for (const r of rows) await changed(tx, { k: 'candidate', session: r.session_id, ticket: r.ticket });
  return rows;
}
