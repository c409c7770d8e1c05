import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { Migrator, type Kysely, type Transaction } from 'kysely';
import { migrations } from './migrations/index';
import { PortableSchemaPlugin } from './portable-schema';
import type { DatabaseSchema } from './schema/index';

export type Db = Kysely<DatabaseSchema>;
export type Tx = Transaction<DatabaseSchema>;

/** How a connection commits: 2 or more means a commit is on disk when it returns (below 2 it may not be). */
export interface WriterSettings {
  connection: string;
  /** SQLite's `synchronous` (2 FULL, 3 EXTRA); on PostgreSQL 2 when `synchronous_commit`, `fsync` and `full_page_writes` are on, else 0. */
  synchronous: number;
  /** The settings as the database states them, for a person. */
  stated: string;
}

export interface Database {
  kind: 'sqlite' | 'postgres';
  db: Db;
  /** Where the data is, for messages: the file, or the PostgreSQL address without its password. */
  where: string;
  /** SQLite's connection (the autosave hot path's prepared statements, the backup API); null on PostgreSQL. */
  sqlite: BetterSqlite3.Database | null;
  /** PostgreSQL's pool (the autosave and ballot writers take their own connection); null on SQLite. */
  postgres: { pool: pg.Pool; url: string } | null;
  /** Every connection that writes, with how it commits. */
  writers(): Promise<WriterSettings[]>;
  close(): Promise<void>;
}

/** A PostgreSQL connection string (`postgres://` or `postgresql://`), as `--database` takes it. */
export function isPostgresUrl(target: string | undefined): target is string {
  return target !== undefined && /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Opens the store: a PostgreSQL database when `target` is a connection string, else the SQLite file
 * at `target` (the default, in the data folder). Either way the schema is migrated to the latest.
 */
export async function openDatabase(target: string): Promise<Database> {
  if (isPostgresUrl(target)) {
    const { openPostgres } = await import('./postgres');
    return openPostgres(target);
  }
  const { openSqlite } = await import('./sqlite');
  return openSqlite(target);
}

/** The migrations of either store: on PostgreSQL through the plugin that maps SQLite's types (portable-schema.ts). */
export function migratorFor(db: Kysely<unknown> | Db, kind: Database['kind']): Migrator {
  return new Migrator({ db: kind === 'postgres' ? (db as Db).withPlugin(new PortableSchemaPlugin()) : (db as Db), provider: { getMigrations: async () => migrations } });
}

export async function migrateToLatestOrThrow(db: Db, kind: Database['kind'] = 'sqlite'): Promise<void> {
  const { error, results } = await migratorFor(db, kind).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
