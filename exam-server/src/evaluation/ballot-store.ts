import BetterSqlite3 from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { syncFile, syncFolder } from '../db/durable-files';
import { Worker } from 'node:worker_threads';
import { ExamError } from '@exam/shared';
import type { BallotBox } from './ballot-box';

/**
 * Where ballots live on SQLite (docs/protocol.md §24): a SQLite file of its own, `ballots.db`, apart from the
 * database and its write-ahead log. Nothing in it can tell when or in what order a ballot came:
 * - the table has no row ids (WITHOUT ROWID), its key is the ballot's code key, so rows sit in key
 *   order whatever order they arrived in; a ballot carries no time;
 * - it keeps no write-ahead log (journal_mode TRUNCATE: the rollback journal holds only the pages
 *   as they were before, and is cut to nothing at each commit), with synchronous FULL, so a ballot
 *   is on disk before its acknowledgement: the commit is the journal's truncation, and FULL syncs
 *   it. (Not DELETE: there the commit is the journal's removal, which FULL does not sync — its
 *   folder is synced only with EXTRA — so a power loss just after a commit could bring the journal
 *   back and roll acknowledged ballots back. Nor PERSIST, which leaves the last commit's page
 *   images in the journal, telling which ballots came before it.);
 * - secure_delete overwrites freed content with zeros;
 * - at the close the file is rewritten (VACUUM INTO a fresh file, which takes rows in key order)
 *   and replaces the old one, so no page keeps the layout the arrivals made.
 * The commits themselves are written by a thread of their own (ballot-writer-thread.mjs), on a second
 * connection with the same settings: the main thread goes on taking and checking ballots while a
 * commit waits for the disk. It is never part of a backup (backup/writer.ts copies exam.db only). At the close the board — the
 * ballots in key order — is written to exam.db in one transaction with the close's log entry, and
 * the evaluation's ballots are then deleted here and the file rewritten: from then on the board is
 * backed up like the rest, and this file holds only the ballots of evaluations still open.
 */
