import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { Checkpointer } from './checkpointer';
import { migrateToLatestOrThrow, type Database } from './database';
import type { DatabaseSchema } from './schema/index';

/**
 * Opens the SQLite file in WAL mode with synchronous=FULL: a commit is on disk when it returns,
 * so an acknowledgement sent after a commit is durable. One connection: transactions run one at a
 * time, which is what every transaction of the server assumes (db/transact.ts).
 */
export async function openSqlite(file: string): Promise<Database> {
  mkdirSync(dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  // Checkpoints run on their own thread (checkpointer.ts); this threshold is only the safety net.
  raw.pragma('wal_autocheckpoint = 20000');
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: raw }) });
  await migrateToLatestOrThrow(db, 'sqlite');
  const checkpointer = new Checkpointer(file);
  const stated = (synchronous: number) => `synchronous=${['OFF', 'NORMAL', 'FULL', 'EXTRA'][synchronous] ?? synchronous}, journal_mode=WAL`;
  return {
    kind: 'sqlite',
    db,
    where: file,
    sqlite: raw,
    postgres: null,
    writers: async () => {
      const main = raw.pragma('synchronous', { simple: true }) as number;
      const thread = (await checkpointer.settings).synchronous;
      return [
        { connection: 'main (requests and the autosave writer)', synchronous: main, stated: stated(main) },
        { connection: 'WAL checkpointer thread', synchronous: thread, stated: stated(thread) },
      ];
    },
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
