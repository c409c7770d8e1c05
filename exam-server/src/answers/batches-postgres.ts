import pg from 'pg';
import { WRITE_LOCK_KEY, connectionConfig } from '../db/postgres';
import type { AnswerBatches, AnswerSave } from './writer';

/**
 * The batch's saves of candidates who have not handed in, written; those who have, returned — in
 * one call, so one round trip to the server per batch, which commits it on its own (autocommit) once
 * it returns. Made on the writer's connection when it opens, as a temporary function (`pg_temp`: the
 * connection's own, gone with it; nothing is added to the database's schema).
 *
 * It first takes the write lock shared (`pg_advisory_xact_lock_shared`): a hand-in on another
 * process, which takes it exclusively like every transaction that checks and then writes, comes
 * wholly before the batch — its answers hash includes the batch — or wholly after: the batch's saves
 * of that candidate are then refused, never acknowledged. The function is volatile, so each of its
 * statements reads what was committed when that statement began: who has handed in is read after
 * the lock is held, never from a snapshot taken while it waited (a single statement that took the
 * lock in a subquery would read the candidates as they were before a hand-in it had waited for).
 * Batches of several processes hold the lock side by side and commit together (PostgreSQL flushes
 * their commits to the WAL at once): a batch reads nothing another batch writes, and two that save
 * the same answer meet on its row, where the higher revision wins.
 */
const WRITE_FUNCTION = `create function pg_temp.exam_write_answers(lock_key bigint, s text[], t text[], q text[], v text[], r bigint[], a bigint[])
  returns table (handed_session text, handed_ticket text) language plpgsql volatile as $body$
  declare
    hs text[];
    ht text[];
  begin
    perform pg_advisory_xact_lock_shared(lock_key);
    select coalesce(array_agg(c.session_id), '{}'), coalesce(array_agg(c.ticket), '{}') into hs, ht from candidates c
      where c.submitted_at is not null and (c.session_id, c.ticket) in (select * from unnest(s, t));
    insert into answers (session_id, ticket, question_id, value_json, rev, saved_at)
      select b.* from unnest(s, t, q, v, r, a) as b(session_id, ticket, question_id, value_json, rev, saved_at)
      where (b.session_id, b.ticket) not in (select * from unnest(hs, ht))
      on conflict (session_id, ticket, question_id) do update
        set value_json = excluded.value_json, rev = excluded.rev, saved_at = excluded.saved_at
        where excluded.rev > answers.rev;
    return query select * from unnest(hs, ht);
  end
$body$`;

const WRITE = 'select handed_session, handed_ticket from pg_temp.exam_write_answers($1, $2, $3, $4, $5, $6, $7)';

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
 * transaction per batch, one call of the function above; with `synchronous_commit = on` the commit
 * is on disk (the WAL flushed) before it returns. A connection that fails is dropped and the
 * next batch opens another; the batch that failed is not acknowledged, and the kiosks send it again.
 */
export function postgresAnswerBatches(url: string): AnswerBatches {
  let client: Promise<pg.Client> | null = null;
  const connect = () => {
    const c = new pg.Client(connectionConfig(url));
    c.on('error', () => {
      client = null;
    });
    // A connection that opened but could not make the function is closed, not left open.
    return c.connect().then(() => c.query(WRITE_FUNCTION)).then(
      () => c,
      (err: unknown) => {
        void c.end().catch(() => undefined);
        throw err;
      },
    );
  };
  const call = (c: pg.Client, saves: readonly AnswerSave[]) =>
    c.query<{ handed_session: string; handed_ticket: string }>(WRITE, [WRITE_LOCK_KEY, saves.map((s) => s.sessionId), saves.map((s) => s.ticket), saves.map((s) => s.questionId), saves.map((s) => s.valueJson), saves.map((s) => s.rev), saves.map((s) => s.at)]);
  return {
    async open() {
      client ??= connect();
      try {
        // One empty batch: PL/pgSQL plans each statement of the function the first time it runs on
        // a connection, and that (with opening the connection and making the function, some 70 ms
        // on the 2-core machine) would otherwise fall on the exam's first batch, the saves of every
        // kiosk that arrive meanwhile waiting behind it (docs/processes.md, the cost curve).
        await call(await client, []);
      } catch (err) {
        client = null;
        throw err;
      }
    },
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
        const r = await call(c, saves);
        return new Set(r.rows.map((h) => `${h.handed_session}\u0000${h.handed_ticket}`));
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
