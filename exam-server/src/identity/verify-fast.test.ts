import { wycheproofCases } from '../../../shared/vectors/wycheproof';
import { describe, expect, it } from 'vitest';
import { generateSoftKeyPair, signObject, verifyEd25519 } from '@exam/shared';
import { verifyEd25519Fast, verifyObjectFast } from './verify-fast';

const cases = wycheproofCases.map((c) => ({ id: c.tcId, pk: c.pk, msg: c.msg, sig: c.sig, valid: c.valid }));

describe("the server's fast Ed25519 path (Node's OpenSSL, guarded)", () => {
  it('gives the expected answer on all 151 Wycheproof cases', () => {
    expect(cases).toHaveLength(151);
    expect(cases.filter((c) => verifyEd25519Fast(c.pk, c.msg, c.sig) !== c.valid).map((c) => c.id)).toEqual([]);
  });
  it('agrees with the portable path on every case', () => {
    expect(cases.filter((c) => verifyEd25519Fast(c.pk, c.msg, c.sig) !== verifyEd25519(c.pk, c.msg, c.sig)).map((c) => c.id)).toEqual([]);
  });
  it('verifies what shared signs, and refuses it under another type', () => {
    const k = generateSoftKeyPair();
    const sig = signObject(k.secretKey, 'receipt', { a: 1 });
    expect(verifyObjectFast(k.publicKey, 'receipt', { a: 1 }, sig)).toBe(true);
    expect(verifyObjectFast(k.publicKey, 'answers', { a: 1 }, sig)).toBe(false);
    expect(verifyObjectFast(k.publicKey, 'receipt', { a: 2 }, sig)).toBe(false);
  });
});
