import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, SqliteDialect, type Transaction } from 'kysely';
import { migrations } from './migrations/index';
import { Checkpointer } from './checkpointer';
import type { DatabaseSchema } from './schema/index';

export type Db = Kysely<DatabaseSchema>;
export type Tx = Transaction<DatabaseSchema>;

export interface Database {
  db: Db;
  /** The raw connection, for the autosave hot path's prepared statements. */
  raw: BetterSqlite3.Database;
  /** Every connection that writes to the file, with its `synchronous` setting (2 FULL, 3 EXTRA). */
  writers(): Promise<Array<{ connection: string; synchronous: number }>>;
  close(): Promise<void>;
}

/**
 * Opens the SQLite file in WAL mode with synchronous=FULL: a commit is on disk when it returns,
 * so an acknowledgement sent after a commit is durable.
 */
export async function openDatabase(file: string): Promise<Database> {
  mkdirSync(dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Checkpoints run on their own thread (checkpointer.ts); this threshold is only the safety net.
  raw.pragma('wal_autocheckpoint = 20000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: raw }) });
  await migrateToLatestOrThrow(db);
  const checkpointer = new Checkpointer(file);
  return {
    db,
    raw,
    writers: async () => [
      { connection: 'main (requests and the autosave writer)', synchronous: raw.pragma('synchronous', { simple: true }) as number },
      { connection: 'WAL checkpointer thread', synchronous: (await checkpointer.settings).synchronous },
    ],
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

export async function migrateToLatestOrThrow(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
