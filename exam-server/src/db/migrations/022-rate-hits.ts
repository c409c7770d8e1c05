import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * On PostgreSQL, the attempts that the limits on strangers count (devices/hit-counter.ts), shared by
 * the processes serving the database: unlogged, like the other live traffic of migration 020. SQLite's
 * one process counts in memory; nothing is made there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create unlogged table rate_hits (scope text collate "C" not null, key text collate "C" not null, at bigint not null)`.execute(db);
  await sql`create index rate_hits_by_key on rate_hits (scope, key, at)`.execute(db);
}
