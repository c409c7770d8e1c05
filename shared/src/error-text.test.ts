import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors';
import { ERROR_TEXT } from './error-text';

describe('error texts', () => {
  it('give every error code its Chinese and English text, and nothing else', () => {
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      expect(ERROR_TEXT[code].zh.length, code).toBeGreaterThan(1);
      expect(ERROR_TEXT[code].en.length, code).toBeGreaterThan(1);
    }
  });
  it('keep English out of the Chinese texts', () => {
    for (const code of ERROR_CODES) expect(ERROR_TEXT[code].zh, code).not.toMatch(/[A-Za-z]{2,}/);
  });
});
