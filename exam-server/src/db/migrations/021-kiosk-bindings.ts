import type { Kysely } from 'kysely';

/**
 * Which kiosk a candidate is signed in on, kept with the candidate (docs/processes.md): a
 * candidate is active on one kiosk at a time whichever process serves it, a kiosk that reconnects
 * — to the same process after a restart, or to another — carries on without signing in again, and
 * a sign-in on a replacement kiosk takes the candidate over everywhere at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('candidates').addColumn('device_id', 'text').execute();
}
