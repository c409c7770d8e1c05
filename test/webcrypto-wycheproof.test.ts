import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasCanonicalS, isAcceptablePublicKey } from '@exam/shared';
import { launchChromium } from './support/browser';
import { startTestServer, type TestServer } from './support/server';

interface Group {
  publicKey: { pk: string };
  tests: Array<{ tcId: number; msg: string; sig: string; result: string }>;
}
const file = fileURLToPath(new URL('../shared/vectors/ed25519-wycheproof/ed25519_test.json', import.meta.url));
const cases = (JSON.parse(readFileSync(file, 'utf8')).testGroups as Group[]).flatMap((g) => g.tests.map((t) => ({ id: t.tcId, pk: g.publicKey.pk, msg: t.msg, sig: t.sig, valid: t.result === 'valid' })));
const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

/**
 * The browser's path (tablets, and the supervisor's offline verifier): Chromium's native WebCrypto
 * Ed25519 behind the same guards (S < L, acceptable keys) gives the expected answer on every
 * Wycheproof case, as the portable and the server paths do.
 */
describe('WebCrypto Ed25519 in Chromium, behind the protocol’s guards', () => {
  let t: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers all 151 Wycheproof cases as expected', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/api/health`); // a secure context (localhost), where WebCrypto is offered
    const native: boolean[] = await page.evaluate(async (all) => {
      const bytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
      const out: boolean[] = [];
      for (const c of all) {
        try {
          const key = await crypto.subtle.importKey('raw', bytes(c.pk), { name: 'Ed25519' }, false, ['verify']);
          out.push(await crypto.subtle.verify('Ed25519', key, bytes(c.sig), bytes(c.msg)));
        } catch {
          out.push(false);
        }
      }
      return out;
    }, cases);
    const guarded = cases.map((c, i) => hex(c.sig).length === 64 && hasCanonicalS(hex(c.sig)) && isAcceptablePublicKey(hex(c.pk)) && native[i]!);
    expect(cases.filter((c, i) => guarded[i] !== c.valid).map((c) => c.id)).toEqual([]);
  });
});
