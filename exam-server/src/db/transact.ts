import type { Db, Tx } from './database';
import { inheritClock } from './clock';

/** Side effects (socket events) queued by a transaction, run only once it has committed. */
export type AfterCommit = (effect: () => void) => void;

/**
 * Runs `work` in one transaction; what it queues with `after` runs after the commit, never
 * after a rollback. This is the edge of every request that changes state.
 */
export async function transact<T>(db: Db, work: (tx: Tx, after: AfterCommit) => Promise<T>): Promise<T> {
  const effects: Array<() => void> = [];
  const result = await db.transaction().execute((tx) => {
    inheritClock(db, tx);
    return work(tx, (e) => effects.push(e));
  });
  for (const e of effects) e();
  return result;
}
