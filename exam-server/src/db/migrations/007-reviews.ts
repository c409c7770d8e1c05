import type { Kysely } from 'kysely';

/** The qualification review: reviewers assigned to a selection, their signed decisions (every version), declared relations, and the published list. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reviewer_assignments')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('reviewer_assignments_pk', ['selection_id', 'device_id'])
    .execute();
  await db.schema
    .createTable('review_decisions')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull())
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('post', 'text', (c) => c.notNull())
    .addColumn('decision_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'integer', (c) => c.notNull())
    /** 1 for the version now counting for its registration and post. */
    .addColumn('current', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_decisions_item').on('review_decisions').columns(['selection_id', 'registration_id', 'post', 'current']).execute();
  await db.schema
    .createTable('recusals')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull())
    .addColumn('registration_id', 'text', (c) => c.notNull())
    /** The person, so the bar holds for every form that person has in the selection. */
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('declarant_key', 'text', (c) => c.notNull())
    .addColumn('declaration_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('qualified_lists')
    .addColumn('selection_id', 'text', (c) => c.primaryKey().references('selections.id'))
    .addColumn('list_json', 'text', (c) => c.notNull())
    .addColumn('published_at', 'integer', (c) => c.notNull())
    .execute();
}
