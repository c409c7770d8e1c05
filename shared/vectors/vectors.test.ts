import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../src/encoding/canonical';
import { verifyEd25519 } from '../src/crypto/ed25519';
import { wycheproofCases } from './wycheproof';

const here = import.meta.dirname;

describe('RFC 8785 canonical JSON (cyberphone test data)', () => {
  const inputs = readdirSync(join(here, 'jcs-rfc8785/input'));
  it('has the published cases', () => expect(inputs.length).toBeGreaterThanOrEqual(6));
  for (const name of inputs) {
    it(name, () => {
      const input = JSON.parse(readFileSync(join(here, 'jcs-rfc8785/input', name), 'utf8'));
      const expected = readFileSync(join(here, 'jcs-rfc8785/output', name), 'utf8').replace(/\n$/, '');
      expect(canonicalize(input)).toBe(expected);
    });
  }
});

const wycheproof = wycheproofCases;

describe('Ed25519 verification (Wycheproof)', () => {
  it('has all 151 cases, each a distinct one', () => {
    expect(wycheproof).toHaveLength(151);
    expect(new Set(wycheproof.map((c) => c.tcId)).size).toBe(151);
  });
  it('the portable path (tweetnacl with the S < L guard) gives the expected answer on every case', () => {
    const wrong = wycheproof.filter((c) => verifyEd25519(c.pk, c.msg, c.sig) !== c.valid).map((c) => c.tcId);
    expect(wrong).toEqual([]);
  });
});

describe('why the guard exists', () => {
  it('plain tweetnacl 1.0.3 accepts the five malleated-S cases the guard refuses', async () => {
    const nacl = (await import('tweetnacl')).default;
    const wrong = wycheproof.filter((c) => c.sig.length === 64 && nacl.sign.detached.verify(c.msg, c.sig, c.pk) !== c.valid).map((c) => c.tcId);
    expect(wrong).toEqual([63, 64, 65, 66, 85]);
  });
});
