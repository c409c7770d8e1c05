import type { Db } from '../db/database';
import type { CandidatesTable } from '../db/schema/candidates';
import type { SessionsTable } from '../db/schema/sessions';

export interface LiveSession {
  session: SessionsTable;
  candidates: Map<string, CandidatesTable & { submitting?: boolean }>;
}

/**
 * The sessions and candidates in memory, so the hot path (autosave) checks a candidate's state
 * without a query. The database is the truth: every change is committed first, then reloaded here
 * (by the process that made it, and by every other one serving the same database: cluster/changes.ts).
 */
export class LiveSessions {
  private readonly sessions = new Map<string, LiveSession>();
  /** Which candidate each kiosk is signed in for, by the candidates' `device_id`. */
  private readonly byDevice = new Map<string, { sessionId: string; ticket: string }>();

  async load(db: Db): Promise<void> {
    for (const s of await db.selectFrom('sessions').selectAll().execute()) await this.reloadSession(db, s.id);
  }

  async reloadSession(db: Db, id: string): Promise<LiveSession | undefined> {
    const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    const old = this.sessions.get(id);
    if (!session) {
      for (const c of old?.candidates.values() ?? []) this.unindex(c);
      this.sessions.delete(id);
      return undefined;
    }
    const rows = await db.selectFrom('candidates').selectAll().where('session_id', '=', id).execute();
    const live: LiveSession = { session, candidates: new Map() };
    this.sessions.set(id, live);
    for (const r of rows) this.setCandidate(live, r, old?.candidates.get(r.ticket));
    return live;
  }

  /** A session's own row read again, its candidates kept as they are (each of their changes has its own). */
  async reloadSessionRow(db: Db, id: string): Promise<LiveSession | undefined> {
    const live = this.sessions.get(id);
    const session = live ? await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
    if (!live || !session) return this.reloadSession(db, id);
    live.session = session;
    return live;
  }

  async reloadCandidate(db: Db, sessionId: string, ticket: string): Promise<void> {
    await this.reloadCandidates(db, sessionId, [ticket]);
  }

  /** Some candidates of a session read again, in one query. */
  async reloadCandidates(db: Db, sessionId: string, tickets: readonly string[]): Promise<void> {
    if (tickets.length === 0) return;
    const rows = await db.selectFrom('candidates').selectAll().where('session_id', '=', sessionId).where('ticket', 'in', tickets).execute();
    const live = this.sessions.get(sessionId);
    if (live) for (const row of rows) this.setCandidate(live, row, live.candidates.get(row.ticket));
  }

  private setCandidate(live: LiveSession, row: CandidatesTable, old: (CandidatesTable & { submitting?: boolean }) | undefined): void {
    if (old) this.unindex(old);
    // A hand-in under way in this process stays under way (`submitting` is this process's own).
    live.candidates.set(row.ticket, { ...row, ...(old?.submitting ? { submitting: true } : {}) });
    if (row.device_id) this.byDevice.set(row.device_id, { sessionId: row.session_id, ticket: row.ticket });
  }

  private unindex(c: CandidatesTable): void {
    const b = c.device_id ? this.byDevice.get(c.device_id) : undefined;
    if (b && b.sessionId === c.session_id && b.ticket === c.ticket) this.byDevice.delete(c.device_id!);
  }

  /** The candidate a kiosk is signed in for, if it still is (a later sign-in elsewhere takes the candidate over). */
  boundTo(deviceId: string): { sessionId: string; ticket: string } | undefined {
    return this.byDevice.get(deviceId);
  }

  get(id: string): LiveSession | undefined {
    return this.sessions.get(id);
  }

  all(): LiveSession[] {
    return [...this.sessions.values()];
  }

  /** The session a kiosk in this room belongs to now: running first, then the next scheduled. */
  currentInRoom(room: string): LiveSession | undefined {
    const inRoom = this.all().filter((l) => l.session.room === room && l.session.state !== 'closed');
    return inRoom.find((l) => l.session.state === 'running') ?? inRoom.sort((a, b) => a.session.scheduled_start - b.session.scheduled_start)[0];
  }
}
