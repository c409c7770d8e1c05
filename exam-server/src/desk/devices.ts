import { seatIncident } from '../answers/seat-incident';
import { unbindDevice } from '../answers/bindings';
import { ExamError } from '@exam/shared';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { applyAdmission } from '../devices/status';
import type { DevicesTable } from '../db/schema/devices';
import { rooms, type ServerContext } from '../context';

const plain = (f: string) => f.toUpperCase().replace(/[^0-9A-Z]/g, '');

/** A device waiting on another process of the server (PostgreSQL; docs/processes.md), as it presented itself there. */
async function waitingElsewhere(ctx: ServerContext, matches: (d: DevicesTable) => boolean): Promise<DevicesTable | undefined> {
  if (!ctx.database.postgres) return undefined;
  let sockets;
  try {
    sockets = await ctx.io.in(rooms.waiting).fetchSockets();
  } catch {
    // A process that has just died is still counted for a few seconds and cannot answer.
    throw new ExamError('too-many-attempts', 'a server process did not answer (one may have just stopped): try again in a few seconds');
  }
  for (const s of sockets) if (s.data.waiting && matches(s.data.waiting)) return s.data.waiting;
  return undefined;
}

/**
 * The desk admits a device after comparing the fingerprint shown on the device's own screen
 * with what the invigilator types. A kiosk is bound to one seat; a kiosk admitted to a seat
 * that already has one replaces it (the old one is revoked, and the log says so).
 */
