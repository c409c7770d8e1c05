import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { syncFolder } from '../db/durable-files';
import { join } from 'node:path';
import type pg from 'pg';
import { ExamError } from '@exam/shared';
import type { BallotBox } from './ballot-box';
import { WRITE_LOCK_KEY } from '../db/postgres';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The ballot box on PostgreSQL (docs/postgresql.md). PostgreSQL keeps every insert in its
 * write-ahead log in the order it came, and WAL archives and point-in-time recovery keep that log
 * for as long as they are kept: the order of arrival cannot be kept from the database. So what the
 * database gets must not be linkable to a ballot once the evaluation is closed:
 * - each evaluation has a box key of 32 random bytes, in the server's data folder
 *   (`ballot-keys/`, 0600, written and synced before the first ballot), never in the database;
 * - a row is `(evaluation_id, tag, grp, sealed)`: `tag` is HMAC-SHA256(box key, code key), so a
 *   card votes once without its key being stored; `grp` is the ballot's group (the turnout by group
 *   is shown live anyway); `sealed` is ChaCha20-Poly1305 under the box key of the code key, the
 *   ballot and its signature, with evaluation id and tag as associated data;
 * - ballots that arrive together are inserted in tag order (a keyed hash: no order of arrival);
 * - at the close the board is written to the database in key order, the rows are deleted, and the
 *   box key is overwritten and removed: from then on no copy of the log, no archive and no
 *   recovery to any point in time can open a row, or link a tag to a card.
 * Each batch is one transaction behind the write lock on a connection with `synchronous_commit = on`:
 * on disk before any of its ballots is acknowledged (group commit, as on SQLite), and only into an
 * evaluation still open — whichever process closes it (docs/processes.md).
 */
