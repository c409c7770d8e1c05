import type { Kysely } from 'kysely';

/** Examiners' declared relations to candidates of an interview day (回避), made by name before the interviews. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('interview_recusals')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('day_id', 'text', (c) => c.notNull().references('interview_days.id'))
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('declarant_key', 'text', (c) => c.notNull())
    .addColumn('declaration_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('declared_at', 'integer', (c) => c.notNull())
    .addUniqueConstraint('interview_recusals_once', ['day_id', 'ticket', 'declarant_key'])
    .execute();
}
