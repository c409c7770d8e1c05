import { objectHash } from '../crypto/hash';

/** An entry of the audit log as it is hashed (docs/protocol.md §11). */
export interface HashedEntryFields {
  seq: number;
  at: number;
  type: string;
  actor: string;
  payload: Record<string, unknown>;
  prev: string;
}

/** `object_hash("audit-entry", { seq, at, type, actor, payload, prev })`: the entry's hash, from exactly these members. */
export function entryHash(e: HashedEntryFields): string {
  // Built with its members in canonical order, so that the encoder's shortcut applies (canonical.ts).
  return objectHash('audit-entry', { actor: e.actor, at: e.at, payload: e.payload, prev: e.prev, seq: e.seq, type: e.type });
}
