import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/database';
import type { AnswerBatches, AnswerSave } from './writer';

/**
 * On SQLite: prepared statements on the connection Kysely uses, written while holding Kysely's
 * connection (so never inside another request's open transaction). WAL with synchronous=FULL: on
 * disk when the transaction returns. A save whose revision is not above the stored one changes nothing.
 */
export function sqliteAnswerBatches(db: Db, raw: BetterSqlite3.Database): AnswerBatches {
  const upsert = raw.prepare(
    `insert into answers (session_id, ticket, question_id, value_json, rev, saved_at) values (?, ?, ?, ?, ?, ?)
     on conflict (session_id, ticket, question_id) do update
       set value_json = excluded.value_json, rev = excluded.rev, saved_at = excluded.saved_at
       where excluded.rev > answers.rev`,
  );
  const writeAll = raw.transaction((batch: readonly AnswerSave[]) => {
    for (const s of batch) upsert.run(s.sessionId, s.ticket, s.questionId, s.valueJson, s.rev, s.at);
  });
  return {
    // Its statements are prepared above, when the server starts: nothing left to open.
    open: async () => undefined,
    // One process: a hand-in drains this writer first and its saves are refused from then on (answers/submit.ts).
    write: (batch) => db.connection().execute(async () => (writeAll(batch), new Set<string>())),
    close: async () => undefined,
  };
}
