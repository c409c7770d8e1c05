import { randomBytes as nodeRandomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, randomBytes, toBase64, toHex } from './bytes';
import { fromBase32, toBase32 } from './base32';
import { assertNoFloats, canonicalize } from './canonical';
import { objectHash, signingBytes } from '../crypto/hash';

describe('byte encodings', () => {
  it('round-trips base64, hex and base32 on random lengths', () => {
    for (let n = 0; n < 70; n++) {
      const b = randomBytes(n);
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromHex(toHex(b))).toEqual(b);
      expect(fromBase32(toBase32(b), n)).toEqual(b);
    }
    expect(() => fromBase64('abc')).toThrow();
    expect(() => fromBase64('ab=c')).toThrow();
    expect(() => fromHex('abc')).toThrow();
  });
  it('agree with Node\'s own base64 and hex on every length up to 300 and on a paper-sized text', () => {
    for (const n of [...Array.from({ length: 301 }, (_, i) => i), 102_406]) {
      const b = new Uint8Array(nodeRandomBytes(n));
      const b64 = Buffer.from(b).toString('base64');
      expect(toBase64(b)).toBe(b64);
      expect(Buffer.from(fromBase64(b64)).equals(Buffer.from(b))).toBe(true);
      const hex = Buffer.from(b).toString('hex');
      expect(toHex(b)).toBe(hex);
      expect(Buffer.from(fromHex(hex.toUpperCase())).equals(Buffer.from(b))).toBe(true);
    }
  });
  it('refuse every text that is not the one canonical form, naming which rule it breaks', () => {
    const notBase64 = ['A', 'AB=', 'ab=c', 'A===', '====', 'AAA=AAAA', 'AA A', 'AA-_', 'AAé=', 'AA\u0000=', 'AAAA\n'];
    for (const t of notBase64) expect(() => fromBase64(t), t).toThrow(/^not a base64 string$/);
    // Leftover bits that are not zero: Node would decode these to the same bytes as AA== and AAA=.
    for (const t of ['AB==', 'AP==', 'AAB=', 'AAD=']) expect(() => fromBase64(t), t).toThrow(/^not a canonical base64 string$/);
    expect(fromBase64('AA==')).toEqual(new Uint8Array([0]));
    expect(fromBase64('')).toEqual(new Uint8Array(0));
    for (const t of ['a', 'zz', '0g', 'é0', ' 00', '0x']) expect(() => fromHex(t), t).toThrow(/^not a hex string$/);
  });
});

describe('signed objects', () => {
  it('carry no floats', () => {
    expect(() => assertNoFloats({ a: [1, { b: 0.5 }] })).toThrow(/\$\.a\[1\]\.b/);
    expect(() => signingBytes('receipt', { score: 86.5 })).toThrow();
    expect(() => assertNoFloats({ a: 8650, b: 'x', c: null, d: true })).not.toThrow();
  });
  it('are tagged with type and version, so equal content of two types hashes differently', () => {
    const bytes = signingBytes('receipt', { b: 1, a: '中' });
    expect(new TextDecoder().decode(bytes)).toBe('exam/v2/receipt\u0000{"a":"中","b":1}');
    expect(objectHash('receipt', { a: 1 })).not.toBe(objectHash('answers', { a: 1 }));
  });
  it('sort keys by UTF-16 code units, as RFC 8785 says', () => {
    expect(canonicalize({ '\u{1F600}': 1, '\uFB33': 2 })).toBe('{"\u{1F600}":1,"\uFB33":2}');
  });
});
