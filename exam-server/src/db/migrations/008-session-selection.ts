import type { Kysely } from 'kysely';

/** A written session may belong to a selection (created from the organiser's console). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('selection_id', 'text').execute();
}