export const admitDevice: Handler<'desk:admit'> = async ({ ctx, device: desk }, p) => {
  const matches = (d: DevicesTable) => (p.deviceId ? d.id === p.deviceId : plain(d.fingerprint) === plain(p.fingerprint));
  const target =
    (p.deviceId ? ctx.devices.get(p.deviceId) : [...ctx.devices.waiting(), ...ctx.devices.all().filter((d) => d.status === 'revoked')].find(matches)) ?? (await waitingElsewhere(ctx, matches));
  if (!target) {
    throw new ExamError(p.deviceId ? 'not-found' : 'fingerprint-mismatch', p.deviceId ? `no device ${p.deviceId}` : 'no device waiting for admission shows this fingerprint: check what you typed against the device’s screen');
  }
  if (plain(p.fingerprint) !== plain(target.fingerprint)) throw new ExamError('fingerprint-mismatch', 'the fingerprint typed does not match the key this device presented: do not admit it');
  const kioskRole = p.role === 'kiosk' || p.role === 'booth' || p.role === 'teller';
  if (kioskRole && target.kind !== 'kiosk') throw new ExamError('bad-request', `only a kiosk can be admitted as a ${p.role}`);
  if (!kioskRole && target.kind === 'kiosk') throw new ExamError('bad-request', 'a kiosk can only be admitted as a kiosk, a voting booth or a teller’s station');
  // A voting booth (测评投票机) belongs to no seat, day or person: whoever votes there is not recorded.
  if (p.role === 'booth' && (p.room || p.seat || p.dayId || p.person)) throw new ExamError('bad-request', 'a voting booth belongs to no room, seat, day or person');
  // A teller's station (计票录入机) is admitted with the teller's name, for no room, seat or day.
  if (p.role === 'teller' && !p.person) throw new ExamError('bad-request', 'a teller’s station is admitted with the name of the teller using it');
  if (p.role === 'teller' && (p.room || p.seat || p.dayId)) throw new ExamError('bad-request', 'a teller’s station belongs to no room, seat or day');
  if (p.role === 'kiosk') {
    if (!p.room || !p.seat) throw new ExamError('bad-request', 'a kiosk is admitted to a room and a seat');
    const seat = await ctx.db.selectFrom('seats').select('seat').where('room', '=', p.room).where('seat', '=', p.seat).executeTakeFirst();
    if (!seat) throw new ExamError('not-found', `room ${p.room} has no seat ${p.seat}`);
  }
  const interviewRole = p.role === 'examiner' || p.role === 'supervisor' || p.role === 'escort' || p.role === 'contributor';
  // The organiser's console and a qualification reviewer act as a named person, for no day.
  if ((p.role === 'organiser' || p.role === 'reviewer') && !p.person) throw new ExamError('bad-request', `a ${p.role} is admitted with the name of the person using the device`);
  if ((p.role === 'organiser' || p.role === 'reviewer') && (p.dayId || p.room || p.seat)) throw new ExamError('bad-request', `a ${p.role} belongs to no day, room or seat`);
  if (interviewRole) {
    if (!p.person) throw new ExamError('bad-request', `a ${p.role} is admitted with the name of the person holding the tablet`);
    // A supervisor may watch the written exam only (no day); the other interview roles belong to a day.
    if (!p.dayId && p.role !== 'supervisor') throw new ExamError('bad-request', `a ${p.role} is admitted for an interview day`);
    if (p.dayId && !(await ctx.db.selectFrom('interview_days').select('id').where('id', '=', p.dayId).executeTakeFirst())) throw new ExamError('not-found', `no interview day ${p.dayId}`);
    if (p.role === 'examiner' && !p.room) throw new ExamError('bad-request', 'an examiner is admitted to an interview room');
    if (p.room && p.dayId && (p.role === 'examiner' || p.role === 'supervisor')) {
      const room = await ctx.db.selectFrom('interview_rooms').select('room').where('day_id', '=', p.dayId).where('room', '=', p.room).executeTakeFirst();
      if (!room) throw new ExamError('not-found', `${p.dayId} has no interview room ${p.room}`);
    }
  }
  const now = ctx.now();
  const changed: DevicesTable[] = [];
  const before = new Map<string, DevicesTable | undefined>();
  let replaced: DevicesTable | undefined;
  const unbound: Array<{ session_id: string; ticket: string }> = [];
  const row = await transact(ctx.db, async (tx) => {
    const previous = p.role === 'kiosk' ? ctx.devices.kioskAt(p.room!, p.seat!) : undefined;
    if (previous && previous.id !== target.id && !p.replace) {
      throw new ExamError('conflict', `seat ${p.seat} already has kiosk ${previous.fingerprint}: confirm that it is replaced`);
    }
    if (previous && previous.id !== target.id) {
      replaced = previous;
      before.set(previous.id, previous);
      changed.push(await ctx.devices.update(tx, previous, { status: 'revoked', room: null, seat: null }));
      unbound.push(...(await unbindDevice(tx, previous.id)));
      await appendAudit(tx, 'device.revoked', desk.id, { deviceId: previous.id, reason: `replaced at seat ${p.seat} by ${target.id}` });
    }
    before.set(target.id, target);
    // Admitted otherwise than it was (another role, room or seat): it is signed in for no candidate any more.
    if (target.status !== 'admitted' || target.role !== p.role || target.room !== (p.room ?? null) || target.seat !== (p.seat ?? null)) unbound.push(...(await unbindDevice(tx, target.id)));
    const updated = await ctx.devices.update(tx, target, {
      status: 'admitted',
      role: p.role,
      room: p.room ?? null,
      seat: p.seat ?? null,
      day_id: interviewRole ? (p.dayId ?? null) : null,
      person: p.person ?? null,
      admitted_at: now,
    });
    // For examiners and supervisors this is the key ceremony: the fingerprint, read off the tablet in
    // front of the supervisors and typed here, is what the paper ceremony sheet records.
    await appendAudit(tx, interviewRole ? 'ceremony.key-admitted' : 'device.admitted', desk.id, {
      deviceId: target.id,
      role: p.role,
      fingerprint: target.fingerprint,
      publicKey: target.public_key,
      label: target.label,
      room: p.room ?? null,
      seat: p.seat ?? null,
      dayId: p.dayId ?? null,
      person: p.person ?? null,
    });
    changed.push(updated);
    return updated;
  });
  for (const u of unbound) await ctx.live.reloadCandidate(ctx.db, u.session_id, u.ticket);
  for (const d of changed) applyAdmission(ctx, before.get(d.id), d);
  // A kiosk replaced mid-exam goes on the desk's incident list of the seat's candidate.
  const live = replaced ? ctx.live.currentInRoom(p.room!) : undefined;
  const sitting = live ? [...live.candidates.values()].find((c) => c.seat === p.seat) : undefined;
  if (live && sitting) await seatIncident(ctx, live.session.id, sitting.ticket, 'kiosk-replaced', `${replaced!.fingerprint} → ${target.fingerprint}`);
  return ctx.devices.toRow(row);
};

export const revokeDevice: Handler<'desk:revoke'> = async ({ ctx, device: desk }, { deviceId, reason }) => {
  const target = ctx.devices.get(deviceId);
  if (!target) throw new ExamError('not-found', `no device ${deviceId}`);
  if (target.id === desk.id) throw new ExamError('conflict', 'a desk cannot revoke itself');
  const { r: row, unbound } = await transact(ctx.db, async (tx) => {
    const r = await ctx.devices.update(tx, target, { status: 'revoked', room: null, seat: null });
    const unbound = await unbindDevice(tx, target.id);
    await appendAudit(tx, 'device.revoked', desk.id, { deviceId, reason });
    return { r, unbound };
  });
  for (const u of unbound) await ctx.live.reloadCandidate(ctx.db, u.session_id, u.ticket);
  applyAdmission(ctx, target, row);
  return ctx.devices.toRow(row);
};
