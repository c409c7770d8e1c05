import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { openStore } from '@exam/server';

/**
 * Which store the storage tests run on: SQLite (the default) or PostgreSQL, when the test run sets
 * EXAM_TEST_STORE=postgres (vitest.config.ts's "end-to-end (postgres)" project). The same tests run
 * on both: each data folder a test makes gets its own PostgreSQL database, made on first use.
 */
export const onPostgres = process.env.EXAM_TEST_STORE === 'postgres';

/** A role that may create databases, on the server the tests use (scripts/bootstrap.mjs starts one). */
export const POSTGRES_ADMIN_URL = process.env.EXAM_TEST_POSTGRES ?? 'postgres://exam:exam@127.0.0.1:5432/postgres';

/** Test databases are named for their data folder, so that every process of a test (a server killed and started again, the CLI) finds the same one. */
export const TEST_DATABASE_PREFIX = 'exam_t_';

function databaseName(dataDir: string): string {
  return `${TEST_DATABASE_PREFIX}${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 24)}`;
}

function urlOf(name: string, adminUrl = POSTGRES_ADMIN_URL): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
async function asAdmin<T>(work: (c: pg.Client) => Promise<T>, adminUrl = POSTGRES_ADMIN_URL): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

const made = new Set<string>();

/**
 * The test run a database belongs to: the pid of vitest's main process, which the global set-up
 * passes to the workers (postgres-setup.ts); written on the database as its comment, so that a run
 * clears only what is its own or what a run no longer alive left behind — never the databases of
 * another run going on beside it.
 */
export const TEST_RUN = process.env.EXAM_TEST_RUN ?? String(process.pid);

/**
 * A data folder's own database on the PostgreSQL server `adminUrl` names (a role that may create
 * databases), made empty on first use; its connection string.
 */
export async function databaseOn(adminUrl: string, dataDir: string): Promise<string> {
  const name = databaseName(dataDir);
  if (!made.has(name)) {
    await asAdmin(async (c) => {
      try {
        // Chinese collation by default, as a Chinese organisation's database may well have: what the
        // server sorts must not depend on it (db/portable-schema.ts gives its text columns byte order).
        await c.query(`create database ${name} encoding 'UTF8' locale_provider icu icu_locale 'zh' lc_collate 'C' lc_ctype 'C' template template0`);
        await c.query(`comment on database ${name} is 'exam test run ${Number(TEST_RUN)}'`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04') throw err; // made already (by another process of the same test)
      }
    }, adminUrl);
    made.add(name);
  }
  return urlOf(name, adminUrl);
}

/**
 * Drops the database `name`, ending the sessions still in it. A session of another role in it — an
 * autovacuum worker, which PostgreSQL 15 will not let a role outside pg_signal_backend end
 * (42501) — or one that will not end in time (55006) is waited out: tried again for up to 10 s.
 */
export async function dropDatabaseNamed(c: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await c.query(`drop database if exists ${name} with (force)`);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (!(code === '42501' || code === '55006') || attempt === 40) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Drops a data folder's database on the server `adminUrl` names, once its servers have stopped. */
export async function dropDatabaseOn(adminUrl: string, dataDir: string): Promise<void> {
  const name = databaseName(dataDir);
  made.delete(name);
  await asAdmin((c) => dropDatabaseNamed(c, name), adminUrl);
}

/**
 * The database of a data folder on the store under test: undefined on SQLite (the file in the
 * folder), else the connection string of the folder's PostgreSQL database, made empty on first use.
 */
export async function databaseFor(dataDir: string): Promise<string | undefined> {
  return onPostgres ? databaseOn(POSTGRES_ADMIN_URL, dataDir) : undefined;
}

/**
 * A CLI command's arguments with the store under test: after each `--data DIR`, the `--database` of
 * DIR's database (made beforehand with `databaseFor`). Unchanged on SQLite.
 */
export function withDatabaseArgs(args: readonly string[]): string[] {
  if (!onPostgres) return [...args];
  return args.flatMap((a, i) => (args[i - 1] === '--data' ? [a, '--database', urlOf(databaseName(a))] : [a]));
}

/** The `--database` a CLI command of this data folder takes: none on SQLite. */
export async function databaseArgs(dataDir: string): Promise<string[]> {
  const url = await databaseFor(dataDir);
  return url ? ['--database', url] : [];
}

/** Opens the store of a data folder as the server does (a test reading what a server left). */
export async function openTestStore(dataDir: string): ReturnType<typeof openStore> {
  return openStore(dataDir, await databaseFor(dataDir));
}

/** Drops a data folder's database, once its servers have stopped. */
export async function dropDatabaseFor(dataDir: string): Promise<void> {
  if (onPostgres) await dropDatabaseOn(POSTGRES_ADMIN_URL, dataDir);
}

/** Every test database left behind (a test run stopped half-way), dropped. */
/** Whether the process `pid` is alive on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * Drops the test databases of this run (`mine`) and those left behind by runs no longer alive (or
 * made before runs were written on them); a run going on beside this one keeps its own. How many it dropped.
 */
export async function dropTestDatabases(mine: boolean): Promise<number> {
  return asAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string; run: string | null }>("select datname, shobj_description(oid, 'pg_database') as run from pg_database where datname like $1", [`${TEST_DATABASE_PREFIX}%`]);
    let dropped = 0;
    for (const r of rows) {
      const pid = Number(/^exam test run (\d+)$/.exec(r.run ?? '')?.[1] ?? NaN);
      if (Number.isInteger(pid) && alive(pid) && !(mine && String(pid) === TEST_RUN)) continue;
      await dropDatabaseNamed(c, r.datname);
      dropped++;
    }
    return dropped;
  });
}

