import type pg from 'pg';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { ExamIo } from '../context';

/**
 * On PostgreSQL, socket.io's own PostgreSQL adapter carries every broadcast (`io.to(room).emit`),
 * `socketsJoin`, `disconnectSockets` and `fetchSockets` to the other processes serving the same
 * database, over LISTEN/NOTIFY; a payload over 8,000 bytes goes through the table
 * `socket_io_attachments` (migration 020), whose rows the adapter removes after 30 s. Its
 * pool is the live-traffic pool (db/postgres.ts `openLivePool`): what it carries is never a record
 * (docs/processes.md).
 */
export function shareBroadcasts(io: ExamIo, pool: pg.Pool): void {
  io.adapter(createAdapter(pool, { tableName: 'socket_io_attachments', heartbeatInterval: 2_000, heartbeatTimeout: 6_000, errorHandler: (err) => console.error('broadcast between processes:', err.message) }));
}
