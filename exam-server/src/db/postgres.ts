import pg from 'pg';
import { CompiledQuery, Kysely, PostgresDialect, PostgresDriver, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely';
import { migrateToLatestOrThrow, type Database, type WriterSettings } from './database';
import type { DatabaseSchema } from './schema/index';

/**
 * The advisory lock every transaction takes first (docs/postgresql.md): transactions that change
 * state run one at a time, as they do on SQLite's single connection — every check a transaction
 * makes before it writes (the log's next entry, a draw's state, a seat taken) holds until it
 * commits, across every connection and every server process on the database. Reads outside a
 * transaction take none; the autosave and ballot writers take it shared (answers/batches-postgres.ts,
 * evaluation/ballot-store-postgres.ts): their batches, of every process, commit side by side, and
 * wholly before or after any transaction that checks and writes.
 */
export const WRITE_LOCK_KEY = 0x6578616d; // "exam"

/** bigint and numeric come back as numbers (pg gives them as text otherwise): times, counts, sums. */
function parseNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`a number from PostgreSQL out of range: ${text}`);
  return n;
}

const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 || oid === NUMERIC ? parseNumber : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

/**
 * Every connection, the server's and its writers': commits wait for the disk (`synchronous_commit
 * = on`, whatever the database's default), times and text are read the same way everywhere.
 */
export function connectionConfig(url: string, extra: pg.PoolConfig = {}): pg.PoolConfig {
  return { connectionString: url, types, options: '-c synchronous_commit=on -c client_encoding=UTF8 -c TimeZone=UTC', ...extra };
}

/** The address without its password, for messages and the console. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

class LockingDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await super.beginTransaction(connection, settings);
    await connection.executeQuery(CompiledQuery.raw('select pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]));
  }
}

class LockingPostgresDialect extends PostgresDialect {
  constructor(private readonly pool: pg.Pool) {
    super({ pool });
  }
  override createDriver(): Driver {
    return new LockingDriver({ pool: this.pool });
  }
}

/** A database the server will not run on, and why (said at start, before anything is written). */
export class DatabaseRefused extends Error {}

/** What the server needs of the database it is given; a database that would lose or misorder data is refused at start. */
async function checkServer(pool: pg.Pool, where: string): Promise<void> {
  const s = await settingsOf(pool, ['server_encoding', 'fsync', 'full_page_writes', 'server_version_num']);
  if (Number(s.server_version_num) < 130000) throw new DatabaseRefused(`PostgreSQL ${s.server_version_num} at ${where} is too old: 13 or newer is needed`);
  if (s.server_encoding !== 'UTF8') throw new DatabaseRefused(`the database at ${where} is encoded ${s.server_encoding}: it must be UTF8 (createdb -E UTF8 -T template0)`);
  for (const name of ['fsync', 'full_page_writes']) {
    if (s[name] !== 'on') throw new DatabaseRefused(`PostgreSQL at ${where} runs with ${name}=${s[name]}: an acknowledged save could be lost in a crash; turn ${name} on`);
  }
}

async function settingsOf(client: pg.Pool | pg.Client, names: string[]): Promise<Record<string, string | undefined>> {
  const { rows } = await client.query<{ name: string; setting: string }>('select name, setting from pg_settings where name = any($1)', [names]);
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

async function writerSettings(client: pg.Pool | pg.Client, connection: string): Promise<WriterSettings> {
  const s = await settingsOf(client, ['synchronous_commit', 'fsync', 'full_page_writes']);
  const durable = s.synchronous_commit !== 'off' && s.fsync === 'on' && s.full_page_writes === 'on';
  return { connection, synchronous: durable ? 2 : 0, stated: `synchronous_commit=${s.synchronous_commit}, fsync=${s.fsync}, full_page_writes=${s.full_page_writes}` };
}

/**
 * Opens a PostgreSQL database: a pool of connections for requests (each transaction behind the
 * write lock above), every one committing synchronously.
 */
export async function openPostgres(url: string): Promise<Database> {
  const where = redactUrl(url);
  const pool = new pg.Pool(connectionConfig(url, { max: 8, connectionTimeoutMillis: 60_000 }));
  // A connection the database drops (a restart) is replaced at the next query; the pool must not crash the process.
  pool.on('error', () => undefined);
  try {
    await checkServer(pool, where);
  } catch (err) {
    await pool.end();
    if (err instanceof DatabaseRefused) throw err;
    throw new DatabaseRefused(`cannot reach PostgreSQL at ${where}: ${(err as Error).message}`);
  }
  const db = new Kysely<DatabaseSchema>({ dialect: new LockingPostgresDialect(pool) });
  await migrateToLatestOrThrow(db, 'postgres');
  return {
    kind: 'postgres',
    db,
    where,
    sqlite: null,
    postgres: { pool, url },
    writers: async () => [await writerSettings(pool, 'requests (pool)')],
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * The pool for live traffic between the processes of one server (socket.io's adapter, spent
 * challenges): never records, so its connections commit without waiting for the disk and its
 * tables are unlogged (migration 020). A connection the database drops is replaced at the next use.
 */
export function openLivePool(url: string): pg.Pool {
  const pool = new pg.Pool({ ...connectionConfig(url, { max: 6 }), options: '-c synchronous_commit=off -c client_encoding=UTF8 -c TimeZone=UTC' });
  pool.on('error', () => undefined);
  return pool;
}