/** Every row of every table of the database, as text (bytes as latin1): what a copy of it would show. */
export async function everyRowAsText(pool: pg.Pool): Promise<string> {
  const { rows: tables } = await pool.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'");
  let text = '';
  for (const { table_name } of tables) {
    const { rows } = await pool.query<Record<string, unknown>>(`select * from "${table_name}"`);
    for (const r of rows) for (const v of Object.values(r)) text += `${Buffer.isBuffer(v) ? v.toString('latin1') : String(v)}\u0000`;
  }
  return text;
}

/** Where PostgreSQL's write-ahead log is written to now (every record before it is in its segment file). */
export async function currentLsn(pool: pg.Pool): Promise<string> {
  return (await pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!.lsn;
}

const lsnValue = (lsn: string) => {
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
};

/**
 * The records of PostgreSQL's write-ahead log from one position to another (whole pages, their
 * headers left out), read from its segment files as a copy of them (an archive) would hold them. Needs the pg_read_server_files role, and
 * EXECUTE on pg_read_binary_file in the admin database.
 */
export async function walBetween(from: string, to: string): Promise<Buffer> {
  // The log is the whole server's: read through the admin database, where the role may read files (scripts/bootstrap.mjs).
  return asAdmin((pool) => walBytes(pool, from, to));
}

async function walBytes(pool: pg.Client, from: string, to: string): Promise<Buffer> {
  const setting = async (name: string) => BigInt((await pool.query<{ setting: string }>('select setting from pg_settings where name = $1', [name])).rows[0]!.setting);
  const segment = await setting('wal_segment_size');
  const page = await setting('wal_block_size');
  const timeline = (await pool.query<{ t: number }>('select timeline_id as t from pg_control_checkpoint()')).rows[0]!.t;
  const perId = 0x100000000n / segment;
  const hex8 = (n: bigint | number) => n.toString(16).toUpperCase().padStart(8, '0');
  const parts: Buffer[] = [];
  // Whole pages, from the page that holds `from`: each page's header is left out (24 bytes, 40 on a
  // segment's first page), so that a record split across two pages reads as one run of bytes.
  for (let at = (lsnValue(from) / page) * page; at < lsnValue(to); at += page) {
    const segno = at / segment;
    const offset = at % segment;
    const { rows } = await pool.query<{ bytes: Buffer }>('select pg_read_binary_file($1, $2, $3) as bytes', [`pg_wal/${hex8(timeline)}${hex8(segno / perId)}${hex8(segno % perId)}`, Number(offset), Number(page)]);
    const header = offset === 0n ? 40n : 24n;
    const start = lsnValue(from) - at > header ? lsnValue(from) - at : header;
    const end = lsnValue(to) - at < page ? lsnValue(to) - at : page;
    if (end > start) parts.push(rows[0]!.bytes.subarray(Number(start), Number(end)));
  }
  return Buffer.concat(parts);
}
