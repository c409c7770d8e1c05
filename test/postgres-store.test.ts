import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migratorFor, startExamServer, verifyAuditChain, type Database } from '@exam/server';
import { appendAudit } from '../exam-server/src/audit/log';
import { transact } from '../exam-server/src/db/transact';
import type { ExamError } from '@exam/shared';
import { AnswerWriter } from '../exam-server/src/answers/writer';
import { WRITE_LOCK_KEY } from '../exam-server/src/db/postgres';
import { benchSession } from './support/bench-session';
import { startTestServer } from './support/server';
import { POSTGRES_ADMIN_URL, databaseFor, dropDatabaseFor, dropDatabaseNamed, onPostgres, openTestStore } from './support/store';

/**
 * What running on PostgreSQL changes, held to what SQLite gives (docs/postgresql.md): the same
 * order of text, 64-bit times, transactions one at a time, and an autosave batch that leaves what
 * the same saves one by one would. Runs in the PostgreSQL project only; everything else runs on both.
 */
describe.runIf(onPostgres)('the PostgreSQL store keeps SQLite’s promises', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-pg-store-'));
  let database: Database;
  beforeAll(async () => {
    database = await openTestStore(dataDir);
  });
  afterAll(async () => {
    await database?.close();
    await dropDatabaseFor(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('orders text byte by byte, as SQLite does, on a database whose own collation is Chinese', async () => {
    // The database's own order (support/store.ts makes it with ICU's zh) is not SQLite's: the server's columns must not use it.
    const own = (await database.postgres!.pool.query<{ x: string }>("select x from unnest(array['b', 'B', 'a', '中', 'Z', '10', '9']) as x order by x")).rows.map((r) => r.x);
    expect(own).toEqual(['10', '9', '中', 'a', 'b', 'B', 'Z']);
    const keys = ['b', 'B', 'a', '中', 'Z', 'é', 'a-1', 'a_1', 'A1', '10', '9'];
    for (const key of keys) await database.db.insertInto('settings').values({ key: `order:${key}`, value: key }).execute();
    const got = (await database.db.selectFrom('settings').select('value').where('key', 'like', 'order:%').orderBy('key').execute()).map((r) => r.value);
    expect(got).toEqual([...keys].sort());
    expect(got).toEqual(['10', '9', 'A1', 'B', 'Z', 'a', 'a-1', 'a_1', 'b', 'é', '中']);
  });

  it('keeps times in milliseconds (beyond 32 bits) and gives integers back as numbers', async () => {
    const at = 1_795_000_000_123;
    await database.db.insertInto('incidents').values({ session_id: 'none', ticket: null, seat: null, kind: 'test', detail: null, at }).execute();
    const row = await database.db.selectFrom('incidents').select(['id', 'at']).where('kind', '=', 'test').executeTakeFirstOrThrow();
    expect(row.at).toBe(at);
    expect(typeof row.id).toBe('number');
    const count = await database.db.selectFrom('incidents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('runs transactions one at a time across connections: 40 appended to the log at once make one unbroken chain', async () => {
    const before = (await verifyAuditChain(database.db)) as { entries: number };
    // Each reads the log's head and writes the next entry: without the write lock two would read the same head.
    await Promise.all(Array.from({ length: 40 }, (_, i) => transact(database.db, async (tx) => {
      await appendAudit(tx, 'checkpoint.made', 'test', { i }, 1_795_000_000_000 + i);
      await new Promise((r) => setTimeout(r, 2));
    })));
    const chain = await verifyAuditChain(database.db);
    expect(chain).toMatchObject({ ok: true, entries: before.entries + 40 });
  });

  it('writes an autosave batch as the saves one by one would: per answer the highest revision, the first of equal ones', async () => {
    const writer = new AnswerWriter(database);
    const save = (questionId: string, rev: number, value: string) => writer.save({ sessionId: 's', ticket: 't', questionId, valueJson: JSON.stringify(value), rev, at: 1_795_000_000_000 + rev });
    // All in one batch (one tick): q1 sees revisions 2, 5, 3; q2 twice at revision 4.
    await Promise.all([save('q1', 2, 'two'), save('q1', 5, 'five'), save('q1', 3, 'three'), save('q2', 4, 'first'), save('q2', 4, 'second')]);
    // A later batch with a lower revision changes nothing.
    await save('q1', 4, 'four');
    await writer.close();
    const rows = await database.db.selectFrom('answers').select(['question_id', 'value_json', 'rev']).where('session_id', '=', 's').orderBy('question_id').execute();
    expect(rows).toEqual([
      { question_id: 'q1', value_json: '"five"', rev: 5 },
      { question_id: 'q2', value_json: '"first"', rev: 4 },
    ]);
    expect(writer.committed).toBe(6);
  });

  it('lets autosave batches of several processes commit side by side, each wholly before or after a transaction that checks and writes', async () => {
    const other = new pg.Client({ connectionString: database.postgres!.url });
    await other.connect();
    const writer = new AnswerWriter(database);
    const save = (ticket: string) => writer.save({ sessionId: 'side', ticket, questionId: 'q1', valueJson: '"x"', rev: 1, at: 1_795_000_000_000 });
    const settled = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => 'written'), new Promise((r) => setTimeout(() => r('waiting'), ms))]);
    try {
      // Another process's batch, mid-commit: it holds the write lock shared. This batch does not wait for it.
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock_shared($1)', [WRITE_LOCK_KEY]);
      expect(await settled(save('t1'), 5_000)).toBe('written');
      await other.query('commit');
      // A transaction that checks and writes (a hand-in) holds it exclusively: the batch waits until it commits.
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
      const queued = save('t2');
      expect(await settled(queued, 500)).toBe('waiting');
      await other.query('commit');
      expect(await settled(queued, 5_000)).toBe('written');
    } finally {
      await other.query('rollback').catch(() => undefined);
      await other.end();
      await writer.close();
    }
  });

  it('refuses a batch’s saves of a candidate whose hand-in committed while the batch waited for the write lock', async () => {
    await benchSession(database.db, { id: 'race', kiosks: 2, seat: (i) => String(i + 1), prefix: 'R', durationMinutes: 30, lateEntryMinutes: 15 });
    const other = new pg.Client({ connectionString: database.postgres!.url });
    await other.connect();
    const writer = new AnswerWriter(database);
    const save = (ticket: string) => writer.save({ sessionId: 'race', ticket, questionId: 'q1', valueJson: `"${ticket}"`, rev: 1, at: 1_795_000_000_000 });
    try {
      // R1 hands in on another process: its transaction holds the write lock exclusively and sets submitted_at.
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
      await other.query("update candidates set submitted_at = 1795000000001 where session_id = 'race' and ticket = 'R1'");
      const r1 = save('R1').then(() => 'written', (err: ExamError) => err.code);
      const r2 = save('R2');
      await new Promise((r) => setTimeout(r, 300));
      await other.query('commit');
      // The batch read who had handed in after it held the lock, not before: R1's save is refused, R2's written.
      expect(await r1).toBe('already-submitted');
      await r2;
      const rows = await database.db.selectFrom('answers').select(['ticket', 'value_json']).where('session_id', '=', 'race').orderBy('ticket').execute();
      expect(rows).toEqual([{ ticket: 'R2', value_json: '"R2"' }]);
    } finally {
      await other.query('rollback').catch(() => undefined);
      await other.end();
      await writer.close();
    }
  });

  it('opens the autosave connection and runs its function once, empty, as the server starts: the exam’s first batch is not the one that pays for it', async () => {
    const t = await startTestServer();
    const watcher = new pg.Client({ connectionString: t.server.ctx.database.postgres!.url });
    await watcher.connect();
    try {
      // No kiosk has saved anything; the writer's connection is there, and the last thing it ran is the write itself.
      const backends = await watcher.query<{ query: string }>('select query from pg_stat_activity where datname = current_database() and query like $1', ['%pg_temp.exam_write_answers($1%']);
      expect(backends.rows.map((r) => r.query)).toEqual(['select handed_session, handed_ticket from pg_temp.exam_write_answers($1, $2, $3, $4, $5, $6, $7)']);
      expect((await t.server.ctx.db.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(0);
    } finally {
      await watcher.end();
      await t.close();
    }
  });

  it('commits synchronously on every connection that writes', async () => {
    for (const w of await database.writers()) expect(w, w.connection).toMatchObject({ synchronous: 2, stated: 'synchronous_commit=on, fsync=on, full_page_writes=on' });
  });

  it('refuses a database not encoded in UTF-8, and backups to a folder, saying why, before anything is written', async () => {
    const other = mkdtempSync(join(tmpdir(), 'exam-pg-ascii-'));
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    const name = `exam_t_ascii_${process.pid}`;
    await admin.query(`create database ${name} encoding 'SQL_ASCII' lc_collate 'C' lc_ctype 'C' template template0`);
    try {
      const u = new URL(POSTGRES_ADMIN_URL);
      u.pathname = `/${name}`;
      await expect(startExamServer({ dataDir: other, database: u.toString(), httpPort: 0, httpsPort: false })).rejects.toThrow(/is encoded SQL_ASCII: it must be UTF8/);
      const tables = new pg.Client({ connectionString: u.toString() });
      await tables.connect();
      expect((await tables.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'")).rows[0].n).toBe(0);
      await tables.end();
      await expect(startExamServer({ dataDir: other, database: await databaseFor(other), httpPort: 0, httpsPort: false, backup: { folder: join(other, 'stick'), everyMinutes: 5 } })).rejects.toThrow(/backups to a folder are of the SQLite file/);
    } finally {
      await dropDatabaseNamed(admin, name);
      await admin.end();
      await dropDatabaseFor(other);
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('runs migration 012 on a database with draws in it: every draw and entry kept, the foreign key and the one-owner check hold', async () => {
    const other = mkdtempSync(join(tmpdir(), 'exam-pg-012-'));
    const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await databaseFor(other), max: 1 }) }) });
    try {
      const migrator = migratorFor(db, 'postgres');
      expect((await migrator.migrateTo('011-marking-recusals')).error).toBeUndefined();
      await sql`INSERT INTO sealed_files (id, seal_id, kind, label, sealed_json, sealed_hash) VALUES ('q', '00000000', 'interview', 'q', '{}', 'h')`.execute(db);
      await sql`INSERT INTO interview_days (id, label, holding_room, finished_room, questions_id, trim_when_at_least, outlier_distance, announce_on_spot, state, created_at) VALUES ('d1', '面试', '候考室', '候分室', 'q', 5, 1000, 0, 'open', 1795000000000)`.execute(db);
      await sql`INSERT INTO lot_draws VALUES ('d1-draw-1', 'd1', 1, 'done', '["a","b"]', ${'c'.repeat(64)}, '[]', '["b","a"]', 1795000000001, 1795000000002)`.execute(db);
      await sql`INSERT INTO lot_entries VALUES ('d1-draw-1', 'k1', ${'0'.repeat(64)}, 'sig', ${'1'.repeat(64)}, 1, 2)`.execute(db);
      const r = await migrator.migrateTo('012-seat-draws');
      expect([r.error, r.results?.map((x) => [x.migrationName, x.status])]).toEqual([undefined, [['012-seat-draws', 'Success']]]);
      expect((await sql`SELECT id, day_id, selection_id, order_json, finished_at FROM lot_draws`.execute(db)).rows).toEqual([{ id: 'd1-draw-1', day_id: 'd1', selection_id: null, order_json: '["b","a"]', finished_at: '1795000000002' }]);
      expect((await sql`SELECT draw_id, contributor, secret FROM lot_entries`.execute(db)).rows).toEqual([{ draw_id: 'd1-draw-1', contributor: 'k1', secret: '1'.repeat(64) }]);
      await expect(sql`INSERT INTO lot_entries VALUES ('no-such-draw', 'k2', 'x', 'y', NULL, 1, NULL)`.execute(db)).rejects.toThrow(/foreign key/);
      await expect(sql`INSERT INTO lot_draws VALUES ('x', 'd1', 's1', 1, 'committing', '[]', 'h', '[]', NULL, 1, NULL)`.execute(db)).rejects.toThrow(/lot_draws_owner|foreign key/);
      await expect(sql`INSERT INTO lot_draws VALUES ('y', NULL, NULL, 1, 'committing', '[]', 'h', '[]', NULL, 1, NULL)`.execute(db)).rejects.toThrow(/lot_draws_owner/);
      // And on to the latest, as a venue's server would at its next start.
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    } finally {
      await db.destroy();
      await dropDatabaseFor(other);
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('a --database that is not a PostgreSQL connection string', () => {
  it('is refused, saying what it takes, rather than quietly keeping the data in a SQLite file', async () => {
    const other = mkdtempSync(join(tmpdir(), 'exam-not-pg-'));
    try {
      for (const wrong of ['postgress://exam@host/db', 'mysql://exam@host/db', './exam.db']) {
        await expect(startExamServer({ dataDir: other, database: wrong, httpPort: 0, httpsPort: false })).rejects.toThrow(/--database takes a PostgreSQL connection string/);
      }
      expect(existsSync(join(other, 'exam.db'))).toBe(false);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
