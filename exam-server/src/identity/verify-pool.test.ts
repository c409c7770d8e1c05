import { wycheproofCases } from '../../../shared/vectors/wycheproof';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize, generateSoftKeyPair, signObject, toBase64, toHex } from '@exam/shared';
import { IN_THREAD_BELOW, IN_THREAD_BELOW_STARTED, VerifyPool, poolVerifyMany } from './verify-pool';
import { verifyEd25519Fast } from './verify-fast';
import { checkJob } from './verify-job';

const cases = wycheproofCases.map((c) => ({ id: c.tcId, pk: c.pk, msg: c.msg, sig: c.sig, valid: c.valid }));

describe('the worker-thread verification pool', () => {
  const pool = new VerifyPool(2);
  afterAll(() => pool.close());

  it('answers all 151 Wycheproof cases as expected, in its worker threads', async () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(151);
    const got = await pool.verifyAll(cases.map((c) => ({ message: toBase64(c.msg), publicKey: toBase64(c.pk), signature: toBase64(c.sig) })));
    expect(cases.filter((c, i) => got[i] !== c.valid).map((c) => c.id)).toEqual([]);
    // The same answers as the fast path in this thread, case by case.
    expect(got).toEqual(cases.map((c) => verifyEd25519Fast(c.pk, c.msg, c.sig)));
  });

  it('verifies signed objects in the workers, and refuses a changed one, a malleated signature, a wrong type', async () => {
    const kp = generateSoftKeyPair();
    const sheet = { dayId: 'd', room: 'r', lot: 1, items: [{ question: 'i1', item: 'a', score: 100 }], total: 100, examinerKey: toBase64(kp.publicKey), signedAt: 1, nonce: toHex(new Uint8Array(16)) };
    const sig = signObject(kp.secretKey, 'score-sheet', sheet);
    const job = { type: 'score-sheet' as const, json: JSON.stringify(sheet), publicKey: toBase64(kp.publicKey), signature: toBase64(sig) };
    const malleated = new Uint8Array(sig);
    malleated[63] = (malleated[63]! + 0x10) & 0xff; // S far above L
    const got = await pool.verifyAll([
      job,
      { ...job, json: JSON.stringify({ ...sheet, total: 200 }) },
      { ...job, signature: toBase64(malleated) },
      { ...job, type: 'mark' },
      { ...job, json: canonicalize({ ...sheet, lot: 0 }) },
    ]);
    expect(got).toEqual([true, false, false, false, false]);
    expect(checkJob(job)).toBe(true);
  });

  it('as a bundle verifier\'s path, answers false for an object that cannot be encoded, and verifies the rest', async () => {
    const kp = generateSoftKeyPair();
    const statement = { seq: 3, hash: '0'.repeat(64), phase: 'p' };
    const good = { type: 'checkpoint' as const, object: statement, publicKey: toBase64(kp.publicKey), signature: toBase64(signObject(kp.secretKey, 'checkpoint', statement)) };
    const got = await poolVerifyMany(pool)([good, { ...good, object: { ...statement, seq: 3.5 } }, good]);
    expect(got).toEqual([true, false, true]);
    // From IN_THREAD_BELOW signatures on, the pool's threads do it, with the same answers.
    const fresh = new VerifyPool(2);
    const many = Array.from({ length: IN_THREAD_BELOW + 2 }, (_, i) => (i % 3 === 1 ? { ...good, signature: toBase64(new Uint8Array(64)) } : good));
    expect(fresh.running).toBe(false);
    const answers = await poolVerifyMany(fresh)(many);
    expect(fresh.running).toBe(true);
    expect(answers).toEqual(many.map((_, i) => i % 3 !== 1));
    await fresh.close();
    // Below it, a pool not yet started stays so: the batch is checked in this thread.
    const idle = new VerifyPool(2);
    const fewer = many.slice(0, IN_THREAD_BELOW - 1);
    expect(await poolVerifyMany(idle)(fewer)).toEqual(fewer.map((_, i) => i % 3 !== 1));
    expect(idle.running).toBe(false);
    // Once started, from IN_THREAD_BELOW_STARTED on the threads take a batch again.
    await idle.warm();
    const sent = idle.verifyEncoded.bind(idle);
    let handed = 0;
    idle.verifyEncoded = (batch) => ((handed += batch.types.length), sent(batch));
    expect(await poolVerifyMany(idle)(many.slice(0, IN_THREAD_BELOW_STARTED))).toEqual(many.slice(0, IN_THREAD_BELOW_STARTED).map((_, i) => i % 3 !== 1));
    expect(handed).toBe(IN_THREAD_BELOW_STARTED);
    await idle.close();
  });
});
