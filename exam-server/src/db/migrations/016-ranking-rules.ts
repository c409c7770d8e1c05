import type { Kysely } from 'kysely';

/**
 * The composite-ranking rules of each post and round (docs/protocol.md §25), as last set; every
 * setting is on the log too (`ranking.rules-set`), and none may be set once a component it names
 * has begun.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ranking_rules')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    /** shared's `RankingRules`, canonical JSON. */
    .addColumn('rules_json', 'text', (c) => c.notNull())
    .addColumn('set_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ranking_rules_pk', ['selection_id', 'post', 'round'])
    .execute();
}
