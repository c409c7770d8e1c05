import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('day_id', 'text').execute();
  await db.schema.alterTable('devices').addColumn('person', 'text').execute();
  await db.schema
    .createTable('interview_days')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('holding_room', 'text', (c) => c.notNull())
    .addColumn('finished_room', 'text', (c) => c.notNull())
    .addColumn('questions_id', 'text', (c) => c.notNull().references('sealed_files.id'))
    .addColumn('trim_when_at_least', 'integer', (c) => c.notNull())
    .addColumn('outlier_distance', 'integer', (c) => c.notNull())
    .addColumn('announce_on_spot', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('interview_rooms')
    .addColumn('day_id', 'text', (c) => c.notNull().references('interview_days.id'))
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('current_ticket', 'text')
    .addPrimaryKeyConstraint('interview_rooms_pk', ['day_id', 'room'])
    .execute();
  await db.schema
    .createTable('interview_candidates')
    .addColumn('day_id', 'text', (c) => c.notNull().references('interview_days.id'))
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('phone_handed_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lot', 'integer')
    .addColumn('checked_in_at', 'integer')
    .addColumn('called_at', 'integer')
    .addColumn('entered_at', 'integer')
    .addColumn('left_at', 'integer')
    .addPrimaryKeyConstraint('interview_candidates_pk', ['day_id', 'ticket'])
    .addUniqueConstraint('interview_candidates_lot', ['day_id', 'lot'])
    .execute();
  await db.schema
    .createTable('lot_draws')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('day_id', 'text', (c) => c.notNull().references('interview_days.id'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('tickets_json', 'text', (c) => c.notNull())
    .addColumn('candidates_hash', 'text', (c) => c.notNull())
    .addColumn('contributors_json', 'text', (c) => c.notNull())
    .addColumn('order_json', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('finished_at', 'integer')
    .execute();
  await db.schema
    .createTable('lot_entries')
    .addColumn('draw_id', 'text', (c) => c.notNull().references('lot_draws.id'))
    .addColumn('contributor', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('secret', 'text')
    .addColumn('committed_at', 'integer', (c) => c.notNull())
    .addColumn('revealed_at', 'integer')
    .addPrimaryKeyConstraint('lot_entries_pk', ['draw_id', 'contributor'])
    .execute();
  await db.schema
    .createTable('score_sheets')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('day_id', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('lot', 'integer', (c) => c.notNull())
    .addColumn('examiner_key', 'text', (c) => c.notNull())
    .addColumn('sheet_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('replaces', 'text')
    .addColumn('countersign_json', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('received_at', 'integer', (c) => c.notNull())
    .addColumn('flagged_at', 'integer')
    .execute();
  await db.schema.createIndex('score_sheets_candidate').on('score_sheets').columns(['day_id', 'lot']).execute();
  await db.schema
    .createTable('conflicts')
    .addColumn('day_id', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('lot', 'integer', (c) => c.notNull())
    .addColumn('examiner_key', 'text', (c) => c.notNull())
    .addColumn('declaration_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('conflicts_pk', ['day_id', 'lot', 'examiner_key'])
    .execute();
}
