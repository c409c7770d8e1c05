import { describe, expect, it } from 'vitest';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { generateSoftKeyPair, isAcceptableKeyEncoding, isAcceptablePublicKey } from './ed25519';
import { fromHex, toHex } from '../encoding/bytes';

const decodes = (b: Uint8Array) => {
  try {
    ed25519.Point.fromBytes(b);
    return true;
  } catch {
    return false;
  }
};
const withSign = (b: Uint8Array, sign: 0 | 1) => {
  const c = b.slice();
  c[31] = (c[31]! & 0x7f) | (sign << 7);
  return c;
};

describe('a public key checked by its bytes alone (isAcceptableKeyEncoding)', () => {
  it('refuses the eight points of small order (five y values), with either sign bit: 10 distinct encodings', () => {
    const encodings = [...new Map(ED25519_TORSION_SUBGROUP.flatMap((h) => [withSign(fromHex(h), 0), withSign(fromHex(h), 1)]).map((e) => [toHex(e), e])).values()];
    expect(encodings).toHaveLength(10);
    for (const e of encodings) {
      expect(isAcceptableKeyEncoding(e), toHex(e)).toBe(false);
      expect(isAcceptablePublicKey(e), toHex(e)).toBe(false);
    }
  });
  it('refuses every y from p to 2^255 − 1 (not canonical), with either sign bit: 38 distinct encodings', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 19; k++) {
      for (const sign of [0, 1] as const) {
        const b = new Uint8Array(32).fill(0xff);
        b[0] = 0xed + k;
        const e = withSign(b, sign);
        seen.add(toHex(e));
        expect(isAcceptableKeyEncoding(e), toHex(e)).toBe(false);
        expect(isAcceptablePublicKey(e), toHex(e)).toBe(false);
      }
    }
    expect(seen.size).toBe(38);
    // p − 2, just below, is canonical: the check stops exactly at p.
    const below = new Uint8Array(32).fill(0xff);
    below[0] = 0xeb;
    below[31] = 0x7f;
    expect(isAcceptableKeyEncoding(below)).toBe(decodes(below) ? isAcceptablePublicKey(below) : true);
  });
  it('accepts 200 keys made by key generation', () => {
    const keys = Array.from({ length: 200 }, () => generateSoftKeyPair().publicKey);
    expect(new Set(keys.map(toHex)).size).toBe(200);
    expect(keys.filter((k) => !isAcceptableKeyEncoding(k) || !isAcceptablePublicKey(k))).toEqual([]);
  });
  it('answers as the full check on every encoding that is a point of the curve, among 3,000 random ones', () => {
    let onCurve = 0;
    let offCurve = 0;
    for (let i = 0; i < 3000; i++) {
      const b = crypto.getRandomValues(new Uint8Array(32));
      if (decodes(b)) {
        onCurve++;
        expect(isAcceptableKeyEncoding(b), toHex(b)).toBe(isAcceptablePublicKey(b));
      } else {
        // Off the curve: left to the verifier that decodes it (OpenSSL), which refuses it there.
        offCurve++;
        expect(isAcceptablePublicKey(b)).toBe(false);
      }
    }
    expect(onCurve).toBeGreaterThan(1000);
    expect(offCurve).toBeGreaterThan(1000);
  });
  it('is given the right lengths only', () => {
    expect(isAcceptableKeyEncoding(new Uint8Array(31).fill(9))).toBe(false);
    expect(isAcceptableKeyEncoding(new Uint8Array(33).fill(9))).toBe(false);
  });
});
