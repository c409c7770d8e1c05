import pg from 'pg';
import { WRITE_LOCK_KEY, connectionConfig } from '../db/postgres';
import type { AnswerBatches, AnswerSave } from './writer';

/**
 * The batch's saves of candidates who have not handed in, written; those who have, returned. Run
 * behind the write lock, taken shared (`pg_advisory_xact_lock_shared`): a hand-in on another process,
 * which takes it exclusively like every transaction that checks and then writes, comes wholly before
 * the batch — its answers hash includes the batch — or wholly after: the batch's saves of that
 * candidate are then refused, never acknowledged. Batches of several processes hold it side by side
 * and commit together (PostgreSQL flushes their commits to the WAL at once): a batch reads nothing
 * another batch writes, and two that save the same answer meet on its row, where the higher revision
 * wins.
 */
const UPSERT = `with batch as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[]) as b(session_id, ticket, question_id, value_json, rev, saved_at)
  ), handed_in as (
    select c.session_id, c.ticket from candidates c
    where c.submitted_at is not null and (c.session_id, c.ticket) in (select distinct session_id, ticket from batch)
  ), written as (
    insert into answers (session_id, ticket, question_id, value_json, rev, saved_at)
    select b.* from batch b where (b.session_id, b.ticket) not in (select session_id, ticket from handed_in)
    on conflict (session_id, ticket, question_id) do update
      set value_json = excluded.value_json, rev = excluded.rev, saved_at = excluded.saved_at
      where excluded.rev > answers.rev
  )
  select session_id, ticket from handed_in`;

/**
 * The saves a batch leaves standing: per answer, the one of highest revision (the first of equal
 * ones), as writing them one after another would — one statement may not touch a row twice — in
 * the order of their keys, so that two processes' batches saving the same answers (a kiosk moving
 * between them) take those rows' locks in the same order and never wait for each other in a circle.
 */
export function lastWriteWins(batch: readonly AnswerSave[]): AnswerSave[] {
  const kept = new Map<string, AnswerSave>();
  for (const s of batch) {
    const k = `${s.sessionId}\u0000${s.ticket}\u0000${s.questionId}`;
    const had = kept.get(k);
    if (!had || s.rev > had.rev) kept.set(k, s);
  }
  return [...kept.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, s]) => s);
}

/**
 * On PostgreSQL: the writer's own connection (never one a request's transaction waits for), one
 * transaction per batch: the write lock (shared), then one statement; with `synchronous_commit = on` the
 * commit is on disk (the WAL flushed) before it returns. A connection that fails is dropped and the
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
        await c.query('begin');
        await c.query('select pg_advisory_xact_lock_shared($1)', [WRITE_LOCK_KEY]);
        const r = await c.query<{ session_id: string; ticket: string }>(UPSERT, [saves.map((s) => s.sessionId), saves.map((s) => s.ticket), saves.map((s) => s.questionId), saves.map((s) => s.valueJson), saves.map((s) => s.rev), saves.map((s) => s.at)]);
        await c.query('commit');
        return new Set(r.rows.map((h) => `${h.session_id}\u0000${h.ticket}`));
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
