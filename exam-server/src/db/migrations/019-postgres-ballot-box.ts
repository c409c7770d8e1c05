import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * On PostgreSQL, the ballot box is a table (evaluation/ballot-store-postgres.ts): sealed rows under
 * a key kept out of the database. On SQLite the ballots have a file of their own (ballot-store.ts)
 * and this migration makes nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await db.schema
    .createTable('ballot_box')
    .addColumn('evaluation_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('grp', 'text', (c) => c.notNull())
    .addColumn('sealed', 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballot_box_pk', ['evaluation_id', 'tag'])
    .execute();
}
