import type pg from 'pg';
import { WindowCounter } from './limits';

/**
 * Attempts counted per key (an address, a device key) within a sliding window, for the limits on
 * what strangers may try (devices/limits.ts). One process counts in memory; the processes serving one
 * PostgreSQL database count together, in the unlogged table `rate_hits` (migration 022), so that N
 * processes do not allow N times as many attempts (docs/processes.md).
 */
export interface HitCounter {
  /** The attempts within the window. */
  count(key: string, now: number): Promise<number>;
  /** One more attempt; the attempts within the window, this one included. */
  add(key: string, now: number): Promise<number>;
}

export function hitsInMemory(windowMs: number): HitCounter {
  const w = new WindowCounter(windowMs);
  return { count: async (key, now) => w.count(key, now), add: async (key, now) => w.add(key, now) };
}

/** The attempts of every process, in `rate_hits` under `scope`; rows past every window are removed once a minute. */
export function hitsInPostgres(pool: pg.Pool, scope: string, windowMs: number): HitCounter {
  let nextSweep = 0;
  const sweep = async (now: number) => {
    if (now < nextSweep) return;
    nextSweep = now + 60_000;
    await pool.query('delete from rate_hits where scope = $1 and at <= $2', [scope, now - windowMs]);
  };
  return {
    async count(key, now) {
      const r = await pool.query<{ n: string }>('select count(*) as n from rate_hits where scope = $1 and key = $2 and at > $3', [scope, key, now - windowMs]);
      return Number(r.rows[0]!.n);
    },
    async add(key, now) {
      await sweep(now);
      // The insert is not seen by its own statement's count: one is added.
      const r = await pool.query<{ n: string }>(
        'with hit as (insert into rate_hits (scope, key, at) values ($1, $2, $4)) select count(*) + 1 as n from rate_hits where scope = $1 and key = $2 and at > $3',
        [scope, key, now - windowMs, now],
      );
      return Number(r.rows[0]!.n);
    },
  };
}
