import type { Db } from '../db/database';
import type { CandidatesTable } from '../db/schema/candidates';
import type { SessionsTable } from '../db/schema/sessions';

export interface LiveSession {
  session: SessionsTable;
  candidates: Map<string, CandidatesTable & { submitting?: boolean }>;
}

/**
 * The sessions and candidates in memory, so the hot path (autosave) checks a candidate's state
 * without a query. The database is the truth: every change is committed first, then reloaded here.
 */
export class LiveSessions {
  private readonly sessions = new Map<string, LiveSession>();

  async load(db: Db): Promise<void> {
    for (const s of await db.selectFrom('sessions').selectAll().execute()) await this.reloadSession(db, s.id);
  }

  async reloadSession(db: Db, id: string): Promise<LiveSession | undefined> {
    const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!session) {
      this.sessions.delete(id);
      return undefined;
    }
    const rows = await db.selectFrom('candidates').selectAll().where('session_id', '=', id).execute();
    const live = { session, candidates: new Map(rows.map((r) => [r.ticket, r])) };
    this.sessions.set(id, live);
    return live;
  }

  async reloadCandidate(db: Db, sessionId: string, ticket: string): Promise<void> {
    const row = await db.selectFrom('candidates').selectAll().where('session_id', '=', sessionId).where('ticket', '=', ticket).executeTakeFirst();
    const live = this.sessions.get(sessionId);
    if (live && row) live.candidates.set(ticket, row);
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
