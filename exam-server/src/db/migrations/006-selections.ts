import type { Kysely } from 'kysely';

/**
 * The front of the procedure: a selection, its posts, and the registrations for them. A
 * registration's form is kept whole (personal data: it goes into the supervisors' bundle only);
 * the log carries its commitment.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('selections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('registration_opens', 'integer', (c) => c.notNull())
    .addColumn('registration_closes', 'integer', (c) => c.notNull())
    .addColumn('steps_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('posts')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('post_json', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('posts_pk', ['selection_id', 'id'])
    .execute();
  await db.schema
    .createTable('registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('form_json', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'integer', (c) => c.notNull())
    .addColumn('replaces', 'text')
    .addColumn('ended_at', 'integer')
    .execute();
  await db.schema.createIndex('registrations_person').on('registrations').columns(['selection_id', 'id_number', 'state']).execute();
}
