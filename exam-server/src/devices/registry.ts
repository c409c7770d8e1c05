import { ExamError, deviceIdOf, fromBase64, keyFingerprint, type DeskDevices, type DeviceRow } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import { changed } from '../cluster/changes';
import type { DevicesTable } from '../db/schema/devices';
import { isLoopback, type Limits } from './limits';

export { deviceIdOf };

/** Phones connected at once, at most; a phone offline this long is forgotten. */
export const PHONES_MAX = 5000;
const PHONE_TTL_MS = 10 * 60_000;

/** A device's own label, as shown at the desk: no control or bidirectional-override characters, at most 60 characters. */
export const cleanLabel = (label: string | null): string | null => {
  const clean = label?.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').trim().slice(0, 60);
  return clean ? clean : null;
};

/** What one process sees of the devices: those connected to it, and how many of each kind wait there. */
export interface Presence {
  online: string[];
  pending: { kiosk: number; tablet: number; desk: number };
}

/**
 * The devices the server knows. Admitted and revoked devices are in the database and cached here;
 * every change goes through the database first. A device waiting for admission is kept in memory
 * only — never written, never logged — at most `pendingMax` at once and `pendingPerAddress` per
 * address, and forgotten `pendingTtlMs` after its last connection closed: connecting costs the
 * server nothing lasting until the desk admits the device by the fingerprint read off its screen.
 */
export class DeviceRegistry {
  private readonly rows = new Map<string, DevicesTable>();
  private readonly pending = new Map<string, { row: DevicesTable; address: string; seen: number }>();
  private readonly online = new Map<string, number>();
  /** Voters' phones, under phone voting: in memory only, never written, logged or shown at the desk. */
  private readonly phones = new Map<string, { row: DevicesTable; seen: number }>();

  constructor(private readonly limits: Limits) {}

  async load(db: Db): Promise<void> {
    // Devices that were only waiting (written by earlier releases) are not loaded: they register again.
    for (const r of await db.selectFrom('devices').selectAll().where('status', '!=', 'pending').execute()) this.remember(r);
  }

  get(id: string): DevicesTable | undefined {
    return this.rows.get(id) ?? this.pending.get(id)?.row ?? this.phones.get(id)?.row;
  }

  /**
   * A voter's phone, where phone voting is on: a voting booth for as long as it stays connected and
   * ten minutes after, in memory only — no row, no log entry, no place at the desk, not even when it
   * came (a booth's powers are nothing without a card's code). At most PHONES_MAX at once. A key the
   * server knows otherwise (an admitted or waiting device) is not taken as a phone.
   */
  phone(publicKeyB64: string, now: number): DevicesTable {
    const pk = fromBase64(publicKeyB64);
    const id = deviceIdOf(pk);
    if (this.rows.has(id) || this.pending.has(id)) throw new ExamError('forbidden', 'this device is known here as another device: vote at a booth');
    const known = this.phones.get(id);
    if (known) {
      known.seen = now;
      return known.row;
    }
    for (const [k, p] of this.phones) if (!this.online.has(k) && now - p.seen > PHONE_TTL_MS) this.phones.delete(k);
    if (this.phones.size >= PHONES_MAX) throw new ExamError('too-many-attempts', 'too many phones are connected: vote at a booth');
    const row: DevicesTable = { id, public_key: publicKeyB64, fingerprint: keyFingerprint(pk), kind: 'phone', label: null, status: 'admitted', role: 'booth', room: null, seat: null, created_at: 0, admitted_at: 0, day_id: null, person: null };
    this.phones.set(id, { row, seen: now });
    return row;
  }

  /** Devices waiting for admission (in memory only). */
  waiting(): DevicesTable[] {
    return [...this.pending.values()].map((p) => p.row);
  }

  /** Which devices are connected to this process, and how many of each kind wait here for admission. */
  presence(): Presence {
    const pending = { kiosk: 0, tablet: 0, desk: 0 };
    for (const p of this.pending.values()) if (p.row.kind in pending) pending[p.row.kind as keyof typeof pending]++;
    return { online: [...this.online.keys()], pending };
  }

  /**
   * What the desk may know of the devices: never a waiting device's fingerprint, only how many wait.
   * `seen`: which are connected and how many wait, on every process serving the database (devices/presence.ts).
   */
  forDesk(refusals: DeskDevices['deskCodeRefusals'], seen: { online: ReadonlySet<string>; pending: Presence['pending'] }): DeskDevices {
    return { devices: this.all().map((d) => ({ ...this.toRow(d), online: seen.online.has(d.id) })), pending: seen.pending, deskCodeRefusals: refusals };
  }

  /** The device with this public key (base64), and the name to show for it: the person, or its fingerprint. */
  byKey(publicKey: string): DevicesTable | undefined {
    return this.all().find((d) => d.public_key === publicKey);
  }

