import { deviceIdOf, fromBase64, keyFingerprint, type DeviceRow } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import type { DevicesTable } from '../db/schema/devices';

export { deviceIdOf };

/** The devices the server knows, cached in memory; every change goes through the database first. */
export class DeviceRegistry {
  private readonly rows = new Map<string, DevicesTable>();
  private readonly online = new Map<string, number>();

  async load(db: Db): Promise<void> {
    for (const r of await db.selectFrom('devices').selectAll().execute()) this.remember(r);
  }

  get(id: string): DevicesTable | undefined {
    return this.rows.get(id);
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

  async register(tx: Tx, publicKeyB64: string, kind: string, label: string | null, now: number): Promise<DevicesTable> {
    const pk = fromBase64(publicKeyB64);
    const id = deviceIdOf(pk);
    const existing = this.rows.get(id);
    if (existing) return existing;
    const row: DevicesTable = { id, public_key: publicKeyB64, fingerprint: keyFingerprint(pk), kind, label, status: 'pending', role: null, room: null, seat: null, created_at: now, admitted_at: null, day_id: null, person: null };
    await tx.insertInto('devices').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
    return row;
  }

  /** Changes a device in the transaction and returns the new row; call `remember` after the commit. */
  async update(tx: Tx, row: DevicesTable, patch: Partial<DevicesTable>): Promise<DevicesTable> {
    await tx.updateTable('devices').set(patch).where('id', '=', row.id).execute();
    return { ...row, ...patch };
  }

  /** Called after commit. */
  remember(row: DevicesTable): void {
    const old = this.rows.get(row.id);
    if (old?.room && old.seat && this.seats.get(`${old.room}\u0000${old.seat}`) === row.id) this.seats.delete(`${old.room}\u0000${old.seat}`);
    this.rows.set(row.id, row);
    if (row.status === 'admitted' && row.role === 'kiosk' && row.room && row.seat) this.seats.set(`${row.room}\u0000${row.seat}`, row.id);
  }

  connected(id: string, delta: 1 | -1): void {
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
