import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/database';

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
 * The autosave hot path. Saves that arrive while one transaction is being written are gathered
 * into the next one; each save is acknowledged only after the transaction holding it has
 * committed (WAL, synchronous=FULL: on disk). A save with a revision lower than the stored one
 * changes nothing, so a save sent twice is harmless.
 *
 * It writes through prepared statements on the same connection Kysely uses, while holding
 * Kysely's connection (so it never runs inside another request's open transaction).
 */
export class AnswerWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly writeBatch: (batch: Pending[]) => void;
  /** Committed saves since start, for the benchmark and the desk. */
  committed = 0;

  constructor(
    private readonly db: Db,
    raw: BetterSqlite3.Database,
  ) {
    const upsert = raw.prepare(
      `insert into answers (session_id, ticket, question_id, value_json, rev, saved_at) values (?, ?, ?, ?, ?, ?)
       on conflict (session_id, ticket, question_id) do update
         set value_json = excluded.value_json, rev = excluded.rev, saved_at = excluded.saved_at
         where excluded.rev > answers.rev`,
    );
    this.writeBatch = raw.transaction((batch: Pending[]) => {
      for (const s of batch) {
        upsert.run(s.sessionId, s.ticket, s.questionId, s.valueJson, s.rev, s.at);
      }
    });
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
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const run = this.inFlight.then(() =>
      this.db.connection().execute(async () => {
        try {
          this.writeBatch(batch);
        } catch (err) {
          for (const s of batch) s.done(err);
          return;
        }
        this.committed += batch.length;
        for (const s of batch) s.done();
      }),
    );
    this.inFlight = run.catch(() => undefined);
    await this.inFlight;
  }
}
