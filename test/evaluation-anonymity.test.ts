import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBackupKey, makeGroupCards, openBackup, type GroupCards } from '@exam/server';
import { connectDesk, type Device } from './support/clients';
import { demoPrinted, freePort, kill, spawnServer, type ServerProcess } from './support/process';
import { openEvaluation, signedBallot } from './support/ballots';
import { currentLsn, databaseFor, everyRowAsText, onPostgres, walBetween } from './support/store';
import pg from 'pg';

/** The evaluation both tests run: two groups of 25 entitled voters (27 cards each), three candidates, five booths. */
const openAnonymityEvaluation = (url: string, desk: Device, cards: GroupCards[], refs: string[]) =>
  openEvaluation({
    url,
    desk,
    id: 'ev-anon',
    refs,
    groups: [
      { cards: cards[0]!, name: '领导班子成员', weight: 40, entitled: 25 },
      { cards: cards[1]!, name: '其他干部职工', weight: 60, entitled: 25 },
    ],
    booths: 5,
  });

/**
 * Anonymity as a test (docs/evaluation.md): 50 voters cast on 5 booths of a real server process,
 * with a backup taken in the middle of voting. After the close, everything kept — every table of the
 * database (live and in each backup), the database's files and write-ahead log, the ballot store,
 * the log, the backups and the server's output — is read, and nothing in it links a ballot to the
 * booth it came from, to its connection, to the time it was cast, or to the order it came in.
 */
