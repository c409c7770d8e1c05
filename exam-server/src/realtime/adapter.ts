import type pg from 'pg';
import { createAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { createClient } from '@redis/client';
import { ExamError } from '@exam/shared';
import type { ExamIo } from '../context';

/**
 * On PostgreSQL, socket.io's own PostgreSQL adapter carries every broadcast (`io.to(room).emit`),
 * `socketsJoin`, `disconnectSockets` and `fetchSockets` to the other processes serving the same
 * database, over LISTEN/NOTIFY; a payload over 8,000 bytes goes through the table
 * `socket_io_attachments` (migration 020), whose rows the adapter removes after 30 s. Its
 * pool is the live-traffic pool (db/postgres.ts `openLivePool`): what it carries is never a record
 * (docs/processes.md).
 */
export async function shareBroadcasts(io: ExamIo, pool: pg.Pool): Promise<void> {
  io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments', heartbeatInterval: 2_000, heartbeatTimeout: 6_000, errorHandler: (err) => console.error('broadcast between processes:', err.message) }));
  // Started only once it listens: the adapter takes its connection from the pool asynchronously, and a
  // server closed before that connection is in place would never hand it back (the pool's end then
  // waits for ever, and the connection outlives the server). The adapter (0.5.0, pinned) says it
  // listens by keeping the connection, once its LISTEN has run, as `client` of its publish/subscribe client.
  const pubsub = (io.of('/').adapter as unknown as { client: { client?: unknown } }).client;
  const deadline = Date.now() + 10_000;
  while (!pubsub.client) {
    if (Date.now() > deadline) throw new ExamError('internal', 'the broadcasts between processes did not start listening on PostgreSQL within 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The alternative measured against it (`exam start --redis redis://…`): socket.io's Redis adapter,
 * over Redis publish/subscribe, two connections per process. The records stay in PostgreSQL; Redis
 * carries only the broadcasts and the adapter's questions (`fetchSockets`). Which one serves is said
 * in docs/processes.md, with the figures. Resolves once both connections are up; returns what closes them.
 */
export async function shareBroadcastsOverRedis(io: ExamIo, url: string): Promise<() => Promise<void>> {
  const pub = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) } });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err: Error) => console.error('broadcast between processes (Redis):', err.message));
  await Promise.all([pub, sub].map((c) => connectOrSay(c, url)));
  io.adapter(createRedisAdapter(pub, sub, { key: 'exam', requestsTimeout: 5_000, publishOnSpecificResponseChannel: true }));
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}

/** Connects, or says plainly that the Redis named does not answer (at start: not a retry for ever). */
async function connectOrSay(c: { connect(): Promise<unknown>; destroy(): void }, url: string): Promise<void> {
  try {
    await Promise.race([c.connect(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5_000))]);
  } catch (err) {
    c.destroy();
    throw new ExamError('bad-request', `Redis at ${new URL(url).host} did not answer (${(err as Error).message}): is redis-server running there?`);
  }
}

/** The primary of `--processes N --redis URL` checks the Redis once before starting the processes. */
export async function checkRedis(url: string): Promise<void> {
  const c = createClient({ url, socket: { reconnectStrategy: false } });
  c.on('error', () => undefined);
  await connectOrSay(c, url);
  await c.quit();
}
