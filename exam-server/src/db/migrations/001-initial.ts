import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('role', 'text')
    .addColumn('room', 'text')
    .addColumn('seat', 'text')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .addColumn('admitted_at', 'integer')
    .execute();
  await db.schema
    .createTable('sealed_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seal_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('sealed_json', 'text', (c) => c.notNull())
    .addColumn('sealed_hash', 'text', (c) => c.notNull())
    .addColumn('key', 'text')
    .addColumn('opened_at', 'integer')
    .execute();
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text', (c) => c.notNull().references('sealed_files.id'))
    .addColumn('answer_key_id', 'text', (c) => c.notNull().references('sealed_files.id'))
    .addColumn('scheduled_start', 'integer', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('late_entry_minutes', 'integer', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'integer')
    .addColumn('start_override', 'text')
    .addColumn('closed_at', 'integer')
    .addColumn('created_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('seats')
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('seat', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seats_pk', ['room', 'seat'])
    .execute();
  await db.schema
    .createTable('candidates')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('seat', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('signed_in_at', 'integer')
    .addColumn('extra_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_at', 'integer')
    .addColumn('paused_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', 'integer')
    .addColumn('receipt_json', 'text')
    .addPrimaryKeyConstraint('candidates_pk', ['session_id', 'ticket'])
    .addUniqueConstraint('candidates_seat', ['session_id', 'seat'])
    .execute();
  await db.schema
    .createTable('answers')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .addColumn('rev', 'integer', (c) => c.notNull())
    .addColumn('saved_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('answers_pk', ['session_id', 'ticket', 'question_id'])
    .execute();
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text')
    .addColumn('seat', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('announcements')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('marks')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('marker', 'text')
    .addColumn('marked_at', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('marks_pk', ['session_id', 'ticket', 'question_id'])
    .execute();
  await db.schema
    .createTable('script_codes')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('ticket', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('script_codes_pk', ['session_id', 'ticket'])
    .addUniqueConstraint('script_codes_code', ['session_id', 'code'])
    .execute();
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await sql`select 1`.execute(db);
}
