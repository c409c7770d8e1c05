import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { toHex } from '@exam/shared';
import { wycheproofCases } from '../shared/vectors/wycheproof';
import { launchChromium } from './support/browser';
import { startTestServer, type TestServer } from './support/server';

/**
 * The browser's path (the supervisor's offline verifier): the product's own function
 * (`webCryptoEd25519` in shared/src/client/webcrypto-verify.ts, bundled as the apps bundle it)
 * runs in Chromium on every Wycheproof case — Chromium's native Ed25519 behind the protocol's guards.
 */
describe('WebCrypto Ed25519 in Chromium, behind the protocol’s guards', () => {
  let t: TestServer;
  let browser: Browser;
  let bundle: string;
  beforeAll(async () => {
    t = await startTestServer();
    browser = await launchChromium();
    const entry = fileURLToPath(new URL('../shared/src/client/webcrypto-verify.ts', import.meta.url));
    const out = await build({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'product', platform: 'browser', write: false, logLevel: 'silent' });
    bundle = out.outputFiles[0]!.text;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('answers all 151 Wycheproof cases as expected, with the product’s function', async () => {
    const cases = wycheproofCases.map((c) => ({ id: c.tcId, pk: toHex(c.pk), msg: toHex(c.msg), sig: toHex(c.sig), valid: c.valid }));
    expect(new Set(cases.map((c) => c.id)).size).toBe(151);
    // The venue's pages forbid inline scripts (CSP); this page is the test's own, so it may add the bundle.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${t.url}/api/health`); // a secure context (localhost), where WebCrypto is offered
    await page.addScriptTag({ content: bundle });
    const got = await page.evaluate(async (all) => {
      const bytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
      const verify = await (globalThis as unknown as { product: { webCryptoEd25519(): Promise<((pk: Uint8Array, m: Uint8Array, s: Uint8Array) => Promise<boolean>) | null> } }).product.webCryptoEd25519();
      if (!verify) return null;
      const out: boolean[] = [];
      for (const c of all) out.push(await verify(bytes(c.pk), bytes(c.msg), bytes(c.sig)));
      return out;
    }, cases);
    expect(got, 'Chromium offers native Ed25519').not.toBeNull();
    expect(cases.filter((c, i) => got![i] !== c.valid).map((c) => c.id)).toEqual([]);
  });
});
