import BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ExamError } from '@exam/shared';
import type { BallotBox } from './ballot-box';

/**
 * Where ballots live on SQLite (docs/protocol.md §24): a SQLite file of its own, `ballots.db`, apart from the
 * database and its write-ahead log. Nothing in it can tell when or in what order a ballot came:
 * - the table has no row ids (WITHOUT ROWID), its key is the ballot's code key, so rows sit in key
 *   order whatever order they arrived in; a ballot carries no time;
 * - it keeps no write-ahead log (journal_mode DELETE: the rollback journal holds only the page as
 *   it was before, and is deleted at each commit), with synchronous FULL, so a ballot is on disk
 *   before its acknowledgement;
 * - secure_delete overwrites freed content with zeros;
 * - at the close the file is rewritten (VACUUM INTO a fresh file, which takes rows in key order)
 *   and replaces the old one, so no page keeps the layout the arrivals made.
 * It is never part of a backup (backup/writer.ts copies exam.db only). At the close the board — the
 * ballots in key order — is written to exam.db in one transaction with the close's log entry, and
 * the evaluation's ballots are then deleted here and the file rewritten: from then on the board is
 * backed up like the rest, and this file holds only the ballots of evaluations still open.
 */
export class BallotStore implements BallotBox {
  private db: BetterSqlite3.Database;
  private readonly file: string;
  private insert!: BetterSqlite3.Statement<[string, string, string, string]>;
  /** Ballots waiting for the next commit, each with what to tell its sender (group commit, below). */
  private pending: Array<{ row: [string, string, string, string]; done: (added: boolean) => void; failed: (err: unknown) => void }> = [];
  private flushing = false;
  private drained: Array<() => void> = [];
  /** Evaluations whose close has begun: no ballot of theirs is taken any more. */
  private readonly stopped = new Set<string>();
  private find!: BetterSqlite3.Statement<[string, string], { ballot_json: string; signature: string }>;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'ballots.db');
    if (!existsSync(this.file)) closeSync(openSync(this.file, 'a', 0o600));
    this.db = this.open();
  }

  private open(): BetterSqlite3.Database {
    const db = new BetterSqlite3(this.file);
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.exec('CREATE TABLE IF NOT EXISTS ballots (evaluation_id TEXT NOT NULL, key TEXT NOT NULL, ballot_json TEXT NOT NULL, signature TEXT NOT NULL, PRIMARY KEY (evaluation_id, key)) WITHOUT ROWID');
    this.insert = db.prepare('INSERT OR IGNORE INTO ballots (evaluation_id, key, ballot_json, signature) VALUES (?, ?, ?, ?)');
    this.find = db.prepare('SELECT ballot_json, signature FROM ballots WHERE evaluation_id = ? AND key = ?');
    return db;
  }

  /** The settings the file runs with, for the anonymity test: its journal mode and whether it deletes securely. */
  settings(): { journalMode: string; secureDelete: number; synchronous: number } {
    return { journalMode: String(this.db.pragma('journal_mode', { simple: true })), secureDelete: Number(this.db.pragma('secure_delete', { simple: true })), synchronous: Number(this.db.pragma('synchronous', { simple: true })) };
  }

  /** The ballot stored for this code key, if any. */
  async get(evaluationId: string, key: string): Promise<{ ballotJson: string; signature: string } | null> {
    const r = this.find.get(evaluationId, key);
    return r ? { ballotJson: r.ballot_json, signature: r.signature } : null;
  }

  /**
   * Stores a ballot, durably, and resolves once it is on disk: true when stored, false when the key
   * has a ballot already (the caller compares). Ballots that arrive while a commit is being written
   * go into the next one together (group commit): each commit costs the same few fsyncs however many
   * ballots it holds, and none is acknowledged before its commit returns.
   */
  add(evaluationId: string, key: string, ballotJson: string, signature: string): Promise<boolean> {
    if (this.stopped.has(evaluationId)) return Promise.reject(new ExamError('session-state', 'voting is closed'));
    return new Promise((done, failed) => {
      this.pending.push({ row: [evaluationId, key, ballotJson, signature], done, failed });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    try {
      const added = this.db.transaction(() => batch.map((b) => this.insert.run(...b.row).changes === 1))();
      batch.forEach((b, i) => b.done(added[i]!));
    } catch (err) {
      for (const b of batch) b.failed(err);
    }
    if (this.pending.length > 0) setImmediate(() => this.flush());
    else {
      this.flushing = false;
      for (const d of this.drained.splice(0)) d();
    }
  }

  /**
   * The start of a close: no more ballots of this evaluation are taken, and it resolves once every
   * ballot already taken is on disk — so the board the close commits to has all of them.
   */
  async stop(evaluationId: string): Promise<void> {
    this.stopped.add(evaluationId);
    if (this.flushing) await new Promise<void>((r) => this.drained.push(r));
  }

  /** A close that was refused (its figures did not add up): voting goes on. */
  resume(evaluationId: string): void {
    this.stopped.delete(evaluationId);
  }

  /** Every ballot of an evaluation, by key. */
  async all(evaluationId: string): Promise<Array<{ key: string; ballotJson: string; signature: string }>> {
    return this.db
      .prepare<[string], { key: string; ballot_json: string; signature: string }>('SELECT key, ballot_json, signature FROM ballots WHERE evaluation_id = ? ORDER BY key')
      .all(evaluationId)
      .map((r) => ({ key: r.key, ballotJson: r.ballot_json, signature: r.signature }));
  }

  /** Whether the store holds any ballot of this evaluation (one row looked up, none read). */
  async holdsAny(evaluationId: string): Promise<boolean> {
    return this.db.prepare<[string], { one: number }>('SELECT 1 AS one FROM ballots WHERE evaluation_id = ? LIMIT 1').get(evaluationId) !== undefined;
  }

  /** How many ballots each group of an evaluation has (for the turnout shown while voting). */
  async countByGroup(evaluationId: string): Promise<Record<string, number>> {
    const rows = this.db.prepare<[string], { g: string; n: number }>("SELECT json_extract(ballot_json, '$.group') AS g, count(*) AS n FROM ballots WHERE evaluation_id = ? GROUP BY g").all(evaluationId);
    return Object.fromEntries(rows.map((r) => [r.g, r.n]));
  }

  /** One process on SQLite: no other process closes anything. */
  closedElsewhere(): void {}

  /** After the close, once the board is in the database: the evaluation's ballots leave this file, which is written afresh. */
  async forget(evaluationId: string): Promise<void> {
    this.db.prepare('DELETE FROM ballots WHERE evaluation_id = ?').run(evaluationId);
    this.rewrite();
  }

  /** The file written afresh in key order, replacing the one the arrivals shaped. */
  rewrite(): void {
    const fresh = `${this.file}.fresh`;
    rmSync(fresh, { force: true });
    this.db.exec(`VACUUM INTO '${fresh.replace(/'/g, "''")}'`);
    this.db.close();
    renameSync(fresh, this.file);
    this.db = this.open();
  }

  async close(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) await new Promise<void>((r) => this.drained.push(r));
    this.db.close();
  }
}
