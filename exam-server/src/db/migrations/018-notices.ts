import type { Kysely } from 'kysely';

/**
 * Public notice (docs/protocol.md §26): the years of working days the organiser entered, each
 * notice with the page and the bundle it was published with, the objections received during a
 * notice (their content stays here; the log carries a commitment), and the appointments made final.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calendars')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('calendar_json', 'text', (c) => c.notNull())
    .addColumn('set_at', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('selection_id', 'text', (c) => c.notNull().references('selections.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('published_at', 'integer', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull())
    .addColumn('first_day', 'text', (c) => c.notNull())
    .addColumn('last_day', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'integer', (c) => c.notNull())
    .addColumn('bundle_hash', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('bundle_text', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('about', 'text')
    .addColumn('name', 'text')
    .addColumn('contact', 'text')
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('commitment', 'text', (c) => c.notNull())
    .addColumn('received_at', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('reason', 'text')
    .addColumn('handled_at', 'integer')
    .execute();
  await db.schema
    .createTable('appointment_finals')
    .addColumn('selection_id', 'text', (c) => c.primaryKey().references('selections.id'))
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('final_json', 'text', (c) => c.notNull())
    .addColumn('finalised_at', 'integer', (c) => c.notNull())
    .execute();
}
