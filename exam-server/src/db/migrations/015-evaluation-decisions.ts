import type { Kysely } from 'kysely';

/** The organiser's decision on an evaluation under the minimum turnout (run it again, or the committee's decision), as logged. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').addColumn('decision_json', 'text').execute();
}
