import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { syncFolder } from '../db/durable-files';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sealBackup } from './file';
import { makeFolder } from '../make-folder';

/** The files of the data folder a restore needs besides the database: the server's key and the venue certificate (kiosks pin it). */
export const BACKED_UP_FILES = ['server-key.pem', 'venue-key.pem', 'venue-cert.pem'];

export interface BackupOptions {
  raw: BetterSqlite3.Database;
  dataDir: string;
  /** where backups go: the operator's folder, typically a USB stick */
  folder: string;
  key: Uint8Array;
  everyMs: number;
  /** backups kept in the folder; older ones are removed */
  keep: number;
  now?: () => number;
}

export interface BackupWritten {
  file: string;
  createdAt: number;
  seq: number;
}

/**
 * Writes an encrypted, consistent online backup of the running server (SQLite's backup API, so
 * writers are not stopped) every few minutes and at the end of each phase. One backup at a time;
 * each is written beside its final name, synced, then renamed, so a stick pulled out mid-write
 * never holds half a backup under a backup's name.
 */
export class BackupWriter {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  last: BackupWritten | null = null;
  failed: string | null = null;

  constructor(private readonly o: BackupOptions) {
    makeFolder(o.folder, '--backup-to');
  }

  start(): void {
    this.timer = setInterval(() => void this.write(`every ${Math.round(this.o.everyMs / 60_000)} minutes`).catch(() => undefined), this.o.everyMs);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    return this.queue;
  }

  /** Queues one backup; resolves when it is on the stick. */
  write(reason: string): Promise<BackupWritten> {
    const run = this.queue.then(() => this.writeOne(reason));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeOne(reason: string): Promise<BackupWritten> {
    const now = this.o.now ?? Date.now;
    const copy = join(this.o.dataDir, `backup-copy-${process.pid}.db`);
    try {
      await this.o.raw.backup(copy);
      const snapshot = new BetterSqlite3(copy, { readonly: true });
      const head = snapshot.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as { seq: number; hash: string } | undefined;
      snapshot.close();
      const createdAt = now();
      const files = [{ name: 'exam.db', data: readFileSync(copy) }, ...BACKED_UP_FILES.filter((f) => existsSync(join(this.o.dataDir, f))).map((f) => ({ name: f, data: readFileSync(join(this.o.dataDir, f)) }))];
      const sealed = sealBackup(this.o.key, { format: 'exam-backup/1', createdAt, reason, log: head ?? { seq: 0, hash: '' } }, files);
      const name = `exam-backup-${new Date(createdAt).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-seq${head?.seq ?? 0}.bak`;
      const part = join(this.o.folder, `${name}.part`);
      const fd = openSync(part, 'w', 0o600);
      try {
        writeSync(fd, sealed);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(part, join(this.o.folder, name));
      syncFolder(this.o.folder);
      this.prune();
      this.last = { file: name, createdAt, seq: head?.seq ?? 0 };
      this.failed = null;
      return this.last;
    } catch (err) {
      this.failed = (err as Error).message;
      console.error(`backup to ${this.o.folder} failed: ${(err as Error).message}`);
      throw err;
    } finally {
      rmSync(copy, { force: true });
    }
  }

  private prune(): void {
    const all = readdirSync(this.o.folder).filter((f) => /^exam-backup-.*\.bak$/.test(f)).sort();
    for (const old of all.slice(0, Math.max(0, all.length - this.o.keep))) rmSync(join(this.o.folder, old), { force: true });
  }
}
