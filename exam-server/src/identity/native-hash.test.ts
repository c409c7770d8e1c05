import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import './native-hash';
import { OBJECT_TYPES, objectHash, signingBytes } from '@exam/shared';

describe('the server\'s native object hash', () => {
  it('is SHA-256 of the signing bytes, for every type of the protocol and texts beyond ASCII', () => {
    const objects = [{}, { a: 1 }, { b: '考生 张三', a: [1, 'é', null] }, { x: '\u{1F600}\u0000\n"' }, { seq: 7, prev: '0'.repeat(64), payload: { z: true, y: -3 } }];
    const seen = new Set<string>();
    for (const type of OBJECT_TYPES) {
      for (const o of objects) {
        const h = objectHash(type, o);
        expect(h, `${type} ${JSON.stringify(o)}`).toBe(createHash('sha256').update(signingBytes(type, o)).digest('hex'));
        seen.add(h);
      }
    }
    expect(seen.size).toBe(OBJECT_TYPES.length * objects.length);
  });
});
