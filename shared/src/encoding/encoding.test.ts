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
