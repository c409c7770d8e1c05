import { PostgresAdapter, sql } from 'kysely';
import type pg from 'pg';
import type { Tx } from '../db/database';
import type { ServerContext } from '../context';
import { forgetOpenForm, openForm } from '../evaluation/casting';

/**
 * What a transaction changed that processes keep in memory (docs/processes.md): a session, a
 * candidate, a device, an opened file, the desk access code, an evaluation. Only ids: what changed
 * is read again from the database.
 */
export type Change =
  | { k: 'session'; id: string }
  /** The session's own row alone (its start, its close): its candidates are not read again. */
  | { k: 'session-row'; id: string }
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

/** Ids per query when many of one kind are read again at once. */
const CHUNK = 500;
const chunks = <T>(list: T[]): T[][] => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Reads again, into this process's memory, what a run of changes names — each thing once, however
 * many changes named it, and many of a kind in one query: 10,000 kiosks signing in are 10,000
 * changes of candidates and devices, which must not become 10,000 queries in every process, queued
 * before the start signal's change of the session. What is read is what is committed now, so the
 * order of the changes within the run does not matter.
 */
async function applyAll(ctx: ServerContext, run: readonly Change[]): Promise<void> {
  const sessions = new Set<string>();
  const sessionRows = new Set<string>();
  const candidates = new Map<string, Set<string>>();
  const devices = new Set<string>();
  const files = new Set<string>();
  const evaluations = new Set<string>();
  let deskCode = false;
  for (const c of run) {
    if (c.k === 'session') sessions.add(c.id);
    else if (c.k === 'session-row') sessionRows.add(c.id);
    else if (c.k === 'candidate') (candidates.get(c.session) ?? candidates.set(c.session, new Set()).get(c.session)!).add(c.ticket);
    else if (c.k === 'device') devices.add(c.id);
    else if (c.k === 'file') files.add(c.id);
    else if (c.k === 'evaluation') evaluations.add(c.id);
    else deskCode = true;
  }
  for (const id of sessions) {
    await ctx.live.reloadSession(ctx.db, id);
    ctx.seats.touch(id);
  }
  // The start signal is one such change, heard by every process at the moment the key goes out: with
  // 10,000 candidates, reading them all again in each process would compete with sending it.
  for (const id of sessionRows) {
    if (sessions.has(id)) continue; // read in full above
    await ctx.live.reloadSessionRow(ctx.db, id);
    ctx.seats.touch(id);
  }
  for (const [session, tickets] of candidates) {
    if (sessions.has(session)) continue; // read with its session
    for (const some of chunks([...tickets])) await ctx.live.reloadCandidates(ctx.db, session, some);
    ctx.seats.touch(session);
  }
  for (const some of chunks([...devices])) await ctx.devices.reloadMany(ctx.db, some);
  for (const id of files) await ctx.opened.load(ctx.db, id);
  if (deskCode) ctx.deskCode = (await ctx.db.selectFrom('settings').select('value').where('key', '=', 'desk-code').executeTakeFirstOrThrow()).value;
  for (const id of evaluations) {
    // Its form is read again at the next ballot, with its state (evaluation/casting.ts); once it is
    // closed, this process lets go of its box key too.
    forgetOpenForm(ctx, id);
    const e = await ctx.db.selectFrom('evaluations').select('state').where('id', '=', id).executeTakeFirst();
    if (e?.state === 'closed') ctx.ballots.closedElsewhere(id);
    // Opened on another process: this one made ready for its ballots as well (openForm), in the background.
    if (e?.state === 'open') void openForm(ctx, id).catch(() => undefined);
  }
}

/** Everything this process keeps in memory, read again (after the feed was cut: what it missed is unknown). */
async function reloadAll(ctx: ServerContext): Promise<void> {
  await ctx.live.load(ctx.db);
  await ctx.devices.load(ctx.db);
  await ctx.opened.loadAll(ctx.db);
  // The desks' seat boards of every session, and their device lists, as after any change read here.
  for (const l of ctx.live.all()) ctx.seats.touch(l.session.id);
  ctx.seats.devicesChanged(false);
  // The desk code, and every evaluation as if it had changed: its form read again, its box key let
  // go if it was closed meanwhile.
  const evaluations = await ctx.db.selectFrom('evaluations').select('id').execute();
  await applyAll(ctx, [{ k: 'desk-code' }, ...evaluations.map((e) => ({ k: 'evaluation' as const, id: e.id }))]);
}

/**
 * Follows the changes of every process serving the same PostgreSQL database on a connection of
 * its own (LISTEN), applying them in the order they committed (those that arrive while others are read, together). Once listening — at
 * the start, and whenever the connection was lost and made again — it reads everything again, since
 * what committed before is not in the feed. Resolves once it listens, with a function that stops it.
 */
export async function followChanges(ctx: ServerContext, pool: pg.Pool, onError: (err: Error) => void = (e) => console.error('changes from other processes:', e.message)): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.PoolClient | null = null;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => (queue = queue.then(() => (stopped ? undefined : work())).catch(onError));
  // Changes arriving while others are read wait together, and are read together (applyAll).
  let arrived: Change[] = [];
  // A read that fails (the database briefly out of reach) must not leave this process behind for good:
  // everything is read again, as after a lost connection, until that succeeds; changes arriving
  // meanwhile wait in the queue behind it.
  const orCatchUp = (read: () => Promise<void>) => async () => {
    try {
      await read();
    } catch (err) {
      onError(err as Error);
      while (!stopped) {
        await new Promise((r) => setTimeout(r, 1_000));
        try {
          await reloadAll(ctx);
          return;
        } catch (again) {
          onError(again as Error);
        }
      }
    }
  };
  const arrive = (change: Change) => {
    arrived.push(change);
    if (arrived.length > 1) return; // a read of the run is queued already
    enqueue(
      orCatchUp(() => {
        const run = arrived;
        arrived = [];
        return applyAll(ctx, run);
      }),
    );
  };
  const connect = async (): Promise<void> => {
    while (!stopped) {
      try {
        const c = await pool.connect();
        c.on('notification', (msg) => {
          if (msg.channel !== CHANNEL || !msg.payload) return;
          arrive(JSON.parse(msg.payload) as Change);
        });
        c.on('error', () => undefined);
        c.on('end', () => {
          if (client === c) client = null;
          if (!stopped) void connect();
        });
        await c.query(`LISTEN ${CHANNEL}`);
        client = c;
        // Listening from now on; what committed before is read in full.
        enqueue(orCatchUp(() => reloadAll(ctx)));
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
