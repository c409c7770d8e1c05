import type { Kysely } from 'kysely';

/**
 * An incident is written only after reading the seat's incidents so far (answers/incident.ts: the
 * bounds hold over every process), so they are found by session and ticket.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('incidents_by_seat').on('incidents').columns(['session_id', 'ticket']).execute();
}
