import { sql, type Kysely } from 'kysely';

/**
 * What an evaluation's close keeps in the database: the board (every ballot with its signature, in
 * key order, written at once when the close is logged — the ballot store then forgets them), and the
 * organiser's decision on an evaluation under the minimum turnout.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluations').addColumn('decision_json', 'text').execute();
  await db.schema
    .createTable('evaluation_board')
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluations.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('ballot_json', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('evaluation_board_pk', ['evaluation_id', 'key'])
    .modifyEnd(sql`without rowid`)
    .execute();
}
