import { deskDevices } from '../devices/status';
import { presenceEverywhere } from '../devices/presence';
import { allQuestions, type SeatState } from '@exam/shared';
import type { ServerContext } from '../context';
import { rooms } from '../context';
import { endsAt } from '../sessions/timing';
import { sql } from 'kysely';

const AFTER_CLOSE_MS = 60_000;
/** How old the processes' word on which devices are connected may grow, with no change heard, before they are asked again. */
const ONLINE_FRESH_MS = 10_000;

/**
 * The sessions whose seats change without a change in the feed (saves, kiosks connecting): the one
 * each room's kiosks belong to (running, or else the next scheduled: `currentInRoom`, where sign-ins
 * go), and those closed within the last minute. Whatever else changes a session or a candidate is in
 * the feed of changes, which marks its session (cluster/changes.ts).
 */
function changingNow(ctx: ServerContext, now: number): string[] {
  const ids = new Set<string>();
  const roomsOpen = new Set<string>();
  for (const l of ctx.live.all()) {
    if (l.session.state !== 'closed') roomsOpen.add(l.session.room);
    else if ((l.session.closed_at ?? 0) > now - AFTER_CLOSE_MS) ids.add(l.session.id);
  }
  for (const room of roomsOpen) ids.add(ctx.live.currentInRoom(room)!.session.id);
  return [...ids];
}

/**
 * The invigilator's live seat map. Changes mark a session dirty; once a second the seats of dirty
 * sessions are rebuilt and only the seats that changed go to the desks. On PostgreSQL the process
 * that keeps the exam clock rebuilds, once a second while a desk is open, the sessions whose seats
 * may be changing now (`changingNow`): not those scheduled after them.
 */
export class SeatBoard {
  private readonly dirty = new Set<string>();
  private readonly lastSent = new Map<string, Map<string, string>>();
  private timer: NodeJS.Timeout | undefined;
  private devicesDirty = false;
  /** A change seen here that the process keeping the clock has not been told of yet (several processes). */
  private tellOthers = false;
  /**
   * Which devices are connected to any process (several processes), as every process said when last
   * asked, and when: asked again at a device's change, or after ONLINE_FRESH_MS.
   */
  private online: { ids: ReadonlySet<string>; at: number } | undefined;

  constructor(private readonly ctx: () => ServerContext) {}

  start(intervalMs = 1000): void {
    // A tick that fails (another process gone silent, the database restarting) is tried again at the
    // next; one still waiting for the other processes when this one stops (they stop too) is not news.
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.ctx().stopping || console.error('seat map:', (err as Error).message)), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * A device registered, connected, went away or changed: the desks get the list at the next tick —
   * from this process (one process), or from the one that keeps the exam clock (several: `tell`, the
   * others pass the word to it).
   */
  devicesChanged(tell = true): void {
    this.devicesDirty = true;
    this.tellOthers ||= tell;
  }

  touch(sessionId: string): void {
    this.dirty.add(sessionId);
  }

  saved(sessionId: string): void {
    this.dirty.add(sessionId);
  }

  /**
   * Which kiosks are connected: to this process (one process), or to any of the processes serving the
   * database — the ids each said it holds when last asked (devices/presence.ts), asked again only when
   * a device came, went or changed somewhere, or the answer is ONLINE_FRESH_MS old. Asking every
   * second instead (socket.io's `fetchSockets`, every socket with its handshake) cost each process,
   * at 10,000 kiosks, megabytes to encode and decode a second.
   */
  private connected(): (deviceId: string) => boolean {
    const ctx = this.ctx();
    if (!ctx.database.postgres || !this.online) return (id) => ctx.devices.isOnline(id);
    const ids = this.online.ids;
    return (id) => ids.has(id);
  }

