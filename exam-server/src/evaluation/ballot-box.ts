/**
 * Where ballots wait while an evaluation is open (docs/protocol.md §24): nothing in it may tell when
 * or in what order a ballot came. On SQLite, a file of its own (ballot-store.ts); on PostgreSQL, a
 * table of sealed rows whose key never reaches the database (ballot-store-postgres.ts).
 */
export interface BallotBox {
  /** The ballot stored for this code key, if any. */
  get(evaluationId: string, key: string): Promise<{ ballotJson: string; signature: string } | null>;
  /**
   * Stores a ballot durably: true once stored, false when the key has a ballot already (the caller
   * compares). `utf8`, when given, is `ballotJson` as UTF-8 in a shared buffer: a store that hands
   * the text to another thread passes that place rather than a copy of the text.
   */
  add(evaluationId: string, key: string, ballotJson: string, signature: string, utf8?: Uint8Array): Promise<boolean>;
  /** The start of a close: no more ballots taken; resolves once every ballot taken is on disk. */
  stop(evaluationId: string): Promise<void>;
  /** A close that was refused: voting goes on. */
  resume(evaluationId: string): void;
  /** Every ballot of an evaluation, in key order. */
  all(evaluationId: string): Promise<Array<{ key: string; ballotJson: string; signature: string }>>;
  /** Whether any ballot of this evaluation is held. */
  holdsAny(evaluationId: string): Promise<boolean>;
  /** How many ballots each group has (the turnout shown while voting). */
  countByGroup(evaluationId: string): Promise<Record<string, number>>;
  /** After the close, once the board is in the database: the evaluation's ballots are gone from here, beyond recovery. */
  forget(evaluationId: string): Promise<void>;
  /** Another process closed the evaluation: drop what this process keeps of it in memory (its box key). */
  closedElsewhere(evaluationId: string): void;
  close(): Promise<void>;
}
