import type pg from 'pg';

/** The lock whose holder keeps the exam clock: "exam" + 1, beside the write lock (db/postgres.ts). */
export const LEADER_LOCK_KEY = 0x6578616e;

/** Whether this process keeps the exam clock (sessions/scheduler.ts): exactly one of those serving a database does. */
export interface Leadership {
  isLeader(): boolean;
  stop(): Promise<void>;
}

/** One process on a SQLite file: it leads. */
export const soleLeader: Leadership = { isLeader: () => true, stop: async () => undefined };

/**
 * Several processes on PostgreSQL: the leader is the process holding a session-level advisory lock
 * on a connection of its own. The others try for it every `tryEveryMs`. PostgreSQL releases the lock
 * the moment the holder's connection ends — the process died, or lost the database — and the next
 * try of another process takes it; a process whose connection ends stops leading at once. What the
 * leader does is safe to do twice (a hand-in done by another process stands: answers/submit.ts), so
 * the moment two might both believe they lead does no harm.
 */
export function leadOnPostgres(pool: pg.Pool, onChange: (leading: boolean) => void, tryEveryMs = 1_000): Leadership {
  let leading = false;
  let stopped = false;
  let client: pg.PoolClient | null = null;
  const lose = () => {
    client = null;
    if (leading) {
      leading = false;
      onChange(false);
    }
  };
  const attempt = async () => {
    if (stopped || leading) return;
    let c: pg.PoolClient | null = null;
    try {
      c = await pool.connect();
      const r = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [LEADER_LOCK_KEY]);
      if (!r.rows[0]!.ok) {
        c.release();
        return;
      }
      if (stopped) {
        // Stopped while it took the lock: the connection ends, and the lock with it (never back to the pool holding it).
        c.release(true);
        return;
      }
      client = c;
      c.on('error', () => undefined);
      c.once('end', lose);
      leading = true;
      onChange(true);
    } catch {
      c?.release(true);
    }
  };
  const timer = setInterval(() => void attempt(), tryEveryMs);
  timer.unref();
  void attempt();
  return {
    isLeader: () => leading,
    async stop() {
      stopped = true;
      clearInterval(timer);
      const c = client;
      leading = false;
      client = null;
      // Ending the connection releases the lock: another process leads at its next try.
      c?.release(true);
    },
  };
}