describe.skipIf(onPostgres)('after an evaluation of 50 voters, nothing kept links a ballot to a booth, a connection, a time or an order', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-anonymity-'));
  const backupDir = mkdtempSync(join(tmpdir(), 'exam-anonymity-backups-'));
  let server: ServerProcess;
  let desk: Device;
  let org: Device;
  let booths: Device[] = [];
  const cards: GroupCards[] = [makeGroupCards('ev-anon', 'leaders', 27), makeGroupCards('ev-anon', 'others', 27)];
  const refs = ['20260001', '20260002', '20260003'];
  /** What the test knows and the store must not: each ballot's booth, connection, time and place in the order. */
  const cast: Array<{ key: string; signature: string; booth: Device; socketId: string; at: number }> = [];
  let voting = { from: 0, to: 0 };

  beforeAll(async () => {
    server = await spawnServer(dataDir, await freePort(), ['--demo', '--backup-to', backupDir, '--backup-every', '60']);
    desk = await connectDesk(server.url, demoPrinted(server).deskCode);
    ({ org, booths } = await openAnonymityEvaluation(server.url, desk, cards, refs));
  }, 60_000);
  afterAll(async () => {
    for (const d of [desk, org, ...booths]) d?.close();
    if (server) await kill(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('takes 50 ballots from 5 booths, a backup in the middle, and closes', async () => {
    const ratings = ['excellent', 'competent', 'basic', 'incompetent'];
    voting.from = Date.now();
    for (let i = 0; i < 50; i++) {
      const c = cards[i % 2]!;
      const booth = booths[i % 5]!;
      const b = signedBallot({ code: c.codes[Math.floor(i / 2)]!, evaluationId: 'ev-anon', group: c.group, candidates: refs, overall: refs.map((_, j) => ratings[(i + j) % 4]!), dimensions: true });
      expect(await booth.req('booth:cast', b)).toEqual({ received: true });
      cast.push({ key: b.ballot.key, signature: b.signature, booth, socketId: booth.socket.id!, at: Date.now() });
      // Half-way, the desk marks a phase: the server writes a backup while ballots are in the store.
      if (i === 24) await desk.req('checkpoint:make', { phase: 'half of the ballots' });
      await new Promise((r) => setTimeout(r, 5));
    }
    voting.to = Date.now();
    const closed = await org.req('organiser:close-evaluation', { evaluationId: 'ev-anon', handedOut: { leaders: 25, others: 25 }, missing: {}, unused: cards.flatMap((c) => c.codes.slice(25)) });
    expect(closed.count!.cast).toBe(50);
    // Within the test's own records, each ballot's order, booth and time are known — and they differ from key order.
    expect(cast.map((b) => b.key)).not.toEqual(cast.map((b) => b.key).sort());
    await new Promise((r) => setTimeout(r, 500)); // the close's backup is written
  }, 60_000);

  it('keeps no ballot in the ballot store after the close, nor any ballot in a backup made during voting', async () => {
    const store = readFileSync(join(dataDir, 'ballots.db')).toString('latin1');
    for (const b of cast) expect(store).not.toContain(b.signature);
    // No WAL, and the rollback journal (journal_mode TRUNCATE) cut to nothing: no page image of any commit left.
    expect(readdirSync(dataDir).filter((f) => f.startsWith('ballots.db') && f !== 'ballots.db-journal')).toEqual(['ballots.db']);
    expect(existsSync(join(dataDir, 'ballots.db-journal')) ? statSync(join(dataDir, 'ballots.db-journal')).size : 0).toBe(0);
    const { key } = loadBackupKey(dataDir);
    const backups = readdirSync(backupDir).filter((f) => f.endsWith('.bak')).sort();
    expect(backups.length).toBeGreaterThanOrEqual(3); // started, half of the ballots, evaluation closed
    const opened = backups.map((f) => ({ f, ...openBackup(key, readFileSync(join(backupDir, f))) }));
    // A backup is of exam.db alone: the ballot store is never in one.
    for (const o of opened) expect([...o.files.keys()].every((n) => !n.startsWith('ballots'))).toBe(true);
    const half = opened.find((o) => o.header.reason === 'half of the ballots');
    expect(half, 'the backup made in the middle of voting').toBeDefined();
    const text = [...half!.files.values()].map((d) => d.toString('latin1')).join('');
    for (const b of cast) expect(text).not.toContain(b.signature);
  });

  it('links no ballot, anywhere kept, to its booth, its connection, its time or its order', async () => {
    const tell = cast.flatMap((b) => [b.booth.status.deviceId, b.booth.status.fingerprint, b.socketId]);
    const signatures = cast.map((b) => b.signature);
    const { key } = loadBackupKey(dataDir);
    // Every database kept: the live one (with its WAL), and the one inside every backup.
    const copies: Array<{ name: string; file: string }> = [];
    const live = mkdtempSync(join(tmpdir(), 'exam-anonymity-copy-'));
    for (const f of readdirSync(dataDir).filter((x) => x.startsWith('exam.db'))) copyFileSync(join(dataDir, f), join(live, f));
    copies.push({ name: 'the live database', file: join(live, 'exam.db') });
    for (const f of readdirSync(backupDir).filter((x) => x.endsWith('.bak'))) {
      const o = openBackup(key, readFileSync(join(backupDir, f)));
      const dir = mkdtempSync(join(tmpdir(), 'exam-anonymity-bak-'));
      for (const [n, data] of o.files) writeFileSync(join(dir, n), data);
      copies.push({ name: `backup ${f}`, file: join(dir, 'exam.db') });
    }
    const linked: string[] = [];
    let rowsWithBallots = 0;
    for (const c of copies) {
      const db = new BetterSqlite3(c.file, { readonly: true });
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
      for (const table of tables) {
        for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>) {
          const text = JSON.stringify(row);
          if (!signatures.some((s) => text.includes(s))) continue;
          rowsWithBallots++;
          // A row that holds a ballot: no booth, no connection, no time within the voting.
          if (tell.some((x) => text.includes(x))) linked.push(`${c.name}: ${table} holds a ballot with a booth or connection`);
          for (const n of text.match(/\d{13}/g) ?? []) if (Number(n) >= voting.from - 1000 && Number(n) <= voting.to + 1000) linked.push(`${c.name}: ${table} holds a ballot with a time of the voting`);
          if (table !== 'evaluation_board') linked.push(`${c.name}: a ballot is in ${table}`);
        }
      }
      db.close();
    }
    expect(linked).toEqual([]);
    // The board is in the live database and in the backup made at the close, nowhere else: 50 rows each.
    expect(rowsWithBallots).toBe(100);
    // Order: how the ballots lie in the database file and its write-ahead log (the order of their bytes
    // within each page) is exactly how they lie when the board is written in key order into an empty
    // table — and not how they lie when it is written in the order the ballots came: the layout is
    // made by the keys alone.
    const rank = new Map([...cast].sort((a, b) => (a.key < b.key ? -1 : 1)).map((b, i) => [b.signature, i]));
    const layout = (files: string[]) => {
      const runs = new Set<string>();
      for (const file of files) {
        const raw = readFileSync(file);
        if (raw.length < 100) continue;
        const wal = file.endsWith('-wal');
        const pageSize = wal ? raw.readUInt32BE(8) : raw.readUInt16BE(16) === 1 ? 65536 : raw.readUInt16BE(16);
        const pageOf = (off: number) => (wal ? Math.floor((off - 32) / (pageSize + 24)) : Math.floor(off / pageSize));
        const bytes = raw.toString('latin1');
        const byPage = new Map<number, Array<{ off: number; rank: number }>>();
        for (const sig of signatures) for (let off = bytes.indexOf(sig); off >= 0; off = bytes.indexOf(sig, off + 1)) byPage.set(pageOf(off), [...(byPage.get(pageOf(off)) ?? []), { off, rank: rank.get(sig)! }]);
        for (const found of byPage.values()) runs.add(found.sort((a, b) => a.off - b.off).map((x) => x.rank).join(','));
      }
      return [...runs].sort();
    };
    const liveDb = new BetterSqlite3(join(live, 'exam.db'), { readonly: true });
    const schema = liveDb.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'evaluation_board'").get()!.sql;
    const rows = liveDb.prepare('SELECT * FROM evaluation_board ORDER BY key').all() as Array<Record<string, string>>;
    liveDb.close();
    const written = (order: Array<Record<string, string>>) => {
      const file = join(live, `reference-${Math.random().toString(36).slice(2)}.db`);
      const ref = new BetterSqlite3(file);
      ref.exec(schema.replace(/REFERENCES "?evaluations"? ?\("?id"?\)/i, ''));
      const insert = ref.prepare('INSERT INTO evaluation_board (evaluation_id, key, ballot_json, signature) VALUES (?, ?, ?, ?)');
      ref.transaction(() => order.forEach((r) => insert.run(r['evaluation_id'], r['key'], r['ballot_json'], r['signature'])))();
      ref.close();
      const l = layout([file]);
      rmSync(file);
      return l;
    };
    const byKeyOrder = written(rows);
    const byArrival = written(cast.map((c) => rows.find((r) => r['signature'] === c.signature)!));
    expect(byArrival, 'the layout would tell the order if the board were written as the ballots came').not.toEqual(byKeyOrder);
    expect(layout(readdirSync(live).filter((f) => f.startsWith('exam.db')).map((f) => join(live, f)))).toEqual(byKeyOrder);
    rmSync(live, { recursive: true, force: true });
    // The log: no entry written while voting names a booth or holds a ballot; the booths' admissions come before.
    const db = new BetterSqlite3(join(dataDir, 'exam.db'), { readonly: true });
    const during = db.prepare<[number, number], { type: string; payload_json: string }>('SELECT type, payload_json FROM audit_log WHERE at >= ? AND at <= ?').all(voting.from, voting.to);
    db.close();
    expect(during.map((e) => e.type)).toEqual(['checkpoint.made']);
    for (const e of during) expect(tell.some((x) => e.payload_json.includes(x)) || signatures.some((s) => e.payload_json.includes(s))).toBe(false);
    // The server's output: nothing of a ballot, a booth or a connection.
    const out = server.output();
    expect([...signatures, ...cast.map((b) => b.key), ...tell].filter((x) => out.includes(x))).toEqual([]);
  });
});

/**
 * The same on PostgreSQL (docs/postgresql.md), where every insert goes to the write-ahead log in the
 * order it came and an archive of that log keeps it: 50 voters on 5 booths of a real server process,
 * and the log itself read, byte by byte, from the first ballot to the close. What it holds of the
 * voting is sealed rows under a key kept out of the database, and that key is destroyed at the
 * close; the ballots in clear reach the log once, at the close, as the board in key order.
 */
describe.runIf(onPostgres)('on PostgreSQL, after an evaluation of 50 voters, neither its tables nor its write-ahead log link a ballot to a booth, a connection, a time or an order', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-anonymity-pg-'));
  let server: ServerProcess;
  let pool: pg.Pool;
  let desk: Device;
  let org: Device;
  let booths: Device[] = [];
  const cards: GroupCards[] = [makeGroupCards('ev-anon', 'leaders', 27), makeGroupCards('ev-anon', 'others', 27)];
  const refs = ['20260001', '20260002', '20260003'];
  const cast: Array<{ key: string; signature: string; ballotJson: string; booth: Device; socketId: string }> = [];
  const lsn = { voting: '', closing: '', closed: '' };
  let boxKey = '';
  let voting = { from: 0, to: 0 };

  beforeAll(async () => {
    server = await spawnServer(dataDir, await freePort(), ['--demo']);
    pool = new pg.Pool({ connectionString: await databaseFor(dataDir), max: 2 });
    desk = await connectDesk(server.url, demoPrinted(server).deskCode);
    ({ org, booths } = await openAnonymityEvaluation(server.url, desk, cards, refs));
  }, 60_000);
  afterAll(async () => {
    for (const d of [desk, org, ...booths]) d?.close();
    await pool?.end();
    if (server) await kill(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes 50 ballots from 5 booths, and closes', async () => {
    const ratings = ['excellent', 'competent', 'basic', 'incompetent'];
    lsn.voting = await currentLsn(pool);
    voting.from = Date.now();
    for (let i = 0; i < 50; i++) {
      const c = cards[i % 2]!;
      const booth = booths[i % 5]!;
      const b = signedBallot({ code: c.codes[Math.floor(i / 2)]!, evaluationId: 'ev-anon', group: c.group, candidates: refs, overall: refs.map((_, j) => ratings[(i + j) % 4]!), dimensions: true });
      expect(await booth.req('booth:cast', b)).toEqual({ received: true });
      cast.push({ key: b.ballot.key, signature: b.signature, ballotJson: '', booth, socketId: booth.socket.id! });
      await new Promise((r) => setTimeout(r, 5));
    }
    voting.to = Date.now();
    const keyFiles = readdirSync(join(dataDir, 'ballot-keys'));
    expect(keyFiles.length).toBe(1);
    boxKey = readFileSync(join(dataDir, 'ballot-keys', keyFiles[0]!)).toString('hex');
    lsn.closing = await currentLsn(pool);
    const closed = await org.req('organiser:close-evaluation', { evaluationId: 'ev-anon', handedOut: { leaders: 25, others: 25 }, missing: {}, unused: cards.flatMap((c) => c.codes.slice(25)) });
    expect(closed.count!.cast).toBe(50);
    lsn.closed = await currentLsn(pool);
    expect(cast.map((b) => b.key)).not.toEqual(cast.map((b) => b.key).sort());
  }, 60_000);

  it('wrote nothing of a ballot to the write-ahead log while voting: no card, no signature, no rating in clear, and never the box key', async () => {
    const wal = (await walBetween(lsn.voting, lsn.closing)).toString('latin1');
    expect(wal.length).toBeGreaterThan(0);
    // The sealed rows are there (the box's table is in the log), and none of what they seal.
    expect(wal).toContain('ev-anon');
    const found = cast.flatMap((b) => [b.key, b.signature].filter((x) => wal.includes(x)));
    expect(found).toEqual([]);
    expect(wal).not.toContain('"overall"');
    expect(wal).not.toContain(boxKey);
    expect(wal).not.toContain(Buffer.from(boxKey, 'hex').toString('latin1'));
  });

  it('holds the ballots in clear only as the board, written at the close in key order; the box key is destroyed', async () => {
    const wal = (await walBetween(lsn.closing, lsn.closed)).toString('latin1');
    const rank = new Map([...cast].sort((a, b) => (a.key < b.key ? -1 : 1)).map((b, i) => [b.signature, i]));
    // Each ballot's first appearance in the log, in the order of the log: key order, not the order they came.
    const firstSeen = cast.map((b) => ({ at: wal.indexOf(b.signature), rank: rank.get(b.signature)! }));
    expect(firstSeen.every((f) => f.at >= 0)).toBe(true);
    expect(firstSeen.sort((a, b) => a.at - b.at).map((f) => f.rank)).toEqual([...Array(50).keys()]);
    expect(readdirSync(join(dataDir, 'ballot-keys'))).toEqual([]);
    expect((await pool.query("select count(*)::int as n from ballot_box where evaluation_id = 'ev-anon'")).rows[0].n).toBe(0);
    // The table's rows lie in key order too (a heap keeps rows in the order they were inserted).
    const heap = (await pool.query<{ key: string }>("select key from evaluation_board where evaluation_id = 'ev-anon' order by ctid")).rows.map((r) => r.key);
    expect(heap).toEqual([...heap].sort());
    expect(heap.length).toBe(50);
  });

  it('links no ballot, in any table, to its booth, its connection or its time; the log written while voting names no booth', async () => {
    const tell = cast.flatMap((b) => [b.booth.status.deviceId, b.booth.status.fingerprint, b.socketId]);
    const text = await everyRowAsText(pool);
    expect(text).not.toContain(boxKey);
    const { rows: tables } = await pool.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'");
    const linked: string[] = [];
    let rowsWithBallots = 0;
    for (const { table_name } of tables) {
      for (const row of (await pool.query<Record<string, unknown>>(`select * from "${table_name}"`)).rows) {
        const rowText = JSON.stringify(row);
        if (!cast.some((b) => rowText.includes(b.signature))) continue;
        rowsWithBallots++;
        if (tell.some((x) => rowText.includes(x))) linked.push(`${table_name} holds a ballot with a booth or connection`);
        for (const n of rowText.match(/\d{13}/g) ?? []) if (Number(n) >= voting.from - 1000 && Number(n) <= voting.to + 1000) linked.push(`${table_name} holds a ballot with a time of the voting`);
        if (table_name !== 'evaluation_board') linked.push(`a ballot is in ${table_name}`);
      }
    }
    expect(linked).toEqual([]);
    expect(rowsWithBallots).toBe(50);
    const during = (await pool.query<{ type: string; payload_json: string }>('select type, payload_json from audit_log where at >= $1 and at <= $2', [voting.from, voting.to])).rows;
    expect(during.map((e) => e.type)).toEqual([]);
    const out = server.output();
    expect([...cast.map((b) => b.signature), ...cast.map((b) => b.key), ...tell].filter((x) => out.includes(x))).toEqual([]);
  });
});
