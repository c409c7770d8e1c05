import { CROCKFORD, fromBase32, normaliseBase32, toBase32 } from '../encoding/base32';
import { toBase64 } from '../encoding/bytes';
import { objectHash, taggedHash } from '../crypto/hash';
import { generateSoftKeyPair, type SoftKeyPair } from '../crypto/ed25519';

/**
 * Ballot codes (测评码, docs/protocol.md §24): made offline on a supervisor's machine, one per card.
 * A code is 15 random bytes (120 bits) in Crockford base32 — 24 characters — followed by one check
 * character (Luhn mod 32 over the 24 values: every single mistyped character, and most swaps of two
 * neighbours, are caught before anything is sent), shown in five groups of five. The code derives
 * an Ed25519 key pair: seed = SHA-256(domain tag `ballot-key` ‖ the 15 bytes). The server is given
 * only the public keys, per group; it can neither add a code nor cast a ballot.
 */
export const BALLOT_CODE_BYTES = 15;
const PAYLOAD_CHARS = (BALLOT_CODE_BYTES * 8) / 5;
export const BALLOT_CODE_CHARS = PAYLOAD_CHARS + 1;

/** Luhn mod N (N = 32) over base32 values: the check value that makes the weighted sum a multiple of 32. */
function luhn32(values: readonly number[]): number {
  let factor = 2;
  let sum = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    const addend = factor * values[i]!;
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return (32 - (sum % 32)) % 32;
}

const valuesOf = (text: string) => [...text].map((c) => CROCKFORD.indexOf(c));

/** The printed code of 15 random bytes: 24 characters, the check character, in groups of five. */
export function encodeBallotCode(payload: Uint8Array): string {
  if (payload.length !== BALLOT_CODE_BYTES) throw new Error(`a ballot code is ${BALLOT_CODE_BYTES} bytes`);
  const text = toBase32(payload);
  return (text + CROCKFORD[luhn32(valuesOf(text))]!).match(/.{5}/g)!.join('-');
}

export type BallotCodeProblem = 'ballot-code-malformed' | 'ballot-code-checksum';

/** Reads a typed or scanned code; slips of the pen (I/L for 1, O for 0, case, spaces, hyphens) are forgiven. */
export function decodeBallotCode(typed: string): { ok: true; payload: Uint8Array; code: string } | { ok: false; problem: BallotCodeProblem; message: string } {
  const text = normaliseBase32(typed.trim());
  if (text === null) return { ok: false, problem: 'ballot-code-malformed', message: 'the code has a character that is not in ballot codes' };
  if (text.length !== BALLOT_CODE_CHARS) return { ok: false, problem: 'ballot-code-malformed', message: `a ballot code has ${BALLOT_CODE_CHARS} characters, this one has ${text.length}` };
  const body = text.slice(0, PAYLOAD_CHARS);
  if (CROCKFORD[luhn32(valuesOf(body))] !== text[PAYLOAD_CHARS]) return { ok: false, problem: 'ballot-code-checksum', message: 'the check character does not match: a character was mistyped' };
  const payload = fromBase32(body, BALLOT_CODE_BYTES);
  return { ok: true, payload, code: encodeBallotCode(payload) };
}

/** The key pair a code derives. */
export function ballotKeyPair(payload: Uint8Array): SoftKeyPair {
  return generateSoftKeyPair(taggedHash('ballot-key', payload));
}

/** A group's committed list: its public keys (base64), sorted as text. */
export const sortedBallotKeys = (keys: readonly string[]): string[] => [...keys].sort();

/**
 * What the supervisors write on the ceremony sheet for a group, and the log carries before voting
 * opens: `object_hash("ballot-keys", { evaluationId, group, keys })`, the keys sorted.
 */
export function ballotKeysHash(evaluationId: string, group: string, keys: readonly string[]): string {
  return objectHash('ballot-keys', { evaluationId, group, keys: sortedBallotKeys(keys) });
}

/** A fresh card: its code and the public key the server will be given. */
export function newBallotCard(random: (n: number) => Uint8Array): { code: string; publicKey: string } {
  const payload = random(BALLOT_CODE_BYTES);
  return { code: encodeBallotCode(payload), publicKey: toBase64(ballotKeyPair(payload).publicKey) };
}
