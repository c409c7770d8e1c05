import { ExamError } from '@exam/shared';
import type { Database } from '../db/database';
import { postgresAnswerBatches } from './batches-postgres';
import { sqliteAnswerBatches } from './batches-sqlite';

export interface AnswerSave {
  sessionId: string;
  ticket: string;
  questionId: string;
  valueJson: string;
  rev: number;
  at: number;
}

/**
 * Writes one batch of saves in one transaction, resolving once it has committed durably, with the
 * candidates (`session\u0000ticket`) whose saves it refused because they had handed in meanwhile
 * (on another process: docs/processes.md).
 */
export interface AnswerBatches {
  /** Made ready before the first save (the server does this as it starts), so the first batch costs what the others do. */
  open(): Promise<void>;
  write(batch: readonly AnswerSave[]): Promise<ReadonlySet<string>>;
  close(): Promise<void>;
}

/**
 * The autosave hot path. Saves that arrive while one transaction is being written are gathered
 * into the next one; each save is acknowledged only after the transaction holding it has
 * committed (WAL, synchronous=FULL: on disk). A save with a revision lower than the stored one
 * changes nothing, so a save sent twice is harmless.
 *
 * How a batch is written is the store's (batches-sqlite.ts, batches-postgres.ts).
 */
export class AnswerWriter {
  /** Saves waiting for the next transaction, and beside each (same index) what settles its promise. */
  private queue: AnswerSave[] = [];
  private resolves: Array<() => void> = [];
  private rejects: Array<(err: unknown) => void> = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly batches: AnswerBatches;
  /** Committed saves since start, for the benchmark and the desk. */
  committed = 0;

  constructor(database: Database) {
    this.batches = database.kind === 'postgres' ? postgresAnswerBatches(database.postgres!.url) : sqliteAnswerBatches(database.db, database.sqlite!);
  }

  /** Before the first save: the store's connection and statements made ready (AnswerBatches.open). */
  open(): Promise<void> {
    return this.batches.open();
  }

  save(s: AnswerSave): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push(s);
      this.resolves.push(resolve);
      this.rejects.push(reject);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Resolves when every save queued so far is on disk. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.scheduled) {
      await this.inFlight;
      await new Promise((r) => setImmediate(r));
    }
    await this.inFlight;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    // The batch is what is queued when the write before it has finished, not when this flush was
    // scheduled: on a store whose write takes a while (PostgreSQL's commit), the saves that arrive
    // meanwhile all go into the next batch — the group commit — instead of a chain of small ones.
    const run = this.inFlight.then(async () => {
      const [batch, resolves, rejects] = [this.queue, this.resolves, this.rejects];
      [this.queue, this.resolves, this.rejects] = [[], [], []];
      if (batch.length === 0) return;
      let handedIn: ReadonlySet<string>;
      try {
        handedIn = await this.batches.write(batch);
      } catch (err) {
        for (const reject of rejects) reject(err);
        return;
      }
      for (let i = 0; i < batch.length; i++) {
        const s = batch[i]!;
        if (handedIn.size > 0 && handedIn.has(`${s.sessionId}\u0000${s.ticket}`)) rejects[i]!(new ExamError('already-submitted', 'the paper has been handed in'));
        else {
          this.committed++;
          resolves[i]!();
        }
      }
    });
    this.inFlight = run.catch(() => undefined);
    await this.inFlight;
  }

  /** Once drained: the writer's own connection, if it has one, is closed. */
  async close(): Promise<void> {
    await this.drain();
    await this.batches.close();
  }
}
