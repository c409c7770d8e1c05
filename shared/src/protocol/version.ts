/** The protocol version. It is part of every domain tag, so a change here changes every signed byte. */
export const PROTOCOL_VERSION = 2 as const;
// Version 2 (this one): a marker's signed mark names the mark it replaces (`replaces`), so an older
// mark replayed after a newer one is refused and shows. The export bundle is `exam-bundle/3` (its
// log's rosters name each candidate; `exam-bundle/2` was the same protocol without the names).

/**
 * The type names of every object that is hashed or signed. The domain tag that goes in front of
 * the canonical bytes is `exam/v<PROTOCOL_VERSION>/<type>` followed by one 0x00 byte
 * (docs/protocol.md, "Domain tags").
 */
export const OBJECT_TYPES = [
  'device-auth',
  'sealed-paper',
  'share',
  'paper-key',
  'answers',
  'receipt',
  'audit-entry',
  'paper-shuffle',
  'mark',
  'score-sheet',
  'sheet-countersign',
  'conflict-declaration',
  'lot-candidates',
  'lot-commit',
  'lot-seed',
  'lot-shuffle',
  'bundle',
  'bundle-statement',
  'checkpoint',
  'registration',
  'registration-slip',
  'review-decision',
  'recusal-declaration',
  'marking-recusal',
  'interview-recusal',
  'ballot-key',
  'ballot-keys',
  'ballot',
  'evaluation-board',
  'objection-record',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];
