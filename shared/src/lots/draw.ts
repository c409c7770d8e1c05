import { z } from 'zod';
import { objectHash } from '../crypto/hash';
import { fromBase64, fromHex } from '../encoding/bytes';
import { verifyObject } from '../crypto/ed25519';
import { SeededStream } from '../papers/shuffle';

/**
 * The draw of lots (现场抽签) that nobody can steer (docs/protocol.md, "The lot"):
 *
 * 1. The list of candidates is fixed: `candidatesHash = object_hash("lot-candidates", { drawId, tickets })`
 *    with the tickets sorted.
 * 2. Every contributor (the server and each supervisor's device) draws a 32-byte secret and
 *    commits to it: `commitment = object_hash("lot-commit", { drawId, contributor, secret })`;
 *    it signs `{ drawId, candidatesHash, contributor, commitment }` (type `lot-commit`) with its key.
 * 3. When every commitment is in, each contributor reveals its secret.
 * 4. `seed = object_hash("lot-seed", { drawId, candidatesHash, secrets })`, the secrets listed as
 *    `{ contributor, secret }` sorted by contributor key; the order is the Fisher–Yates shuffle of
 *    the sorted tickets by the `lot-shuffle` stream of that seed; lot number = position + 1.
 *
 * No contributor can choose the order: each secret is fixed by its commitment before any is
 * seen, and one honest contributor's secret makes the seed unpredictable. One who will not
 * reveal can only stop the draw, and a redraw shows on the log with the attempt number.
 */

const hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n * 2}}$`));
const key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

export const lotCommitSchema = z.object({ contributor: key, commitment: hex(32), signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) }).strict();
export const lotRevealSchema = z.object({ contributor: key, secret: hex(32) }).strict();

/** Everything needed to recompute a draw's order, as kept on the log and in the bundle. */
export const lotTranscriptSchema = z
  .object({
    drawId: z.string().regex(/^[a-z0-9-]{1,80}$/),
    tickets: z.array(z.string().min(1).max(32)).min(1).max(10_000),
    candidatesHash: hex(32),
    contributors: z.array(z.object({ key, name: z.string().min(1).max(100) }).strict()).min(1).max(20),
    commits: z.array(lotCommitSchema),
    reveals: z.array(lotRevealSchema),
    /** The order as the server announced it: tickets by lot number. */
    order: z.array(z.string()),
  })
  .strict();
export type LotTranscript = z.infer<typeof lotTranscriptSchema>;

export const sortedTickets = (tickets: readonly string[]): string[] => [...tickets].sort();

export function lotCandidatesHash(drawId: string, tickets: readonly string[]): string {
  return objectHash('lot-candidates', { drawId, tickets: sortedTickets(tickets) });
}

export function lotCommitment(drawId: string, contributor: string, secret: string): string {
  return objectHash('lot-commit', { drawId, contributor, secret });
}

/** What a contributor signs when it commits. */
export const lotCommitStatement = (drawId: string, candidatesHash: string, contributor: string, commitment: string) => ({ drawId, candidatesHash, contributor, commitment });

export function lotSeed(drawId: string, candidatesHash: string, reveals: ReadonlyArray<{ contributor: string; secret: string }>): string {
  const secrets = [...reveals].sort((a, b) => (a.contributor < b.contributor ? -1 : a.contributor > b.contributor ? 1 : 0)).map((r) => ({ contributor: r.contributor, secret: r.secret }));
  return objectHash('lot-seed', { drawId, candidatesHash, secrets });
}

/** The order of the draw: tickets by lot number (index 0 draws lot 1). */
export function lotOrder(seedHex: string, tickets: readonly string[]): string[] {
  return new SeededStream(fromHex(seedHex), 'lot-shuffle').shuffle(sortedTickets(tickets));
}

/**
 * Recomputes a draw from its transcript and names every way it does not hold: a commitment
 * without a valid signature, a contributor who did not commit or reveal, a secret that does not
 * match its commitment, a candidate list that is not the one committed to, an announced order
 * that is not the computed one. Anyone can run it; it trusts nothing in the transcript but the
 * contributors' keys.
 */
export function checkLotTranscript(
  t: LotTranscript,
  /** Whether a commitment's signature verifies, when a caller has checked it already (in a batch); by default it is checked here. */
  signed: (contributor: string, commit: { commitment: string; signature: string }) => boolean = (contributor, commit) =>
    verifyObject(fromBase64(contributor), 'lot-commit', lotCommitStatement(t.drawId, t.candidatesHash, contributor, commit.commitment), fromBase64(commit.signature)),
): { ok: boolean; order: string[] | null; problems: string[] } {
  const problems: string[] = [];
  const tickets = sortedTickets(t.tickets);
  if (new Set(tickets).size !== tickets.length) problems.push('a ticket appears twice in the list');
  const listHash = lotCandidatesHash(t.drawId, tickets);
  if (listHash !== t.candidatesHash) problems.push('the list of candidates is not the one the commitments were made to');
  for (const c of t.contributors) {
    const commit = t.commits.find((x) => x.contributor === c.key);
    const reveal = t.reveals.find((x) => x.contributor === c.key);
    if (!commit) {
      problems.push(`${c.name} did not commit`);
      continue;
    }
    if (!signed(c.key, commit)) {
      problems.push(`the commitment of ${c.name} is not signed by its key`);
    }
    if (!reveal) problems.push(`${c.name} did not reveal`);
    else if (lotCommitment(t.drawId, c.key, reveal.secret) !== commit.commitment) problems.push(`the secret revealed by ${c.name} does not match its commitment`);
  }
  const known = new Set(t.contributors.map((c) => c.key));
  for (const x of [...t.commits, ...t.reveals]) if (!known.has(x.contributor)) problems.push(`a commitment or secret from an unknown contributor ${x.contributor.slice(0, 12)}…`);
  if (t.reveals.length !== new Set(t.reveals.map((r) => r.contributor)).size) problems.push('a contributor revealed twice');
  const complete = t.contributors.every((c) => t.reveals.some((r) => r.contributor === c.key));
  const order = complete ? lotOrder(lotSeed(t.drawId, t.candidatesHash, t.reveals), tickets) : null;
  if (order && (order.length !== t.order.length || order.some((x, i) => x !== t.order[i]))) problems.push('the announced order is not the order the secrets give');
  return { ok: problems.length === 0, order, problems };
}
