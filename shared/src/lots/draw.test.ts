import { describe, expect, it } from 'vitest';
import { checkLotTranscript, lotCandidatesHash, lotCommitStatement, lotCommitment, lotOrder, lotSeed, type LotTranscript } from './draw';
import { generateSoftKeyPair, signObject } from '../crypto/ed25519';
import { randomBytes, toBase64, toHex, utf8 } from '../encoding/bytes';
import { sha256 } from '../crypto/hash';

function draw(n = 4, contributors = 3): LotTranscript {
  const drawId = 'day1-draw-1';
  const tickets = Array.from({ length: n }, (_, i) => `T${String(i + 1).padStart(3, '0')}`);
  const candidatesHash = lotCandidatesHash(drawId, tickets);
  const people = Array.from({ length: contributors }, (_, i) => ({ kp: generateSoftKeyPair(), name: `supervisor ${i + 1}`, secret: toHex(randomBytes(32)) }));
  const commits = people.map((p) => {
    const contributor = toBase64(p.kp.publicKey);
    const commitment = lotCommitment(drawId, contributor, p.secret);
    return { contributor, commitment, signature: toBase64(signObject(p.kp.secretKey, 'lot-commit', lotCommitStatement(drawId, candidatesHash, contributor, commitment))) };
  });
  const reveals = people.map((p) => ({ contributor: toBase64(p.kp.publicKey), secret: p.secret }));
  const order = lotOrder(lotSeed(drawId, candidatesHash, reveals), tickets);
  return { drawId, tickets, candidatesHash, contributors: people.map((p) => ({ key: toBase64(p.kp.publicKey), name: p.name })), commits, reveals, order };
}

describe('the draw of lots', () => {
  it('recomputes the same order from the transcript, whatever order the reveals arrive in', () => {
    const t = draw(6);
    expect(checkLotTranscript(t)).toEqual({ ok: true, order: t.order, problems: [] });
    expect(checkLotTranscript({ ...t, reveals: [...t.reveals].reverse() }).ok).toBe(true);
    expect([...t.order].sort()).toEqual(t.tickets);
  });

  it('names a missing reveal, a wrong secret, a forged commitment, a changed list, a steered order', () => {
    const t = draw();
    expect(checkLotTranscript({ ...t, reveals: t.reveals.slice(1) }).problems).toEqual(['supervisor 1 did not reveal']);
    const wrong = { ...t, reveals: t.reveals.map((r, i) => (i === 1 ? { ...r, secret: '00'.repeat(32) } : r)) };
    expect(checkLotTranscript(wrong).problems).toContain('the secret revealed by supervisor 2 does not match its commitment');
    const forged = { ...t, commits: t.commits.map((c, i) => (i === 2 ? { ...c, signature: t.commits[0]!.signature } : c)) };
    expect(checkLotTranscript(forged).problems).toContain('the commitment of supervisor 3 is not signed by its key');
    expect(checkLotTranscript({ ...t, tickets: [...t.tickets, 'T999'] }).problems).toContain('the list of candidates is not the one the commitments were made to');
    const steered = { ...t, order: [...t.order].reverse() };
    expect(checkLotTranscript(steered).problems).toEqual(['the announced order is not the order the secrets give']);
  });

  it('puts every candidate in every position equally often over 100,000 seeded draws (chi-square)', () => {
    const tickets = ['A', 'B', 'C', 'D', 'E'];
    const counts = tickets.map(() => new Array<number>(tickets.length).fill(0));
    const draws = 100_000;
    const hash = lotCandidatesHash('x', tickets);
    for (let d = 0; d < draws; d++) {
      // Seeded: the secrets are the hashes of the draw's number, so the figure below is the same on every run.
      const order = lotOrder(lotSeed(`x-${d}`, hash, [{ contributor: 'k', secret: toHex(sha256(utf8(`chi-square secret ${d}`))) }]), tickets);
      order.forEach((t, pos) => counts[tickets.indexOf(t)]![pos]!++);
    }
    const expected = draws / tickets.length;
    let chi2 = 0;
    for (const row of counts) for (const c of row) chi2 += (c - expected) ** 2 / expected;
    // (5−1)·(5−1) = 16 degrees of freedom: the 99.9th percentile is 39.25.
    expect(chi2).toBeLessThan(39.25);
  });
});
