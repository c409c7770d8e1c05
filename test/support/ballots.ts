import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { DIMENSIONS, ballotKeyPair, decodeBallotCode, signingBytes, taggedHash, toBase64, type Ballot, type Dimension } from '@exam/shared';

/** The key pair a printed code derives (throws on a code that does not read). */
export function cardKeys(code: string) {
  const d = decodeBallotCode(code);
  if (!d.ok) throw new Error(d.message);
  return ballotKeyPair(d.payload);
}

/**
 * A ballot as a booth (or a teller's station) makes it: one rating per candidate, in the order
 * given, on the five dimensions too when `dimensions` is set (each the same as the overall rating),
 * signed with the card's key — natively (Node's Ed25519), as fast as a booth's own processor would.
 */
/** An Ed25519 private key of Node's from a 32-byte seed (PKCS#8 around it): signing natively, the same signature tweetnacl makes. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const nativeKey = (seed: Uint8Array) => createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });

export function signedBallot(o: { code: string; evaluationId: string; group: string; candidates: readonly string[]; overall: readonly string[]; dimensions?: boolean; recommend?: Ballot['recommend']; paper?: boolean }): { ballot: Ballot; signature: string } {
  return signWithCard(o.code, {
    evaluationId: o.evaluationId,
    group: o.group,
    ratings: o.candidates.map((candidate, i) => ({ candidate, overall: o.overall[i]!, ...(o.dimensions ? { dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, o.overall[i]!])) as Record<Dimension, string> } : {}) })),
    recommend: o.recommend ?? [],
    paper: o.paper ?? false,
  });
}

/** Any ballot, its key the card's, signed with the card's key. */
export function signWithCard(code: string, fields: Omit<Ballot, 'key'>): { ballot: Ballot; signature: string } {
  // The code's seed (codes.ts): SHA-256(tag "ballot-key" ‖ the code's bytes); Ed25519 is deterministic, so Node's signature is the booth's.
  const d = decodeBallotCode(code);
  if (!d.ok) throw new Error(d.message);
  const key = nativeKey(taggedHash('ballot-key', d.payload));
  const ballot: Ballot = { evaluationId: fields.evaluationId, group: fields.group, key: toBase64(createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-32)), ratings: fields.ratings, recommend: fields.recommend, paper: fields.paper };
  return { ballot, signature: toBase64(sign(null, signingBytes('ballot', ballot), key)) };
}