export class PostgresBallotBox implements BallotBox {
  private readonly keys = new Map<string, Buffer>();
  private pending: Array<{ evaluationId: string; tag: string; group: string; sealed: Buffer; done: (added: boolean) => void; failed: (err: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;
  private readonly stopped = new Set<string>();
  private readonly folder: string;

  constructor(
    private readonly pool: pg.Pool,
    dataDir: string,
  ) {
    this.folder = join(dataDir, 'ballot-keys');
  }

  private keyFile(evaluationId: string): string {
    return join(this.folder, `${createHash('sha256').update(evaluationId).digest('hex').slice(0, 32)}.key`);
  }

  /** The box key: read from the data folder, or made there (exclusively, synced) for the first ballot. */
  private boxKey(evaluationId: string, make: boolean): Buffer | null {
    const had = this.keys.get(evaluationId);
    if (had) return had;
    const file = this.keyFile(evaluationId);
    if (!existsSync(file)) {
      if (!make) return null;
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      const fresh = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      const fd = openSync(fresh, 'wx', 0o600);
      writeSync(fd, randomBytes(KEY_BYTES));
      fsyncSync(fd);
      closeSync(fd);
      try {
        linkSync(fresh, file); // atomic, and refused if another process made it first: then theirs is the key
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        rmSync(fresh, { force: true });
      }
      syncFolder(this.folder);
    }
    const key = readFileSync(file);
    if (key.length !== KEY_BYTES) throw new Error(`the ballot box key ${file} is damaged`);
    this.keys.set(evaluationId, key);
    return key;
  }

  private tagOf(key: Buffer, codeKey: string): string {
    return createHmac('sha256', key).update(codeKey, 'utf8').digest('hex');
  }

  private seal(key: Buffer, evaluationId: string, tag: string, plain: string): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
    const data = Buffer.from(plain, 'utf8');
    cipher.setAAD(Buffer.from(`${evaluationId}\u0000${tag}`, 'utf8'), { plaintextLength: data.length });
    return Buffer.concat([nonce, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
  }

  private open(key: Buffer, evaluationId: string, tag: string, sealed: Buffer): { key: string; ballotJson: string; signature: string } {
    const decipher = createDecipheriv('chacha20-poly1305', key, sealed.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${evaluationId}\u0000${tag}`, 'utf8'), { plaintextLength: sealed.length - NONCE_BYTES - TAG_BYTES });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const [codeKey, signature, ballotJson] = JSON.parse(plain) as [string, string, string];
    return { key: codeKey, ballotJson, signature };
  }

  async get(evaluationId: string, codeKey: string): Promise<{ ballotJson: string; signature: string } | null> {
    const key = this.boxKey(evaluationId, false);
    if (!key) return null;
    const tag = this.tagOf(key, codeKey);
    const { rows } = await this.pool.query<{ sealed: Buffer }>('select sealed from ballot_box where evaluation_id = $1 and tag = $2', [evaluationId, tag]);
    if (rows.length === 0) return null;
    const b = this.open(key, evaluationId, tag, rows[0]!.sealed);
    return { ballotJson: b.ballotJson, signature: b.signature };
  }

  add(evaluationId: string, codeKey: string, ballotJson: string, signature: string): Promise<boolean> {
    if (this.stopped.has(evaluationId)) return Promise.reject(new ExamError('session-state', 'voting is closed'));
    const key = this.boxKey(evaluationId, true)!;
    const tag = this.tagOf(key, codeKey);
    const group = (JSON.parse(ballotJson) as { group: string }).group;
    const sealed = this.seal(key, evaluationId, tag, JSON.stringify([codeKey, signature, ballotJson]));
    return new Promise((done, failed) => {
      this.pending.push({ evaluationId, tag, group, sealed, done, failed });
      this.flushing ??= new Promise<void>((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      // One row per card (the first of a card's ballots in the batch); in tag order, not arrival order.
      const first = new Map<string, (typeof batch)[number]>();
      for (const b of batch) if (!first.has(`${b.evaluationId}\u0000${b.tag}`)) first.set(`${b.evaluationId}\u0000${b.tag}`, b);
      const rows = [...first.values()].sort((a, b) => (a.evaluationId === b.evaluationId ? (a.tag < b.tag ? -1 : 1) : a.evaluationId < b.evaluationId ? -1 : 1));
      let c: pg.PoolClient | undefined;
      try {
        // Behind the write lock, taken shared, and only into evaluations still open: a close (on any
        // process) reads the box inside its own transaction, which takes the lock exclusively, so a
        // batch is wholly on its board or refused. Several processes' batches hold it side by side: a
        // card's second ballot meets the first on the box's unique key, whichever process has it.
        c = await this.pool.connect();
        await c.query('begin');
        await c.query('select pg_advisory_xact_lock_shared($1)', [WRITE_LOCK_KEY]);
        const { rows: added } = await c.query<{ evaluation_id: string; tag: string }>(
          `insert into ballot_box (evaluation_id, tag, grp, sealed)
             select b.* from unnest($1::text[], $2::text[], $3::text[], $4::bytea[]) as b(evaluation_id, tag, grp, sealed)
             where exists (select 1 from evaluations e where e.id = b.evaluation_id and e.state = 'open') order by evaluation_id, tag
           on conflict do nothing returning evaluation_id, tag`,
          [rows.map((r) => r.evaluationId), rows.map((r) => r.tag), rows.map((r) => r.group), rows.map((r) => r.sealed)],
        );
        const { rows: open } = await c.query<{ id: string }>(`select id from evaluations where id = any($1::text[]) and state = 'open'`, [[...new Set(rows.map((r) => r.evaluationId))]]);
        await c.query('commit');
        const stored = new Set(added.map((a) => `${a.evaluation_id}\u0000${a.tag}`));
        const stillOpen = new Set(open.map((o) => o.id));
        for (const b of batch) {
          const k = `${b.evaluationId}\u0000${b.tag}`;
          if (!stillOpen.has(b.evaluationId)) b.failed(new ExamError('session-state', 'voting is closed'));
          else b.done(first.get(k) === b && stored.has(k));
        }
      } catch (err) {
        await c?.query('rollback').catch(() => undefined);
        for (const b of batch) b.failed(err);
      } finally {
        c?.release();
      }
    }
    this.flushing = null;
  }

  async stop(evaluationId: string): Promise<void> {
    this.stopped.add(evaluationId);
    await this.flushing;
  }

  resume(evaluationId: string): void {
    this.stopped.delete(evaluationId);
  }

  async all(evaluationId: string): Promise<Array<{ key: string; ballotJson: string; signature: string }>> {
    const key = this.boxKey(evaluationId, false);
    if (!key) return [];
    const { rows } = await this.pool.query<{ tag: string; sealed: Buffer }>('select tag, sealed from ballot_box where evaluation_id = $1', [evaluationId]);
    const ballots = rows.map((r) => this.open(key, evaluationId, r.tag, r.sealed));
    return ballots.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async holdsAny(evaluationId: string): Promise<boolean> {
    const { rows } = await this.pool.query('select 1 from ballot_box where evaluation_id = $1 limit 1', [evaluationId]);
    return rows.length > 0 || existsSync(this.keyFile(evaluationId));
  }

  async countByGroup(evaluationId: string): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ grp: string; n: number }>('select grp, count(*) as n from ballot_box where evaluation_id = $1 group by grp', [evaluationId]);
    return Object.fromEntries(rows.map((r) => [r.grp, Number(r.n)]));
  }

  async forget(evaluationId: string): Promise<void> {
    await this.pool.query('delete from ballot_box where evaluation_id = $1', [evaluationId]);
    this.keys.delete(evaluationId);
    const file = this.keyFile(evaluationId);
    if (existsSync(file)) {
      // Overwritten before it is removed: a block the file system frees keeps no copy of the key.
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(KEY_BYTES));
      fsyncSync(fd);
      closeSync(fd);
      rmSync(file);
      syncFolder(this.folder);
    }
  }

  closedElsewhere(evaluationId: string): void {
    this.stopped.add(evaluationId);
    this.keys.get(evaluationId)?.fill(0);
    this.keys.delete(evaluationId);
  }

  async close(): Promise<void> {
    await this.flushing;
  }
}
