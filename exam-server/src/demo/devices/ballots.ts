import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import { DEFAULT_RULES, DIMENSIONS, ballotKeyPair, decodeBallotCode, signingBytes, taggedHash, toBase64, type Ballot, type Dimension, type EvaluationSettings } from '@exam/shared';
import type { GroupCards } from '../../evaluation/cards';
import { connectDevice, type Device } from './clients';
import { admitted } from './selection-flow';

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

/**
 * An evaluation ready for voting, as the organiser and the desk set it up: the organiser's console
 * admitted, a selection with the evaluation step, the evaluation with `refs` as its candidates and
 * one group per card list (weights as given, entitled as given), `booths` kiosks admitted as voting
 * booths, voting open.
 */
export async function openEvaluation(o: {
  url: string;
  desk: Device;
  id: string;
  refs: readonly string[];
  groups: ReadonlyArray<{ cards: GroupCards; name: string; weight: number; entitled: number }>;
  booths: number;
}): Promise<{ org: Device; booths: Device[]; settings: EvaluationSettings }> {
  const org = await admitted(o.url, o.desk, { role: 'organiser', person: '组织者' });
  await org.req('organiser:create-selection', { id: `sel-${o.id}`, title: `${o.id} 的竞争上岗`, registrationOpens: Date.now() + 86_400_000, registrationCloses: Date.now() + 2 * 86_400_000, steps: ['evaluation'] });
  const settings: EvaluationSettings = {
    selectionId: `sel-${o.id}`,
    id: o.id,
    title: `${o.id} 民主测评`,
    candidates: o.refs.map((ref, i) => ({ ref, name: `候选人${i + 1}` })),
    groups: o.groups.map((g) => ({ id: g.cards.group, name: g.name, weight: g.weight, entitled: g.entitled })),
    ...DEFAULT_RULES,
    dimensions: true,
    recommendation: [],
  };
  await org.req('organiser:create-evaluation', { settings, lists: o.groups.map((g) => g.cards.keys) });
  const booths: Device[] = [];
  for (let i = 0; i < o.booths; i++) {
    const b = await connectDevice(o.url, 'kiosk');
    await o.desk.req('desk:admit', { deviceId: b.status.deviceId, role: 'booth', fingerprint: b.status.fingerprint });
    booths.push(b);
  }
  await org.req('organiser:open-evaluation', { evaluationId: o.id });
  return { org, booths, settings };
}