  async seats(sessionId: string): Promise<SeatState[]> {
    const ctx = this.ctx();
    const live = ctx.live.get(sessionId);
    if (!live) return [];
    const { session } = live;
    const seatRows = await ctx.db.selectFrom('seats').select('seat').where('room', '=', session.room).execute();
    // What each candidate has answered and when they last saved, from the database: the same whichever
    // process took the saves (docs/processes.md).
    const saves = new Map(
      (
        await ctx.db
          .selectFrom('answers')
          .select(['ticket', sql<number>`sum(case when value_json <> 'null' then 1 else 0 end)`.as('n'), (eb) => eb.fn.max('saved_at').as('last')])
          .where('session_id', '=', sessionId)
          .groupBy('ticket')
          .execute()
      ).map((r) => [r.ticket, { answered: Number(r.n), last: r.last === null ? null : Number(r.last) }]),
    );
    const incidents = new Map(
      (
        await ctx.db
          .selectFrom('incidents')
          .select(['ticket', (eb) => eb.fn.countAll<number>().as('n')])
          .where('session_id', '=', sessionId)
          .groupBy('ticket')
          .execute()
      ).map((r) => [r.ticket, Number(r.n)]),
    );
    const connected = this.connected();
    const paper = ctx.opened.paper(session.paper_id);
    const questionCount = paper ? allQuestions(paper).length : null;
    const byseat = new Map([...live.candidates.values()].map((c) => [c.seat, c]));
    const now = ctx.now();
    const seatNames = [...new Set([...seatRows.map((s) => s.seat), ...byseat.keys()])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return seatNames.map((seat) => {
      const c = byseat.get(seat);
      const kiosk = ctx.devices.kioskAt(session.room, seat);
      const online = kiosk ? connected(kiosk.id) : false;
      const state: SeatState['state'] = !c
        ? 'empty'
        : c.submitted_at !== null
          ? 'submitted'
          : c.paused_at !== null
            ? 'paused'
            : !online
              ? c.signed_in_at === null
                ? 'offline'
                : 'dropped'
              : c.signed_in_at === null
                ? 'online'
                : session.started_at === null
                  ? 'signed-in'
                  : 'answering';
      return {
        seat,
        ticket: c?.ticket ?? null,
        name: c?.name ?? null,
        state,
        kioskOnline: online,
        answered: c ? (saves.get(c.ticket)?.answered ?? 0) : 0,
        questionCount,
        lastSaveAt: c ? (saves.get(c.ticket)?.last ?? null) : null,
        incidents: c ? (incidents.get(c.ticket) ?? 0) : 0,
        extraMinutes: c ? Math.round(c.extra_ms / 60_000) : 0,
        endsAt: c ? endsAt(session, c, now) : null,
      };
    });
  }

  private async tick(): Promise<void> {
    const ctx = this.ctx();
    if (ctx.database.postgres) {
      // Several processes (PostgreSQL): a save, a sign-in or a connection may have been taken by any of
      // them, so the one that keeps the exam clock builds the seat maps, from what they share (the
      // database, the adapter), and sends the desks what changed.
      if (!ctx.leader.isLeader()) {
        this.dirty.clear();
        this.lastSent.clear();
        this.online = undefined;
        if (this.tellOthers) ctx.io.serverSideEmit('devices-changed');
        this.tellOthers = this.devicesDirty = false;
        return;
      } else {
        // Nothing to build while no desk is open anywhere: a desk that opens asks for the whole map and list.
        if ((await ctx.io.in(rooms.desk).fetchSockets()).length === 0) return;
        for (const id of changingNow(ctx, ctx.now())) this.dirty.add(id);
      }
    } else if (this.dirty.size > 0 || this.devicesDirty) {
      // One process: nothing to build without a desk.
      if ((await ctx.io.in(rooms.desk).fetchSockets()).length === 0) return;
    }
    const stale = ctx.database.postgres && (this.online?.at ?? -Infinity) < ctx.now() - ONLINE_FRESH_MS;
    if (this.devicesDirty || stale) {
      const changed = this.devicesDirty;
      const before = this.online?.ids;
      this.devicesDirty = this.tellOthers = false;
      const seen = await presenceEverywhere(ctx);
      if (ctx.database.postgres) this.online = { ids: seen.online, at: ctx.now() };
      // (asked again only because the last answer aged: the desks hear of it if it differs)
      const differs = !before || before.size !== seen.online.size || [...seen.online].some((id) => !before.has(id));
      if (changed || differs) ctx.io.to(rooms.desk).emit('desk:devices', await deskDevices(ctx, seen));
    }
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      const seats = await this.seats(id);
      const sent = this.lastSent.get(id) ?? new Map<string, string>();
      const changed = seats.filter((s) => {
        const json = JSON.stringify({ ...s, endsAt: s.state === 'paused' ? null : s.endsAt });
        if (sent.get(s.seat) === json) return false;
        sent.set(s.seat, json);
        return true;
      });
      this.lastSent.set(id, sent);
      if (changed.length > 0) ctx.io.to(rooms.desk).emit('desk:seats', { sessionId: id, seats: changed });
    }
  }
}
