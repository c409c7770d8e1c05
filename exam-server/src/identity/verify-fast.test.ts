import { wycheproofCases } from '../../../shared/vectors/wycheproof';
import { describe, expect, it } from 'vitest';
import { generateSoftKeyPair, signObject, verifyEd25519 } from '@exam/shared';
import { createPublicKey, verify } from 'node:crypto';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { verifyEd25519Fast, verifyObjectFast } from './verify-fast';

const L = ed25519.Point.CURVE().n;
const le = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
const leBytes = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const opensslAlone = (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => verify(null, msg, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pk).toString('base64url') }, format: 'jwk' }), sig);

/**
 * A signature that verifies under a key A of small order for a message of our choosing, with no
 * secret key: R = [S]B, and a message whose k = H(R ‖ A ‖ M) mod L is a multiple of A's order, so
 * that [S]B = R + [k]A holds — what a verifier without the small-order guard accepts.
 */
function forged(a: Uint8Array): { msg: Uint8Array; sig: Uint8Array } {
  const point = ed25519.Point.fromBytes(a);
  const order = [1n, 2n, 4n, 8n].find((n) => point.multiplyUnsafe(n).is0())!;
  const s = 12345678901234567890123456789n % L;
  const r = ed25519.Point.BASE.multiply(s).toBytes();
  for (let i = 0; ; i++) {
    const msg = new TextEncoder().encode(`forged ${i}`);
    const k = le(sha512(new Uint8Array([...r, ...a, ...msg]))) % L;
    if (k % order === 0n) return { msg, sig: new Uint8Array([...r, ...leBytes(s)]) };
  }
}

const cases = wycheproofCases.map((c) => ({ id: c.tcId, pk: c.pk, msg: c.msg, sig: c.sig, valid: c.valid }));

describe("the server's fast Ed25519 path (Node's OpenSSL, guarded)", () => {
  it('gives the expected answer on all 151 Wycheproof cases', () => {
    expect(cases).toHaveLength(151);
    expect(cases.filter((c) => verifyEd25519Fast(c.pk, c.msg, c.sig) !== c.valid).map((c) => c.id)).toEqual([]);
  });
  it('agrees with the portable path on every case', () => {
    expect(cases.filter((c) => verifyEd25519Fast(c.pk, c.msg, c.sig) !== verifyEd25519(c.pk, c.msg, c.sig)).map((c) => c.id)).toEqual([]);
  });
  it('refuses the signatures forged under the eight keys of small order that OpenSSL alone accepts', () => {
    const keys = ED25519_TORSION_SUBGROUP.map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
    expect(new Set(ED25519_TORSION_SUBGROUP).size).toBe(8);
    for (const pk of keys) {
      const { msg, sig } = forged(pk);
      expect(opensslAlone(pk, msg, sig), Buffer.from(pk).toString('hex')).toBe(true);
      expect(verifyEd25519Fast(pk, msg, sig), Buffer.from(pk).toString('hex')).toBe(false);
      expect(verifyEd25519(pk, msg, sig)).toBe(false);
    }
  });
  it('refuses a key off the curve, as the portable path does (OpenSSL decodes it when it verifies)', () => {
    const off = new Uint8Array(32);
    off[0] = 2; // y = 2 is not the y of any point
    expect(() => ed25519.Point.fromBytes(off)).toThrow();
    const k = generateSoftKeyPair();
    const sig = signObject(k.secretKey, 'receipt', { a: 1 });
    expect(verifyObjectFast(off, 'receipt', { a: 1 }, sig)).toBe(false);
    expect(verifyEd25519(off, new Uint8Array(1), sig)).toBe(false);
  });
  it('verifies what shared signs, and refuses it under another type', () => {
    const k = generateSoftKeyPair();
    const sig = signObject(k.secretKey, 'receipt', { a: 1 });
    expect(verifyObjectFast(k.publicKey, 'receipt', { a: 1 }, sig)).toBe(true);
    expect(verifyObjectFast(k.publicKey, 'answers', { a: 1 }, sig)).toBe(false);
    expect(verifyObjectFast(k.publicKey, 'receipt', { a: 2 }, sig)).toBe(false);
  });
});
