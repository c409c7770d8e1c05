/**
 * A checkpoint written down by hand (docs/bundle.md, "Checkpoints written by hand"): the entry's
 * number and the first 32 hex digits (128 bits) of its hash, in eight groups of four, e.g.
 * `385: 9f01 a2b3 5c7d 0e11 4f22 8a93 b6c4 d7e5`. A verifier accepts any prefix of 32 to 64 hex
 * digits, in either case, with spaces, hyphens or colons between groups.
 */
export const CHECKPOINT_PREFIX_DIGITS = 32;

/** Hex digits in groups of four, as a person reads them off a screen or a sheet. */
export const hexGroups = (hex: string): string => hex.toLowerCase().match(/.{1,4}/g)?.join(' ') ?? '';

/** The form a supervisor copies onto paper. */
export function checkpointText(seq: number, hash: string): string {
  return `${seq}: ${hexGroups(hash.slice(0, CHECKPOINT_PREFIX_DIGITS))}`;
}

/** What is wrong with a kept hash, in words that say what is expected, or null. */
export function checkpointHashProblem(hash: string): string | null {
  return checkpointHashProblemText(hash)?.en ?? null;
}

/** The same, in both languages. */
export function checkpointHashProblemText(hash: string): { en: string; zh: string } | null {
  if (!/^[0-9a-f]*$/.test(hash)) return { en: 'a checkpoint hash is written in hex digits (0–9, a–f) only', zh: '检查点哈希只由十六进制数字（0–9、a–f）组成' };
  if (hash.length < CHECKPOINT_PREFIX_DIGITS) return { en: `only ${hash.length} hex digits were written: at least ${CHECKPOINT_PREFIX_DIGITS} (the eight groups of four shown on the tablet) are needed`, zh: `只写了 ${hash.length} 位十六进制数字：至少需要 ${CHECKPOINT_PREFIX_DIGITS} 位（平板上显示的 8 组、每组 4 位）` };
  if (hash.length > 64) return { en: `${hash.length} hex digits is longer than a hash (64)`, zh: `${hash.length} 位十六进制数字超过了哈希的长度（64 位）` };
  return null;
}

/** Whether a full entry hash begins with what was kept. */
export const matchesCheckpoint = (full: string, kept: string): boolean => kept.length >= CHECKPOINT_PREFIX_DIGITS && full.startsWith(kept);

/**
 * Reads `seq:hash` as a person writes it: `385: 9F01 A2B3 …`, `385:9f01-a2b3…` or the full hash.
 * Returns the entry number and the hex digits in lower case, or an error that says what is expected.
 */
export function parseCheckpointText(text: string): { seq: number; hash: string } | { error: string; zh: string } {
  const m = /^\s*#?(\d+)\s*[:：]\s*(.+?)\s*$/.exec(text);
  if (!m) return { error: `“${text}” is not a checkpoint: write the entry number, a colon, then the hash digits (e.g. 385: 9f01 a2b3 …)`, zh: `“${text}”不是检查点：先写日志序号，再写冒号和哈希数字（例如 385: 9f01 a2b3 …）` };
  const hash = m[2]!.replace(/[\s\-:·]/g, '').toLowerCase();
  const problem = checkpointHashProblemText(hash);
  if (problem) return { error: `entry ${m[1]}: ${problem.en}`, zh: `第 ${m[1]} 条：${problem.zh}` };
  return { seq: Number(m[1]), hash };
}

/** Fingerprints as written on a ceremony sheet, one a line: the first word of each line (a name may follow); lines beginning with `#` are notes. */
export function parseFingerprintLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((word) => word !== '' && !word.startsWith('#'));
}

/**
 * The lines (numbered from 1) of a fingerprint list whose first word is not a key's fingerprint (16 Crockford base-32
 * characters, written in four groups of four: `7K2M-9QXD-4HRT-BN3W`), each said in both languages:
 * a file that is not such a list (a README, a bundle) is named as that, not read word by word.
 * Blank lines and lines beginning with `#` are notes.
 */
export function fingerprintLineProblems(text: string): Array<{ line: number; en: string; zh: string }> {
  const out: Array<{ line: number; en: string; zh: string }> = [];
  text.split(/\r?\n/).forEach((l, i) => {
    const word = l.trim().split(/\s+/)[0] ?? '';
    if (word === '' || word.startsWith('#')) return;
    if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(word.toUpperCase().replace(/-/g, ''))) {
      const shown = word.length > 24 ? `${word.slice(0, 24)}…` : word;
      out.push({ line: i + 1, en: `“${shown}” is not a fingerprint (16 characters in four groups of four, e.g. 7K2M-9QXD-4HRT-BN3W)`, zh: `“${shown}”不是密钥指纹（指纹为 16 个字符，分 4 组，每组 4 个，例如 7K2M-9QXD-4HRT-BN3W）` });
    }
  });
  return out;
}

/** A checkpoint a supervisor's tablet kept and cosigned, as its checkpoint file (the tablet's export) holds it. */
export interface KeptCheckpointEntry {
  checkpoint: { seq: number; hash: string; phase: string };
  supervisorKey: string;
  signature: string;
}

