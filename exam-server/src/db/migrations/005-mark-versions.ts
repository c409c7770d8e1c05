import type { Kysely } from 'kysely';

/**
 * Protocol 2: every version of a marker's signed mark is kept (each later one names the one it
 * replaces), so the bundle carries the whole chain and a verifier derives which one counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mark_versions')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('mark_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('received_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mark_versions_answer').on('mark_versions').columns(['session_id', 'ticket', 'question_id']).execute();
}
