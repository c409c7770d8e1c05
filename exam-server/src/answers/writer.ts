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

interface Pending extends AnswerSave {
  done: (err?: unknown) => void;
}

/**
 * Writes one batch of saves in one transaction, resolving once it has committed durably, with the
 * candidates (`session\u0000ticket`) whose saves it refused because they had handed in meanwhile
 * (on another process: docs/processes.md).
 */
export interface AnswerBatches {
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
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly batches: AnswerBatches;
  /** Committed saves since start, for the benchmark and the desk. */
  committed = 0;

  constructor(database: Database) {
    this.batches = database.kind === 'postgres' ? postgresAnswerBatches(database.postgres!.url) : sqliteAnswerBatches(database.db, database.sqlite!);
  }

  save(s: AnswerSave): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...s, done: (err) => (err ? reject(err) : resolve()) });
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
      const batch = this.queue;
      this.queue = [];
      if (batch.length === 0) return;
      let handedIn: ReadonlySet<string>;
      try {
        handedIn = await this.batches.write(batch);
      } catch (err) {
        for (const s of batch) s.done(err);
        return;
      }
      for (const s of batch) {
        if (handedIn.has(`${s.sessionId}\u0000${s.ticket}`)) s.done(new ExamError('already-submitted', 'the paper has been handed in'));
        else {
          this.committed++;
          s.done();
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
