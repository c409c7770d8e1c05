import { resolveVersions } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import type { ScoreSheetsTable } from '../db/schema/interview';

/**
 * The sheets that count, one per examiner and candidate, derived from every stored version by the
 * same rule the verifier uses (resolveVersions in shared): the chain of `replaces`, a correction
 * counting once countersigned. The stored `state` only serves the supervisor's waiting list.
 */
export async function currentSheets(db: Db | Tx, dayId: string, lot?: number): Promise<ScoreSheetsTable[]> {
  let q = db.selectFrom('score_sheets').selectAll().where('day_id', '=', dayId);
  if (lot !== undefined) q = q.where('lot', '=', lot);
  const rows = await q.orderBy('received_at').orderBy('hash').execute();
  const chains = new Map<string, ScoreSheetsTable[]>();
  for (const r of rows) {
    const k = `${r.lot}|${r.examiner_key}`;
    chains.set(k, [...(chains.get(k) ?? []), r]);
  }
  return [...chains.values()].flatMap((list) => {
    const { current } = resolveVersions(list, (r) => ({ hash: r.hash, replaces: r.replaces ?? undefined, counts: r.countersign_json !== null }));
    return current ? [current] : [];
  });
}
