import pg from 'pg';
import { connectionConfig } from '../db/postgres';
import type { AnswerBatches, AnswerSave } from './writer';

const UPSERT = `insert into answers (session_id, ticket, question_id, value_json, rev, saved_at)
  select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
  on conflict (session_id, ticket, question_id) do update
    set value_json = excluded.value_json, rev = excluded.rev, saved_at = excluded.saved_at
    where excluded.rev > answers.rev`;

/**
 * The saves a batch leaves standing: per answer, the one of highest revision (the first of equal
 * ones), as writing them one after another would. One statement may not touch a row twice.
 */
export function lastWriteWins(batch: readonly AnswerSave[]): AnswerSave[] {
  const kept = new Map<string, AnswerSave>();
  for (const s of batch) {
    const k = `${s.sessionId}\u0000${s.ticket}\u0000${s.questionId}`;
    const had = kept.get(k);
    if (!had || s.rev > had.rev) kept.set(k, s);
  }
  return [...kept.values()];
}

/**
 * On PostgreSQL: the writer's own connection (never one a request's transaction waits for), one
 * statement per batch — a single statement commits on its own, with `synchronous_commit = on`, so
 * it is on disk (the WAL flushed) before it returns. A connection that fails is dropped and the
 * next batch opens another; the batch that failed is not acknowledged, and the kiosks send it again.
 */
export function postgresAnswerBatches(url: string): AnswerBatches {
  let client: Promise<pg.Client> | null = null;
  const connect = () => {
    const c = new pg.Client(connectionConfig(url));
    c.on('error', () => {
      client = null;
    });
    return c.connect().then(() => c);
  };
  return {
    async write(batch) {
      const saves = lastWriteWins(batch);
      client ??= connect();
      let c: pg.Client;
      try {
        c = await client;
      } catch (err) {
        client = null;
        throw err;
      }
      try {
        await c.query(UPSERT, [saves.map((s) => s.sessionId), saves.map((s) => s.ticket), saves.map((s) => s.questionId), saves.map((s) => s.valueJson), saves.map((s) => s.rev), saves.map((s) => s.at)]);
      } catch (err) {
        client = null;
        void c.end().catch(() => undefined);
        throw err;
      }
    },
    async close() {
      const c = client;
      client = null;
      if (c) await (await c.catch(() => null))?.end().catch(() => undefined);
    },
  };
}
