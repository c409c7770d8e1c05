import { wycheproofCases } from '../../../shared/vectors/wycheproof';
import { describe, expect, it } from 'vitest';
import { generateSoftKeyPair, signEd25519, signObject, toBase64, verifyEd25519 } from '@exam/shared';
import nacl from 'tweetnacl';
import { createPublicKey, verify } from 'node:crypto';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { fastEd25519, fastPaths, verifyEd25519Fast, verifyObjectFast } from './verify-fast';

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

/**
 * A signature whose R is the identity, made by the key's own holder: r = 0, so R = [0]B and
 * S = k·a mod L with k = H(R ‖ A ‖ M) — [S]B = R + [k]A holds. tweetnacl and OpenSSL alone accept it,
 * libsodium refuses it; the protocol refuses it (docs/protocol.md §4, check 4).
 */
function identityR(seed: Uint8Array, msg: Uint8Array): { pk: Uint8Array; sig: Uint8Array } {
  const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(seed);
  const r = ed25519.Point.ZERO.toBytes();
  const k = le(sha512(new Uint8Array([...r, ...pointBytes, ...msg]))) % L;
  return { pk: pointBytes, sig: new Uint8Array([...r, ...leBytes((k * scalar) % L)]) };
}

const cases = wycheproofCases.map((c) => ({ id: c.tcId, pk: c.pk, msg: c.msg, sig: c.sig, valid: c.valid }));

describe("the server's fast Ed25519 path (libsodium, or Node's OpenSSL guarded)", () => {
  const paths = Object.entries(fastPaths).filter((e): e is [string, NonNullable<(typeof e)[1]>] => e[1] !== null);
  it('uses libsodium here, and has OpenSSL besides', () => {
    // sodium-native's prebuilt binding loads on the machines the product runs on (Linux x64): a machine where it would not is told apart here.
    expect(fastEd25519).toBe('libsodium');
    expect(paths.map(([name]) => name)).toEqual(['libsodium', 'openssl']);
  });
  it('gives the expected answer on all 151 Wycheproof cases, by each implementation', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(151);
    for (const [name, verify] of paths) expect(cases.filter((c) => verify(c.pk, c.msg, c.sig) !== c.valid).map((c) => c.id), name).toEqual([]);
  });
  it('agrees with the portable path on every case', () => {
    expect(cases.filter((c) => verifyEd25519Fast(c.pk, c.msg, c.sig) !== verifyEd25519(c.pk, c.msg, c.sig)).map((c) => c.id)).toEqual([]);
  });
  it('refuses, on every path, a signature whose R is of small order, which tweetnacl and OpenSSL alone accept', () => {
    const msg = new TextEncoder().encode('signed with R the identity');
    const { pk, sig } = identityR(new Uint8Array(32).fill(7), msg);
    expect(nacl.sign.detached.verify(msg, sig, pk)).toBe(true);
    expect(opensslAlone(pk, msg, sig)).toBe(true);
    for (const [name, verify] of paths) expect(verify(pk, msg, sig), name).toBe(false);
    expect(verifyEd25519(pk, msg, sig)).toBe(false);
    // The same key's honest signature of the same message verifies everywhere.
    const pair = generateSoftKeyPair(new Uint8Array(32).fill(7));
    expect(toBase64(pair.publicKey)).toBe(toBase64(pk));
    const honest = signEd25519(pair.secretKey, msg);
    for (const [name, verify] of paths) expect(verify(pk, msg, honest), name).toBe(true);
    expect(verifyEd25519(pk, msg, honest)).toBe(true);
  });
  it('verifies bytes that lie in a SharedArrayBuffer (the pool hands texts over in them)', () => {
    const k = generateSoftKeyPair();
    const msg = new Uint8Array(new SharedArrayBuffer(5));
    msg.set([1, 2, 3, 4, 5]);
    const sig = signEd25519(k.secretKey, msg.slice());
    for (const [name, verify] of paths) expect(verify(k.publicKey, msg, sig), name).toBe(true);
  });
  it('refuses the signatures forged under the eight keys of small order that OpenSSL alone accepts', () => {
    const keys = ED25519_TORSION_SUBGROUP.map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
    expect(new Set(ED25519_TORSION_SUBGROUP).size).toBe(8);
    for (const pk of keys) {
      const { msg, sig } = forged(pk);
      expect(opensslAlone(pk, msg, sig), Buffer.from(pk).toString('hex')).toBe(true);
      for (const [name, verify] of paths) expect(verify(pk, msg, sig), `${name} ${Buffer.from(pk).toString('hex')}`).toBe(false);
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
