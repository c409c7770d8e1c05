import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';

/**
 * 012 rebuilds the draw tables on a venue's existing file: a day's draws and their entries must
 * come through whole, the foreign key from entries to draws must still hold, and a draw must
 * belong to a day or a selection, never both or neither.
 */
describe('migration 012 on a file with draws in it', () => {
  it('keeps every draw and entry, keeps the foreign key, and holds a draw to one owner', async () => {
    const raw = new BetterSqlite3(':memory:');
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('011-marking-recusals')).error).toBeUndefined();
    // A day (its sealed questions are not the point here) and its finished draw, as 011 stored them.
    raw.pragma('foreign_keys = OFF');
    raw.prepare(`INSERT INTO interview_days (id, label, holding_room, finished_room, questions_id, trim_when_at_least, outlier_distance, announce_on_spot, state, created_at) VALUES ('d1', '面试', '候考室', '候分室', 'q', 5, 1000, 0, 'open', 1)`).run();
    raw.prepare(`INSERT INTO lot_draws VALUES ('d1-draw-1', 'd1', 1, 'done', '["a","b"]', '${'c'.repeat(64)}', '[]', '["b","a"]', 1, 2)`).run();
    raw.prepare(`INSERT INTO lot_entries VALUES ('d1-draw-1', 'k1', '${'0'.repeat(64)}', 'sig', '${'1'.repeat(64)}', 1, 2)`).run();
    raw.pragma('foreign_keys = ON');
    const r = await migrator.migrateTo('012-seat-draws');
    expect([r.error, r.results?.map((x) => [x.migrationName, x.status])]).toEqual([undefined, [['012-seat-draws', 'Success']]]);
    expect(raw.prepare('SELECT id, day_id, selection_id, order_json FROM lot_draws').all()).toEqual([{ id: 'd1-draw-1', day_id: 'd1', selection_id: null, order_json: '["b","a"]' }]);
    expect(raw.prepare('SELECT draw_id, contributor, secret FROM lot_entries').all()).toEqual([{ draw_id: 'd1-draw-1', contributor: 'k1', secret: '1'.repeat(64) }]);
    const fks = raw.prepare("SELECT \"table\" FROM pragma_foreign_key_list('lot_entries')").all();
    expect(fks).toEqual([{ table: 'lot_draws' }]);
    expect(() => raw.prepare(`INSERT INTO lot_entries VALUES ('no-such-draw', 'k2', 'x', 'y', NULL, 1, NULL)`).run()).toThrow(/FOREIGN KEY/);
    raw.pragma('foreign_keys = OFF');
    expect(() => raw.prepare(`INSERT INTO lot_draws VALUES ('x', 'd1', 's1', 1, 'committing', '[]', 'h', '[]', NULL, 1, NULL)`).run()).toThrow(/CHECK/);
    expect(() => raw.prepare(`INSERT INTO lot_draws VALUES ('y', NULL, NULL, 1, 'committing', '[]', 'h', '[]', NULL, 1, NULL)`).run()).toThrow(/CHECK/);
    await sql`SELECT 1`.execute(db);
    await db.destroy();
  });
});
