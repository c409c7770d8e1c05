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
    expect(toHex(bytes.subarray(0, 16))).toBe('6578616d2f76322f7265636569707400');
    expect(objectHash('receipt', receipt)).toBe('7819c0e20a94b2523052cbbb4bd6b47c5e674171de50cfbe68a65484a965bcd5');
    expect(objectHash('answers', { sessionId: 'demo', ticket: '2026001', answers: { q1: 0, q3: [0, 2], q4: false, q5: ['民主集中制', '1'], q6: '公示' } })).toBe(
      '407b46deaca7d4e632f2efda388fc3efcfe3479278c440e79ad112b382e78d35',
    );
  });
  it('keys, fingerprints and signatures', () => {
    const kp = generateSoftKeyPair(new Uint8Array(32).fill(7));
    expect(toBase64(kp.publicKey)).toBe('6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=');
    expect(keyFingerprint(kp.publicKey)).toBe('ZT0J-R4QK-ND6E-DB2X');
    const sig = signObject(kp.secretKey, 'receipt', receipt);
    expect(toBase64(sig)).toBe('MzWPs4yVoMtFQ0AxYkQW9GLrUPbE7F3IsqDV2YTuNE0SlOri04yxpTftLXJkMUSMCLQg6UnwXSJpgDBRApISDw==');
    expect(verifyObject(kp.publicKey, 'receipt', receipt, sig)).toBe(true);
  });
  it('seeds and shuffles', () => {
    const seed = candidateSeed('00'.repeat(32), '2026001');
    expect(seed).toBe('a694598b2933ee7cc0cb1e1cd5661246e6e6da208335675ff7221a42092f0013');
    expect(new SeededStream(fromHex(seed)).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([5, 7, 0, 3, 1, 4, 9, 8, 6, 2]);
  });
  it('share codes, commitments, rounding', () => {
    const share = { sealId: '0a1b2c3d', threshold: 2, count: 3, index: 1, share: Uint8Array.from({ length: 33 }, (_, i) => i) };
    expect(encodeShareCode(share)).toBe('0451-PB1X-081G-2001-081G-8186-0W40-J2GB-1G6G-W3RG-2491-650N-2RBH-G68T-3CE1-T7GZ-40G6-1Y');
    expect(shareCommitment(share)).toBe('9196393a246894056db891988928df745786d69cfe3442b4baac327d7eb51567');
    expect(keyCommitment(new Uint8Array(32))).toBe('c068546023389224fb96a2370f1bc8896648032b32398271d751b14ec5add779');
    expect(meanHundredths([8550, 8600, 8700])).toBe(8617);
  });

  it('the draw of lots, a score sheet and the panel’s rule', () => {
    const key = toBase64(generateSoftKeyPair(new Uint8Array(32).fill(7)).publicKey);
    const drawId = 'demo-interview-draw-1';
    const tickets = ['2026004', '2026001', '2026003', '2026002'];
    const ch = lotCandidatesHash(drawId, tickets);
    expect(ch).toBe('7b8723c181c057c67068faceafacacfd7a887430a10cad6591f67bb9438b013b');
    expect(lotCommitment(drawId, key, '11'.repeat(32))).toBe('d33e43f1e1a2b7b05a9b98c226f812487437918dcef13b8f32cdf501662beab3');
    const seed = lotSeed(drawId, ch, [{ contributor: key, secret: '11'.repeat(32) }]);
    expect(seed).toBe('1c1547ed153704e8f23113e85268cf09de2b515509f368663babe82ed65aa38e');
    expect(lotOrder(seed, tickets)).toEqual(['2026002', '2026003', '2026001', '2026004']);
    const sheet = { dayId: 'demo-interview', room: '面试室A', lot: 1, items: [{ question: 'i1', item: 'analysis', score: 1750 }], total: 1750, examinerKey: key, signedAt: 1795000000000, nonce: '00'.repeat(16) };
    expect(sheetHash(sheet)).toBe('0845dde9a7f520984749ff4014a78a06d7b61e304c75f585eea46d7f5f705cc9');
    expect(panelScore([8000, 8550, 8600, 8650, 9500])).toEqual({ score: 8600, dropped: [4, 0], trimmed: true });
  });
});
