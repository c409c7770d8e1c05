import type { DeskDevices, DeviceStatus } from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { DevicesTable } from '../db/schema/devices';
import { presenceEverywhere } from './presence';

export function deviceStatus(ctx: ServerContext, d: DevicesTable): DeviceStatus {
  const session = d.room ? ctx.live.currentInRoom(d.room) : undefined;
  return { deviceId: d.id, fingerprint: d.fingerprint, status: d.status, role: d.role, room: d.room, seat: d.seat, sessionId: session?.session.id ?? null, dayId: d.day_id, person: d.person };
}

/** The socket.io rooms a device belongs in, by what it was admitted as. */
export function roomsOf(d: DevicesTable): string[] {
  if (d.status !== 'admitted') return [];
  if (d.role === 'kiosk' && d.room) return [rooms.examRoom(d.room)];
  if (d.role === 'organiser') return [rooms.organisers];
  if (d.role === 'supervisor' && !d.day_id) return [rooms.venueSupervisors];
  if (!d.day_id) return [];
  if (d.role === 'examiner' && d.room) return [rooms.panel(d.day_id, d.room)];
  if (d.role === 'supervisor' || d.role === 'escort' || d.role === 'contributor') return [rooms.day(d.day_id)];
  return [];
}

/** Tells a device's own connections what it now is; the desks get the device list at the seat board's next tick. */
export function announceDevice(ctx: ServerContext, d: DevicesTable): void {
  const joined = roomsOf(d);
  if (d.status !== 'pending') ctx.io.in(rooms.device(d.id)).socketsLeave(rooms.waiting);
  if (joined.length > 0) ctx.io.in(rooms.device(d.id)).socketsJoin(joined);
  ctx.io.to(rooms.device(d.id)).emit('device:status', deviceStatus(ctx, d));
  ctx.seats.devicesChanged();
}

/**
 * What desks are told of devices: admitted and revoked ones, which are connected and how many wait (on
 * every process: `seen`, asked now unless given), the wrong desk codes.
 */
export const deskDevices = async (ctx: ServerContext, seen?: Awaited<ReturnType<typeof presenceEverywhere>>): Promise<DeskDevices> =>
  ctx.devices.forDesk(ctx.deskCodeGuard.summary(), seen ?? (await presenceEverywhere(ctx)));

const admissionOf = (d: DevicesTable | undefined) => (d && d.status === 'admitted' ? `${d.role}|${d.day_id}|${d.room}|${d.seat}` : null);

/**
 * After a device's admission changed (and the change committed): its connections lose at once
 * what they may do and receive. A device revoked, replaced, or admitted anew with another role,
 * day, room or seat is disconnected — its sockets leave every room, so it receives no key, no
 * announcement, nothing further — and reconnects, if it is still admitted, into its new rooms.
 * A waiting device that is admitted keeps its connection and joins its rooms.
 */
export function applyAdmission(ctx: ServerContext, before: DevicesTable | undefined, after: DevicesTable): void {
  ctx.devices.remember(after);
  const was = admissionOf(before);
  announceDevice(ctx, after);
  if (was !== null && was !== admissionOf(after)) ctx.io.in(rooms.device(after.id)).disconnectSockets(true);
}
