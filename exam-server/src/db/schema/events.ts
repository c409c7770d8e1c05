import type { Generated } from 'kysely';

export interface IncidentsTable {
  /** Given by the database (SQLite's row id, PostgreSQL's identity). */
  id: Generated<number>;
  session_id: string;
  ticket: string | null;
  seat: string | null;
  kind: string;
  detail: string | null;
  at: number;
}

export interface AnnouncementsTable {
  /** Given by the database (SQLite's row id, PostgreSQL's identity). */
  id: Generated<number>;
  session_id: string;
  text: string;
  at: number;
}