  nameOf(publicKey: string): string {
    const d = this.byKey(publicKey);
    return d?.person ?? d?.fingerprint ?? '?';
  }

  all(): DevicesTable[] {
    return [...this.rows.values()];
  }

  private readonly seats = new Map<string, string>();

  /** The admitted kiosk at a seat, if any. */
  kioskAt(room: string, seat: string): DevicesTable | undefined {
    const id = this.seats.get(`${room}\u0000${seat}`);
    return id ? this.rows.get(id) : undefined;
  }

  /**
   * The device behind a proven key: the admitted or revoked one, or a waiting one (made now if
   * new). Refuses a new one past the limits, after forgetting those offline for longer than the
   * time-to-live.
   */
  register(publicKeyB64: string, kind: string, label: string | null, address: string, now: number): DevicesTable {
    const pk = fromBase64(publicKeyB64);
    const id = deviceIdOf(pk);
    const known = this.rows.get(id);
    // A key not admitted holds a few sockets at most: each one is state the server keeps for a stranger.
    const busy = () => {
      const open = this.online.get(id) ?? 0;
      if (open >= this.limits.socketsPerWaitingKey) throw new ExamError('too-many-attempts', `this device already has ${open} connections open and is not admitted: close its other windows`);
    };
    if (known) {
      if (known.status !== 'admitted') busy();
      return known;
    }
    const waiting = this.pending.get(id);
    if (waiting) {
      busy();
      waiting.seen = now;
      return waiting.row;
    }
    this.sweep(now);
    const exempt = this.limits.exemptLoopback && isLoopback(address);
    if (this.pending.size >= this.limits.pendingMax) throw new ExamError('too-many-attempts', 'too many devices are waiting for admission: admit or turn away the waiting ones first');
    if (!exempt && [...this.pending.values()].filter((p) => p.address === address).length >= this.limits.pendingPerAddress) {
      throw new ExamError('too-many-attempts', 'too many devices from this address are waiting for admission');
    }
    const row: DevicesTable = { id, public_key: publicKeyB64, fingerprint: keyFingerprint(pk), kind, label: cleanLabel(label), status: 'pending', role: null, room: null, seat: null, created_at: now, admitted_at: null, day_id: null, person: null };
    this.pending.set(id, { row, address, seen: now });
    return row;
  }

  /** Forgets waiting devices that have been offline for longer than the time-to-live. */
  private sweep(now: number): void {
    for (const [id, p] of this.pending) if (!this.online.has(id) && now - p.seen > this.limits.pendingTtlMs) this.pending.delete(id);
  }

  /** Changes a device in the transaction (writing a waiting one for the first time) and returns the new row; call `remember` after the commit. */
  async update(tx: Tx, row: DevicesTable, patch: Partial<DevicesTable>): Promise<DevicesTable> {
    if (this.rows.has(row.id)) await tx.updateTable('devices').set(patch).where('id', '=', row.id).execute();
    else await tx.insertInto('devices').values({ ...row, ...patch }).onConflict((oc) => oc.column('id').doUpdateSet(patch)).execute();
    await changed(tx, { k: 'device', id: row.id });
    return { ...row, ...patch };
  }

  /** Reads one device again (another process changed it: docs/processes.md). */
  async reload(db: Db, id: string): Promise<void> {
    await this.reloadMany(db, [id]);
  }

  /** Reads some devices again, in one query. */
  async reloadMany(db: Db, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const row of await db.selectFrom('devices').selectAll().where('id', 'in', ids).execute()) if (row.status !== 'pending') this.remember(row);
  }

  /** Called after commit. */
  remember(row: DevicesTable): void {
    const old = this.rows.get(row.id);
    if (old?.room && old.seat && this.seats.get(`${old.room}\u0000${old.seat}`) === row.id) this.seats.delete(`${old.room}\u0000${old.seat}`);
    this.rows.set(row.id, row);
    this.pending.delete(row.id);
    if (row.status === 'admitted' && row.role === 'kiosk' && row.room && row.seat) this.seats.set(`${row.room}\u0000${row.seat}`, row.id);
  }

  connected(id: string, delta: 1 | -1, now = Date.now()): void {
    const p = this.pending.get(id) ?? this.phones.get(id);
    if (p) p.seen = now;
    const n = (this.online.get(id) ?? 0) + delta;
    if (n <= 0) this.online.delete(id);
    else this.online.set(id, n);
  }

  isOnline(id: string): boolean {
    return this.online.has(id);
  }

  toRow(d: DevicesTable): DeviceRow {
    return { id: d.id, kind: d.kind, label: d.label, fingerprint: d.fingerprint, status: d.status, role: d.role, room: d.room, seat: d.seat, dayId: d.day_id, person: d.person, online: this.isOnline(d.id) };
  }
}
