import type { Kysely } from 'kysely';

/** The committee's decision on a selection's appointments (docs/protocol.md §25), as last recorded, with the appointments it gives. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('appointment_decisions')
    .addColumn('selection_id', 'text', (c) => c.primaryKey().references('selections.id'))
    /** shared's `CommitteeDecision`, canonical JSON. */
    .addColumn('decision_json', 'text', (c) => c.notNull())
    /** shared's `AppointmentResult`, canonical JSON. */
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'integer', (c) => c.notNull())
    .execute();
}
