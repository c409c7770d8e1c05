import { DIMENSIONS, ballotKeyPair, decodeBallotCode, signObject, toBase64, type Ballot, type Dimension } from '@exam/shared';

/** The key pair a printed code derives (throws on a code that does not read). */
export function cardKeys(code: string) {
  const d = decodeBallotCode(code);
  if (!d.ok) throw new Error(d.message);
  return ballotKeyPair(d.payload);
}

/**
 * A ballot as a booth (or a teller's station) makes it: one rating per candidate, in the order
 * given, on the five dimensions too when `dimensions` is set (each the same as the overall rating),
 * signed with the card's key.
 */
export function signedBallot(o: { code: string; evaluationId: string; group: string; candidates: readonly string[]; overall: readonly string[]; dimensions?: boolean; recommend?: Ballot['recommend']; paper?: boolean }): { ballot: Ballot; signature: string } {
  const pair = cardKeys(o.code);
  const ballot: Ballot = {
    evaluationId: o.evaluationId,
    group: o.group,
    key: toBase64(pair.publicKey),
    ratings: o.candidates.map((candidate, i) => ({ candidate, overall: o.overall[i]!, ...(o.dimensions ? { dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, o.overall[i]!])) as Record<Dimension, string> } : {}) })),
    recommend: o.recommend ?? [],
    paper: o.paper ?? false,
  };
  return { ballot, signature: toBase64(signObject(pair.secretKey, 'ballot', ballot)) };
}
