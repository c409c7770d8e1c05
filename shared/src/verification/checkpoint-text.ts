/**
 * A checkpoint written down by hand (docs/bundle.md, "Checkpoints written by hand"): the entry's
 * number and the first 32 hex digits (128 bits) of its hash, in eight groups of four, e.g.
 * `385: 9f01 a2b3 5c7d 0e11 4f22 8a93 b6c4 d7e5`. A verifier accepts any prefix of 32 to 64 hex
 * digits, in either case, with spaces, hyphens or colons between groups.
 */
export const CHECKPOINT_PREFIX_DIGITS = 32;

/** The form a supervisor copies onto paper. */
export function checkpointText(seq: number, hash: string): string {
  return `${seq}: ${hash.slice(0, CHECKPOINT_PREFIX_DIGITS).match(/.{4}/g)!.join(' ')}`;
}

/** What is wrong with a kept hash, in words that say what is expected, or null. */
export function checkpointHashProblem(hash: string): string | null {
  if (!/^[0-9a-f]*$/.test(hash)) return 'a checkpoint hash is written in hex digits (0–9, a–f) only';
  if (hash.length < CHECKPOINT_PREFIX_DIGITS) return `only ${hash.length} hex digits were written: at least ${CHECKPOINT_PREFIX_DIGITS} (the eight groups of four shown on the tablet) are needed`;
  if (hash.length > 64) return `${hash.length} hex digits is longer than a hash (64)`;
  return null;
}

/** Whether a full entry hash begins with what was kept. */
export const matchesCheckpoint = (full: string, kept: string): boolean => kept.length >= CHECKPOINT_PREFIX_DIGITS && full.startsWith(kept);

/**
 * Reads `seq:hash` as a person writes it: `385: 9F01 A2B3 …`, `385:9f01-a2b3…` or the full hash.
 * Returns the entry number and the hex digits in lower case, or an error that says what is expected.
 */
export function parseCheckpointText(text: string): { seq: number; hash: string } | { error: string } {
  const m = /^\s*#?(\d+)\s*[:：]\s*(.+?)\s*$/.exec(text);
  if (!m) return { error: `“${text}” is not a checkpoint: write the entry number, a colon, then the hash digits (e.g. 385: 9f01 a2b3 …)` };
  const hash = m[2]!.replace(/[\s\-:·]/g, '').toLowerCase();
  const problem = checkpointHashProblem(hash);
  if (problem) return { error: `entry ${m[1]}: ${problem}` };
  return { seq: Number(m[1]), hash };
}

/** Fingerprints as written on a ceremony sheet, one a line: the first word of each line (a name may follow). */
export function parseFingerprintLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

/**
 * A card list as the evaluation's ceremony sheet has it (docs/bundle.md step 14):
 * `evaluation/group: count: hash`, the hash at least its first 32 hex digits, in any case, with
 * spaces, hyphens or colons between groups.
 */
export function parseBallotListText(text: string): { evaluationId: string; group: string; count: number; hash: string } | { error: string } {
  const m = /^\s*([a-z0-9-]{1,40})\/([a-z0-9-]{1,40})\s*:\s*(\d{1,6})\s*:\s*([0-9a-fA-F\s:-]+)$/.exec(text);
  const hash = m ? m[4]!.replace(/[\s:-]/g, '').toLowerCase() : '';
  if (!m) return { error: 'write evaluation/group: count: hash, as the ceremony sheet has it' };
  if (hash.length < 32) return { error: `the hash needs at least its first 32 hex digits (128 bits); this one has ${hash.length}` };
  return { evaluationId: m[1]!, group: m[2]!, count: Number(m[3]), hash };
}
