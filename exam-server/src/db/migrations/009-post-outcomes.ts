import type { Kysely } from 'kysely';

/** 开考比例: what the organiser decided for a post whose qualified candidates fell short of its minimum ratio. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('post_outcomes')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('merge_into', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('post_outcomes_pk', ['selection_id', 'post'])
    .execute();
}
