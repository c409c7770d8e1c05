import type { Kysely } from 'kysely';

/** An interview day may belong to a selection (created from the organiser's console). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('interview_days').addColumn('selection_id', 'text').execute();
}
