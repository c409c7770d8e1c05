import type { DeviceStatus } from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { DevicesTable } from '../db/schema/devices';

export function deviceStatus(ctx: ServerContext, d: DevicesTable): DeviceStatus {
  const session = d.room ? ctx.live.currentInRoom(d.room) : undefined;
  return { deviceId: d.id, fingerprint: d.fingerprint, status: d.status, role: d.role, room: d.room, seat: d.seat, sessionId: session?.session.id ?? null, dayId: d.day_id, person: d.person };
}

/** Tells a device's own connections what it now is, and the desks what the device list is. */
/** The socket.io rooms a device belongs in, by what it was admitted as. */
export function roomsOf(d: DevicesTable): string[] {
  if (d.status !== 'admitted' || !d.day_id) return [];
  if (d.role === 'examiner' && d.room) return [rooms.panel(d.day_id, d.room)];
  if (d.role === 'supervisor' || d.role === 'escort' || d.role === 'contributor') return [rooms.day(d.day_id)];
  return [];
}

export function announceDevice(ctx: ServerContext, d: DevicesTable): void {
  const joined = roomsOf(d);
  if (joined.length > 0) ctx.io.in(rooms.device(d.id)).socketsJoin(joined);
  ctx.io.to(rooms.device(d.id)).emit('device:status', deviceStatus(ctx, d));
  ctx.io.to(rooms.desk).emit('desk:devices', { devices: ctx.devices.all().map((x) => ctx.devices.toRow(x)) });
}