/**
 * A checkpoint file exported from a supervisor's tablet: a JSON list of cosigned checkpoints
 * (`KeptCheckpointEntry`). Anything else — not JSON, a bundle, a supervisors' bundle — is refused
 * with what it is and what is expected, in both languages; the signatures are the verifier's to check.
 */
export function parseKeptCheckpointFile(text: string): { entries: KeptCheckpointEntry[] } | { en: string; zh: string } {
  const expected = {
    en: 'a checkpoint file from a supervisor’s tablet is a list of cosigned checkpoints, [{ "checkpoint": { "seq", "hash", "phase" }, "supervisorKey", "signature" }, …] (a bundle is given as the bundle itself, a supervisors’ bundle with --supervisors)',
    zh: '监督员平板导出的检查点文件是已会签检查点的列表（核验包本身应作为核验包提供，监督员核验包用 --supervisors 提供）',
  };
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { en: `it is not JSON: ${expected.en}`, zh: `它不是 JSON 格式。${expected.zh}` };
  }
  const isEntry = (e: unknown): e is KeptCheckpointEntry => {
    const k = e as KeptCheckpointEntry;
    return (
      typeof k === 'object' && k !== null && typeof k.checkpoint === 'object' && k.checkpoint !== null &&
      Number.isSafeInteger(k.checkpoint.seq) && typeof k.checkpoint.hash === 'string' && /^[0-9a-f]{64}$/.test(k.checkpoint.hash) && typeof k.checkpoint.phase === 'string' &&
      typeof k.supervisorKey === 'string' && typeof k.signature === 'string'
    );
  };
  if (!Array.isArray(value)) return { en: `it is not a list: ${expected.en}`, zh: `它不是列表。${expected.zh}` };
  const bad = value.findIndex((e) => !isEntry(e));
  if (bad >= 0) return { en: `its entry ${bad + 1} is not a cosigned checkpoint: ${expected.en}`, zh: `其中第 ${bad + 1} 项不是已会签的检查点。${expected.zh}` };
  return { entries: value as KeptCheckpointEntry[] };
}

/**
 * A card list as the evaluation's ceremony sheet has it (docs/bundle.md step 14):
 * `evaluation/group: count: hash`, the hash at least its first 32 hex digits, in any case, with
 * spaces, hyphens or colons between groups.
 */
export function parseBallotListText(text: string): { evaluationId: string; group: string; count: number; hash: string } | { error: string; zh: string } {
  const m = /^\s*([a-z0-9-]{1,40})\/([a-z0-9-]{1,40})\s*:\s*(\d{1,6})\s*:\s*([0-9a-fA-F\s:-]+)$/.exec(text);
  const hash = m ? m[4]!.replace(/[\s:-]/g, '').toLowerCase() : '';
  if (!m) return { error: 'write evaluation/group: count: hash, as the ceremony sheet has it', zh: '应写为“测评/组: 张数: 哈希”，与测评码仪式记录单上的一致' };
  if (hash.length < 32) return { error: `the hash needs at least its first 32 hex digits (128 bits); this one has ${hash.length}`, zh: `哈希至少要写前 32 位十六进制数字（128 位），这里只有 ${hash.length} 位` };
  return { evaluationId: m[1]!, group: m[2]!, count: Number(m[3]), hash };
}

/**
 * A group's figures as the supervisors wrote them at an evaluation's close (docs/bundle.md step 14):
 * `evaluation/group: handed out: missing: unused`, three whole numbers — the cards handed out (the
 * sign-in sheet), the cards missing, and the unused cards counted in the group's pile (those not
 * handed out and those handed back). The unused count is what stops a server from leaving a valid
 * ballot off the board and calling its card unused.
 */
export function parseBallotCloseText(text: string): { evaluationId: string; group: string; handedOut: number; missing: number; unused: number } | { error: string; zh: string } {
  const m = /^\s*([a-z0-9-]{1,40})\/([a-z0-9-]{1,40})\s*:\s*(\d{1,6})\s*:\s*(\d{1,6})\s*:\s*(\d{1,6})\s*$/.exec(text);
  if (!m) return { error: 'write evaluation/group: cards handed out: cards missing: cards unused, as the supervisors wrote them at the close', zh: '应写为“测评/组: 发出张数: 缺失张数: 未用张数”，与监督员结束投票时的记录一致' };
  return { evaluationId: m[1]!, group: m[2]!, handedOut: Number(m[3]), missing: Number(m[4]), unused: Number(m[5]) };
}

/** What the line parsers above give for a line they refuse. */
export type LineRefusal = { error: string; zh?: string };

/**
 * Each non-blank line of what a supervisor typed or kept, read by one of the parsers above; the
 * first line it refuses stops the reading: `refused` says how (and the caller where).
 */
export function readLines<T>(text: string, parse: (line: string) => T | LineRefusal, refused: (r: LineRefusal) => never): Array<Exclude<T, LineRefusal>> {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line) => {
      const p = parse(line);
      if (typeof p === 'object' && p !== null && 'error' in p) refused(p as LineRefusal);
      return p as Exclude<T, LineRefusal>;
    });
}
