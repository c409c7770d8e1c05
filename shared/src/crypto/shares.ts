import { split, combine } from 'shamir-secret-sharing';
import { concatBytes, equalBytes, fromHex, toHex } from '../encoding/bytes';
import { CROCKFORD, fromBase32, normaliseBase32, toBase32 } from '../encoding/base32';
import { sha256, taggedHash } from './hash';

/**
 * A keyholder's share of a paper key, and its printable code (docs/protocol.md, "Share codes").
 *
 * Payload (41 bytes): version (1) · seal id (4) · threshold k (1) · share count n (1) · share
 * number i (1) · Shamir share (33: the 32 polynomial values, then the x coordinate, as
 * `shamir-secret-sharing` produces it for a 32-byte secret).
 * Code: Crockford base32 of the payload (66 characters) followed by 4 check characters (the first
 * 20 bits of SHA-256 of the payload), shown in groups of four separated by hyphens.
 */
export interface PaperShare {
  sealId: string;
  threshold: number;
  count: number;
  index: number;
  /** The Shamir share bytes (secret length + 1). */
  share: Uint8Array;
}

export const SHARE_CODE_VERSION = 1;
const SHARE_BYTES = 33;
const PAYLOAD_BYTES = 1 + 4 + 3 + SHARE_BYTES;
const PAYLOAD_CHARS = Math.ceil((PAYLOAD_BYTES * 8) / 5);
const CHECK_CHARS = 4;

/** The largest number of shares a paper may be split into. */
export const MAX_SHARES = 9;

export function sharePayload(s: PaperShare): Uint8Array {
  const sealId = fromHex(s.sealId);
  if (sealId.length !== 4) throw new Error('a seal id is 4 bytes of hex');
  if (s.share.length !== SHARE_BYTES) throw new Error(`a share is ${SHARE_BYTES} bytes`);
  return concatBytes(new Uint8Array([SHARE_CODE_VERSION]), sealId, new Uint8Array([s.threshold, s.count, s.index]), s.share);
}

function checkChars(payload: Uint8Array): string {
  return toBase32(sha256(payload).subarray(0, 3)).slice(0, CHECK_CHARS);
}

export function encodeShareCode(s: PaperShare): string {
  const payload = sharePayload(s);
  const text = toBase32(payload) + checkChars(payload);
  return text.match(/.{1,4}/g)!.join('-');
}

export type ShareCodeProblem = 'share-code-malformed' | 'share-code-checksum';

/** Parses a typed or scanned share code. Typing slips (I/L for 1, O for 0, case, spaces) are forgiven. */
export function decodeShareCode(typed: string): { ok: true; share: PaperShare } | { ok: false; problem: ShareCodeProblem; message: string } {
  const text = normaliseBase32(typed.trim());
  if (text === null) return { ok: false, problem: 'share-code-malformed', message: 'the code has a character that is not in share codes' };
  if (text.length !== PAYLOAD_CHARS + CHECK_CHARS) {
    return { ok: false, problem: 'share-code-malformed', message: `a share code has ${PAYLOAD_CHARS + CHECK_CHARS} characters, this one has ${text.length}` };
  }
  const payload = fromBase32(text.slice(0, PAYLOAD_CHARS), PAYLOAD_BYTES);
  if (toBase32(payload) !== text.slice(0, PAYLOAD_CHARS) || checkChars(payload) !== text.slice(PAYLOAD_CHARS)) {
    return { ok: false, problem: 'share-code-checksum', message: 'the checksum does not match: a character was mistyped' };
  }
  if (payload[0] !== SHARE_CODE_VERSION) return { ok: false, problem: 'share-code-malformed', message: `unknown share code version ${payload[0]}` };
  const [threshold, count, index] = [payload[5]!, payload[6]!, payload[7]!];
  if (threshold < 2 || count < threshold || count > MAX_SHARES || index < 1 || index > count) {
    return { ok: false, problem: 'share-code-malformed', message: 'the code names an impossible share' };
  }
  return {
    ok: true,
    share: { sealId: toHex(payload.subarray(1, 5)), threshold, count, index, share: payload.slice(8) },
  };
}

/**
 * For a code whose checksum failed: every share that one changed character would give (the
 * position, and the share). The caller keeps those that match a commitment, so it can tell the
 * keyholder which group to check, without guessing for them.
 */
export function singleTypoCandidates(typed: string): Array<{ position: number; share: PaperShare }> {
  const text = normaliseBase32(typed.trim());
  if (text === null || text.length !== PAYLOAD_CHARS + CHECK_CHARS) return [];
  const out: Array<{ position: number; share: PaperShare }> = [];
  for (let i = 0; i < text.length; i++) {
    for (const c of CROCKFORD) {
      if (c === text[i]) continue;
      const r = decodeShareCode(text.slice(0, i) + c + text.slice(i + 1));
      if (r.ok) out.push({ position: i, share: r.share });
    }
  }
  return out;
}

/** The commitment to one share that the sealed file carries: hex SHA-256 of the payload under the `share` tag. */
export function shareCommitment(s: PaperShare): string {
  return toHex(taggedHash('share', sharePayload(s)));
}

export function shareMatchesCommitment(s: PaperShare, commitment: string): boolean {
  return equalBytes(fromHex(shareCommitment(s)), fromHex(commitment));
}

/** Splits a 32-byte key into n shares of which any k rebuild it (2 ≤ k ≤ n ≤ 9). */
export async function splitKey(key: Uint8Array, sealId: string, threshold: number, count: number): Promise<PaperShare[]> {
  if (key.length !== 32) throw new Error('a paper key is 32 bytes');
  if (!Number.isInteger(threshold) || !Number.isInteger(count) || threshold < 2 || count < threshold || count > MAX_SHARES) {
    throw new Error(`shares need 2 ≤ k ≤ n ≤ ${MAX_SHARES}; got k=${threshold}, n=${count}`);
  }
  const parts = await split(key, count, threshold);
  return parts.map((share, i) => ({ sealId, threshold, count, index: i + 1, share }));
}

/** Rebuilds the key from at least k distinct shares of one seal. */
export async function combineShares(shares: PaperShare[]): Promise<Uint8Array> {
  const first = shares[0];
  if (!first) throw new Error('no shares');
  if (shares.length < first.threshold) throw new Error(`${first.threshold} shares are needed, ${shares.length} given`);
  if (new Set(shares.map((s) => s.index)).size !== shares.length) throw new Error('the same share was given twice');
  if (shares.some((s) => s.sealId !== first.sealId)) throw new Error('the shares belong to different seals');
  return combine(shares.map((s) => s.share));
}
