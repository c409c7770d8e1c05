import { describe, expect, it } from 'vitest';
import { idNumberProblem, maskIdNumber } from './id-number';

describe('ID card numbers', () => {
  it('accepts well-formed numbers, X check digit included', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull();
    expect(idNumberProblem('11010519491231002x')).toBeNull();
    expect(idNumberProblem('440524188001010014')).toBeNull();
  });
  it('names a wrong check digit and a wrong shape', () => {
    expect(idNumberProblem('110105194912310021')).toMatch(/check digit/);
    expect(idNumberProblem('1101051949123100')).toMatch(/17 digits/);
  });
  it('masks the birth date', () => expect(maskIdNumber('11010519491231002X')).toBe('110105********002X'));
});
