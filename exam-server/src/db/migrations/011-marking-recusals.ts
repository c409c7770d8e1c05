import type { Kysely } from 'kysely';

/** Markers' declared relations to candidates of a written session (回避): their scripts stay out of that marker's queue. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('marking_recusals')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('declarant_key', 'text', (c) => c.notNull())
    .addColumn('declaration_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'integer', (c) => c.notNull())
    .execute();
}
