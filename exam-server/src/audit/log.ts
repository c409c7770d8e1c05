import { canonicalize, entryHash, type HashedEntryFields, type LogEntryType } from '@exam/shared';
import { clockOf } from '../db/clock';
import type { Db, Tx } from '../db/database';

/** The hash a chain starts from: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry as hashed (shared's `entryHash`: SHA-256 under the `audit-entry` tag, docs/protocol.md §11). */
export type AuditEntry = HashedEntryFields;
export { entryHash };

/**
 * Appends one entry to the hash chain inside the caller's transaction, so the entry and the
 * state change it records commit together or not at all.
 */
export async function appendAudit(tx: Tx, type: LogEntryType, actor: string, payload: Record<string, unknown>, at = clockOf(tx)()): Promise<AuditEntry & { hash: string }> {
  const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const entry: AuditEntry = { seq: (last?.seq ?? 0) + 1, at, type, actor, payload, prev: last?.hash ?? GENESIS_HASH };
  const hash = entryHash(entry);
  await tx
    .insertInto('audit_log')
    .values({ seq: entry.seq, at, type, actor, payload_json: canonicalize(payload), prev_hash: entry.prev, hash })
    .execute();
  return { ...entry, hash };
}

export type ChainCheck = { ok: true; entries: number; head: string } | { ok: false; entries: number; seq: number; problem: string };

/** Walks the chain from the start and names the first entry that does not fit. */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const r of rows) {
    if (r.seq !== expectedSeq) return { ok: false, entries: rows.length, seq: r.seq, problem: `entry ${expectedSeq} is missing (found ${r.seq} next)` };
    if (r.prev_hash !== prev) return { ok: false, entries: rows.length, seq: r.seq, problem: `entry ${r.seq} does not point at the hash of entry ${r.seq - 1}` };
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(r.payload_json) as Record<string, unknown>;
    } catch {
      return { ok: false, entries: rows.length, seq: r.seq, problem: `entry ${r.seq} has a payload that is not JSON` };
    }
    const hash = entryHash({ seq: r.seq, at: r.at, type: r.type, actor: r.actor, payload, prev: r.prev_hash });
    if (hash !== r.hash) return { ok: false, entries: rows.length, seq: r.seq, problem: `entry ${r.seq} (${r.type}) was altered: its content does not match its hash` };
    prev = r.hash;
    expectedSeq++;
  }
  return { ok: true, entries: rows.length, head: prev };
}
