import { describe, expect, it } from 'vitest';
import { objectHash, signingBytes } from '../crypto/hash';
import { toBase64, toHex, fromHex } from '../encoding/bytes';
import { candidateSeed, SeededStream } from '../papers/shuffle';
import { encodeShareCode, shareCommitment } from '../crypto/shares';
import { generateSoftKeyPair, keyFingerprint, signObject, verifyObject } from '../crypto/ed25519';
import { keyCommitment } from '../crypto/seal';
import { meanHundredths } from '../scoring/rounding';
import { lotCandidatesHash, lotCommitment, lotOrder, lotSeed } from '../lots/draw';
import { sheetHash } from '../interview/score-sheet';
import { panelScore } from '../scoring/panel';

// Every value here is printed in docs/protocol.md as a worked example; an implementation that
// follows the document must reproduce them, and so must this one.
const receipt = { sessionId: 'demo', ticket: '2026001', answersHash: 'ab'.repeat(32), answerCount: 6, submittedAt: 1795000000000, auto: false };

describe('the worked examples of docs/protocol.md', () => {
  it('signing bytes and object hashes', () => {
    const bytes = signingBytes('receipt', receipt);
    expect(toHex(bytes.subarray(0, 16))).toBe('6578616d2f76312f7265636569707400');
    expect(objectHash('receipt', receipt)).toBe('14f28261f67a028be4708f67da2e97277ed890e48b9fc1fa2761c13e2786f929');
    expect(objectHash('answers', { sessionId: 'demo', ticket: '2026001', answers: { q1: 0, q3: [0, 2], q4: false, q5: ['民主集中制', '1'], q6: '公示' } })).toBe(
      'e651730b7ce50e79cbcac41ad8b22299b2aa4e0124787e34982d0dd1869f90a7',
    );
  });
  it('keys, fingerprints and signatures', () => {
    const kp = generateSoftKeyPair(new Uint8Array(32).fill(7));
    expect(toBase64(kp.publicKey)).toBe('6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=');
    expect(keyFingerprint(kp.publicKey)).toBe('ZT0J-R4QK-ND6E-DB2X');
    const sig = signObject(kp.secretKey, 'receipt', receipt);
    expect(toBase64(sig)).toBe('5TDCAsrT6Fx+Hl7oDMeRsUnS8DGGXmxEZv7BKMBRS4zMeSmR7+Qs7IBuLRN2CnMmcggGJL2kAPmxTSNXJVDgDg==');
    expect(verifyObject(kp.publicKey, 'receipt', receipt, sig)).toBe(true);
  });
  it('seeds and shuffles', () => {
    const seed = candidateSeed('00'.repeat(32), '2026001');
    expect(seed).toBe('c0c4399a85799e00e86708564afcda497b2467cce50482a8b54aa42a0c6c5c92');
    expect(new SeededStream(fromHex(seed)).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([2, 9, 7, 6, 5, 1, 0, 4, 3, 8]);
  });
  it('share codes, commitments, rounding', () => {
    const share = { sealId: '0a1b2c3d', threshold: 2, count: 3, index: 1, share: Uint8Array.from({ length: 33 }, (_, i) => i) };
    expect(encodeShareCode(share)).toBe('0451-PB1X-081G-2001-081G-8186-0W40-J2GB-1G6G-W3RG-2491-650N-2RBH-G68T-3CE1-T7GZ-40G6-1Y');
    expect(shareCommitment(share)).toBe('df0334c014e7d5f498ae07102be0800375f8734472b5b3905212f4a8656b1628');
    expect(keyCommitment(new Uint8Array(32))).toBe('40b3546cc98d6ac78e496009ff4a1b497595976af9fe584d465dc6161a5bbee0');
    expect(meanHundredths([8550, 8600, 8700])).toBe(8617);
  });

  it('the draw of lots, a score sheet and the panel’s rule', () => {
    const key = toBase64(generateSoftKeyPair(new Uint8Array(32).fill(7)).publicKey);
    const drawId = 'demo-interview-draw-1';
    const tickets = ['2026004', '2026001', '2026003', '2026002'];
    const ch = lotCandidatesHash(drawId, tickets);
    expect(ch).toBe('8f3ed2ba0158c38c081639630aedcf7a6b01be5b9719c39ecc6e61bde5e60067');
    expect(lotCommitment(drawId, key, '11'.repeat(32))).toBe('fce80ef36e3d3706fab2473a7128bac1082e08b25b6fa3b70ce821d271065f7f');
    const seed = lotSeed(drawId, ch, [{ contributor: key, secret: '11'.repeat(32) }]);
    expect(seed).toBe('38e056e02539e9de90ee438410c0c36043d9fb540fcb79d3167972fa621a88d9');
    expect(lotOrder(seed, tickets)).toEqual(['2026002', '2026001', '2026004', '2026003']);
    const sheet = { dayId: 'demo-interview', room: '面试室A', lot: 1, items: [{ question: 'i1', item: 'analysis', score: 1750 }], total: 1750, examinerKey: key, signedAt: 1795000000000, nonce: '00'.repeat(16) };
    expect(sheetHash(sheet)).toBe('5b2240847457b3cf37474e149a50f213f62527f501e635b41d7352758cfc2abb');
    expect(panelScore([8000, 8550, 8600, 8650, 9500])).toEqual({ score: 8600, dropped: [4, 0], trimmed: true });
  });
});