export class BallotStore implements BallotBox {
  private db: BetterSqlite3.Database;
  private readonly file: string;
  /** The thread that commits the ballots (ballot-writer-thread.mjs), and its answers awaited by request number. */
  private writer: Worker;
  private asked = 0;
  private readonly answers = new Map<number, { resolve: (m: WriterAnswer) => void; reject: (err: unknown) => void }>();
  /** While the file is rewritten (`forget`): ballots taken wait in `pending`, none is sent to the writer. */
  private rewriting = false;
  /** Ballots waiting for the next commit, each with what to tell its sender (group commit, below). */
  private pending: Array<{ row: WriterRow; done: (added: boolean) => void; failed: (err: unknown) => void }> = [];
  private flushing = false;
  private drained: Array<() => void> = [];
  /** Evaluations whose close has begun: no ballot of theirs is taken any more. */
  private readonly stopped = new Set<string>();
  private find!: BetterSqlite3.Statement<[string, string], { ballot_json: string; signature: string }>;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'ballots.db');
    if (!existsSync(this.file)) closeSync(openSync(this.file, 'a', 0o600));
    this.db = this.open();
    this.writer = this.startWriter();
  }

  private startWriter(): Worker {
    const w = new Worker(new URL('./ballot-writer-thread.mjs', import.meta.url), { workerData: { file: this.file } });
    w.on('message', (m: WriterAnswer) => {
      const a = this.answers.get(m.id);
      this.answers.delete(m.id);
      if (m.error !== undefined) a?.reject(new Error(`ballot store: ${m.error}`));
      else a?.resolve(m);
      if (this.answers.size === 0) w.unref();
    });
    // A writer that died (it should not) fails what it was asked, and another takes its place.
    w.on('error', (err) => {
      for (const a of this.answers.values()) a.reject(err);
      this.answers.clear();
      if (this.writer === w) this.writer = this.startWriter();
    });
    // Like the database connection it replaces, an idle writer does not keep a process alive (a command
    // that opens the store and ends); while an answer is awaited, it does (ask, close).
    w.unref();
    return w;
  }

  private ask(m: { kind: 'add'; rows: WriterRow[] } | { kind: 'settings' | 'close' | 'open' }): Promise<WriterAnswer> {
    const id = ++this.asked;
    return new Promise((resolve, reject) => {
      this.answers.set(id, { resolve, reject });
      this.writer.ref();
      this.writer.postMessage({ ...m, id });
    });
  }

  private open(): BetterSqlite3.Database {
    const db = new BetterSqlite3(this.file);
    db.pragma('journal_mode = TRUNCATE');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    // A read while the writer commits waits for the commit (a few milliseconds), rather than failing.
    db.pragma('busy_timeout = 10000');
    db.exec('CREATE TABLE IF NOT EXISTS ballots (evaluation_id TEXT NOT NULL, key TEXT NOT NULL, ballot_json TEXT NOT NULL, signature TEXT NOT NULL, PRIMARY KEY (evaluation_id, key)) WITHOUT ROWID');
    this.find = db.prepare('SELECT ballot_json, signature FROM ballots WHERE evaluation_id = ? AND key = ?');
    return db;
  }

  /** The settings the file runs with on each connection (the main thread's, the writer's), for the anonymity test: journal mode, secure delete, synchronous. */
  async settings(): Promise<StoreSettings[]> {
    const main = { journalMode: String(this.db.pragma('journal_mode', { simple: true })), secureDelete: Number(this.db.pragma('secure_delete', { simple: true })), synchronous: Number(this.db.pragma('synchronous', { simple: true })) };
    return [main, (await this.ask({ kind: 'settings' })).settings!];
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
  add(evaluationId: string, key: string, ballotJson: string, signature: string, utf8?: Uint8Array): Promise<boolean> {
    if (this.stopped.has(evaluationId)) return Promise.reject(new ExamError('session-state', 'voting is closed'));
    // The text as a place in a shared buffer where it lies in one (the writer reads it there), else as text.
    const text: string | SharedText = utf8?.buffer instanceof SharedArrayBuffer ? { buffer: utf8.buffer, start: utf8.byteOffset, length: utf8.byteLength } : ballotJson;
    return new Promise((done, failed) => {
      this.pending.push({ row: [evaluationId, key, text, signature], done, failed });
      if (!this.flushing && !this.rewriting) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** One commit at a time, in the writer: what arrives meanwhile goes into the next. */
  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const { added } = await this.ask({ kind: 'add', rows: batch.map((b) => b.row) });
      batch.forEach((b, i) => b.done(added![i]!));
    } catch (err) {
      for (const b of batch) b.failed(err);
    }
    if (this.pending.length > 0 && !this.rewriting) setImmediate(() => void this.flush());
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
    // The writer lets go of the file while it is rewritten (ballots of other evaluations open at the
    // same time wait in `pending`, and are committed to the new file after).
    this.rewriting = true;
    try {
      while (this.flushing) await new Promise<void>((r) => this.drained.push(r));
      await this.ask({ kind: 'close' });
      try {
        this.db.prepare('DELETE FROM ballots WHERE evaluation_id = ?').run(evaluationId);
        this.rewrite();
      } finally {
        await this.ask({ kind: 'open' });
      }
    } finally {
      this.rewriting = false;
      if (this.pending.length > 0 && !this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      } else if (!this.flushing) for (const d of this.drained.splice(0)) d();
    }
  }

  /** The file written afresh in key order, replacing the one the arrivals shaped (the writer has let go of it). */
  private rewrite(): void {
    const fresh = `${this.file}.fresh`;
    rmSync(fresh, { force: true });
    this.db.exec(`VACUUM INTO '${fresh.replace(/'/g, "''")}'`);
    // SQLite makes the new file with the process's default mode: the owner's alone, like the one it replaces.
    chmodSync(fresh, 0o600);
    // On disk before it takes the old one's place, and the rename itself on disk after: a power loss
    // then leaves either file whole, never the old one back after the board was committed.
    syncFile(fresh);
    this.db.close();
    renameSync(fresh, this.file);
    syncFolder(dirname(this.file));
    this.db = this.open();
  }

  async close(): Promise<void> {
    while (this.pending.length > 0 || this.flushing || this.rewriting) await new Promise<void>((r) => this.drained.push(r));
    const exited = new Promise<void>((r) => this.writer.once('exit', () => r()));
    this.writer.ref(); // until it has exited
    this.writer.postMessage({ kind: 'stop', id: 0 });
    await exited;
    this.db.close();
  }
}

/** A ballot's text as UTF-8 in a shared buffer: `length` bytes from `start`. */
interface SharedText {
  buffer: SharedArrayBuffer;
  start: number;
  length: number;
}
/** A ballot as the writer takes it: evaluation, key, canonical text (or where it lies), signature. */
type WriterRow = [string, string, string | SharedText, string];

interface StoreSettings {
  journalMode: string;
  secureDelete: number;
  synchronous: number;
}
/** The writer's answer to a request: the commit's outcome per ballot, its settings, or what went wrong. */
interface WriterAnswer {
  id: number;
  added?: boolean[];
  settings?: StoreSettings;
  error?: string;
}
