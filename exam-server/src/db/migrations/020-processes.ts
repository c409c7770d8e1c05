import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * On PostgreSQL, what several server processes share besides the records (docs/processes.md):
 * - `socket_io_attachments`, socket.io's adapter's table for broadcasts over NOTIFY's 8,000 bytes;
 * - `spent_challenges`, the connection challenges already used (devices/challenges.ts), so that a
 *   challenge is single-use whichever process it reaches.
 * Both are UNLOGGED: live traffic, neither written to the WAL nor kept by a crash of the database
 * (a challenge lives one minute). SQLite's one process keeps both in memory; nothing is made there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create unlogged table socket_io_attachments (id bigserial unique, created_at timestamptz default now(), payload bytea)`.execute(db);
  await sql`create unlogged table spent_challenges (challenge text collate "C" primary key, expires_at bigint not null)`.execute(db);
}
