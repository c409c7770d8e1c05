import type { Kysely } from 'kysely';

/** Markers sign their marks like score sheets: the signed object and its signature are kept as given. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('marks').addColumn('mark_json', 'text').execute();
  await db.schema.alterTable('marks').addColumn('signature', 'text').execute();
}
