import type { Db, Tx } from './database';

const clocks = new WeakMap<Db | Tx, () => number>();

/**
 * The clock the server runs on (its `ctx.now`), bound to its database: whatever is written through
 * the database without a time of its own — the audit log's entries — takes its time from it, so the
 * log keeps the server's time and never mixes in the machine's where the two differ (a clock moved
 * by a test, or by the demonstration as it plays its past).
 */
export function runOnClock(db: Db, now: () => number): void {
  clocks.set(db, now);
}

/** The clock of a database or of a transaction on it (the machine's when none was bound). */
export function clockOf(dbOrTx: Db | Tx): () => number {
  return clocks.get(dbOrTx) ?? Date.now;
}

/** Binds a transaction to its database's clock. */
export function inheritClock(db: Db, tx: Tx): void {
  const now = clocks.get(db);
  if (now) clocks.set(tx, now);
}
