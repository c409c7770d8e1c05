import { PostgresAdapter, sql } from 'kysely';
import type pg from 'pg';
import type { Tx } from '../db/database';
import type { ServerContext } from '../context';
import { forgetOpenForm } from '../evaluation/casting';

/**
 * What a transaction changed that processes keep in memory (docs/processes.md): a session, a
 * candidate, a device, an opened file, the desk access code, an evaluation. Only ids: what changed
 * is read again from the database.
 */
export type Change =
  | { k: 'session'; id: string }
  | { k: 'candidate'; session: string; ticket: string }
  | { k: 'device'; id: string }
  | { k: 'file'; id: string }
  | { k: 'desk-code' }
  | { k: 'evaluation'; id: string };

const CHANNEL = 'exam_changes';

/**
 * Says, inside the transaction that makes it, that `change` happened. On PostgreSQL a NOTIFY in
 * the transaction: every process serving the database hears it when — and only if — the
 * transaction commits, in commit order, even if the process that committed dies at once. On
 * SQLite (one process, whose own transaction updates its memory after the commit) nothing.
 */
export async function changed(tx: Tx, change: Change): Promise<void> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(change)})`.execute(tx);
}

/** Reads again what `change` names, into this process's memory. */
async function apply(ctx: ServerContext, change: Change): Promise<void> {
  switch (change.k) {
    case 'session':
      await ctx.live.reloadSession(ctx.db, change.id);
      ctx.seats.touch(change.id);
      return;
    case 'candidate':
      await ctx.live.reloadCandidate(ctx.db, change.session, change.ticket);
      ctx.seats.touch(change.session);
      return;
    case 'device':
      await ctx.devices.reload(ctx.db, change.id);
      return;
    case 'file':
      await ctx.opened.load(ctx.db, change.id);
      return;
    case 'desk-code':
      ctx.deskCode = (await ctx.db.selectFrom('settings').select('value').where('key', '=', 'desk-code').executeTakeFirstOrThrow()).value;
      return;
    case 'evaluation': {
      // Its form is read again at the next ballot, with its state (evaluation/casting.ts); once it is
      // closed, this process lets go of its box key too.
      forgetOpenForm(ctx, change.id);
      const e = await ctx.db.selectFrom('evaluations').select('state').where('id', '=', change.id).executeTakeFirst();
      if (e?.state === 'closed') ctx.ballots.closedElsewhere(change.id);
      return;
    }
  }
}

/** Everything this process keeps in memory, read again (after the feed was cut: what it missed is unknown). */
async function reloadAll(ctx: ServerContext): Promise<void> {
  await ctx.live.load(ctx.db);
  await ctx.devices.load(ctx.db);
  await ctx.opened.loadAll(ctx.db);
  await apply(ctx, { k: 'desk-code' });
  for (const e of await ctx.db.selectFrom('evaluations').select('id').execute()) forgetOpenForm(ctx, e.id);
}

/**
 * Follows the changes of every process serving the same PostgreSQL database on a connection of
 * its own (LISTEN), applying them one at a time in the order they committed. Once listening — at
 * the start, and whenever the connection was lost and made again — it reads everything again, since
 * what committed before is not in the feed. Resolves once it listens, with a function that stops it.
 */
export async function followChanges(ctx: ServerContext, pool: pg.Pool, onError: (err: Error) => void = (e) => console.error('changes from other processes:', e.message)): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.PoolClient | null = null;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => (queue = queue.then(() => (stopped ? undefined : work())).catch(onError));
  const connect = async (): Promise<void> => {
    while (!stopped) {
      try {
        const c = await pool.connect();
        c.on('notification', (msg) => {
          if (msg.channel !== CHANNEL || !msg.payload) return;
          const change = JSON.parse(msg.payload) as Change;
          enqueue(() => apply(ctx, change));
        });
        c.on('error', () => undefined);
        c.on('end', () => {
          if (client === c) client = null;
          if (!stopped) void connect();
        });
        await c.query(`LISTEN ${CHANNEL}`);
        client = c;
        // Listening from now on; what committed before is read in full.
        enqueue(() => reloadAll(ctx));
        return;
      } catch (err) {
        onError(err as Error);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  };
  await connect();
  await queue;
  return async () => {
    stopped = true;
    const c = client;
    client = null;
    c?.release(true);
    await queue;
  };
}
