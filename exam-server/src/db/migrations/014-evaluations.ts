import type { Kysely } from 'kysely';

/**
 * Democratic evaluations: their settings and the committed key lists (public keys only, per group).
 * Ballots are not here: they live in ballots.db (evaluation/ballot-store.ts), apart from this
 * database and its write-ahead log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('settings_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    /** What the close recorded: handed out and missing per group, the unused keys, the board's hash. */
    .addColumn('close_json', 'text')
    .execute();
  await db.schema
    .createTable('evaluation_keys')
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('evaluation_keys_pk', ['evaluation_id', 'public_key'])
    .execute();
}
