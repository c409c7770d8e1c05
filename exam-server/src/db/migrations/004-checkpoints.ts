import type { Kysely } from 'kysely';

/** Checkpoints of the log at the end of each phase, signed by the server and cosigned by supervisors. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checkpoints')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('at', 'integer', (c) => c.notNull())
    .addColumn('server_signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cosignatures')
    .addColumn('seq', 'integer', (c) => c.notNull().references('checkpoints.seq'))
    .addColumn('supervisor_key', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('cosignatures_pk', ['seq', 'supervisor_key'])
    .execute();
}
