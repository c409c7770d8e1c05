import { sql, type Kysely } from 'kysely';

/**
 * A draw belongs to an interview day (the lot) or to a selection (the seat draw that gives
 * admission numbers and seats): `lot_draws.day_id` becomes nullable beside a new `selection_id`.
 * SQLite cannot relax a column, so both draw tables are rebuilt, children first, and renamed back
 * (the rename carries the foreign key along). And the admissions the seat draw gives.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lot_draws_new')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('day_id', 'text', (c) => c.references('interview_days.id'))
    .addColumn('selection_id', 'text', (c) => c.references('selections.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('tickets_json', 'text', (c) => c.notNull())
    .addColumn('candidates_hash', 'text', (c) => c.notNull())
    .addColumn('contributors_json', 'text', (c) => c.notNull())
    .addColumn('order_json', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('finished_at', 'integer')
    .addCheckConstraint('lot_draws_owner', sql`(day_id IS NULL) <> (selection_id IS NULL)`)
    .execute();
  await sql`INSERT INTO lot_draws_new (id, day_id, selection_id, attempt, state, tickets_json, candidates_hash, contributors_json, order_json, created_at, finished_at)
            SELECT id, day_id, NULL, attempt, state, tickets_json, candidates_hash, contributors_json, order_json, created_at, finished_at FROM lot_draws`.execute(db);
  await db.schema
    .createTable('lot_entries_new')
    .addColumn('draw_id', 'text', (c) => c.notNull().references('lot_draws_new.id'))
    .addColumn('contributor', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('committed_at', 'integer', (c) => c.notNull())
    .addColumn('revealed_at', 'integer')
    .addPrimaryKeyConstraint('lot_entries_new_pk', ['draw_id', 'contributor'])
    .execute();
  await sql`INSERT INTO lot_entries_new SELECT draw_id, contributor, commitment, signature, secret, committed_at, revealed_at FROM lot_entries`.execute(db);
  await db.schema.dropTable('lot_entries').execute();
  await db.schema.dropTable('lot_draws').execute();
  await db.schema.alterTable('lot_draws_new').renameTo('lot_draws').execute();
  await db.schema.alterTable('lot_entries_new').renameTo('lot_entries').execute();
  await db.schema.createIndex('lot_draws_selection').on('lot_draws').columns(['selection_id', 'attempt']).execute();

  await db.schema
    .createTable('admissions')
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('registration_id', 'text', (c) => c.notNull().references('registrations.id'))
    .addColumn('admission_no', 'text', (c) => c.notNull())
    /** shared's `SeatAdmission['sittings']`, JSON: each paper sat and its seat. */
    .addColumn('sittings_json', 'text', (c) => c.notNull())
    .addColumn('draw_id', 'text', (c) => c.notNull().references('lot_draws.id'))
    .addPrimaryKeyConstraint('admissions_pk', ['selection_id', 'registration_id'])
    .addUniqueConstraint('admissions_number', ['selection_id', 'admission_no'])
    .execute();
  // A session whose candidates came from the seat draw names the selection's paper they sit.
  await db.schema.alterTable('sessions').addColumn('paper', 'text').execute();
}
