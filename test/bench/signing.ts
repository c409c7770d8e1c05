import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VerifyPool, poolVerifyMany } from '@exam/server';
import { canonicalize, generateSoftKeyPair, randomBytes, signObject, signingBytes, toBase64, toHex, type ScoreSheet } from '@exam/shared';
import { launchChromium } from '../support/browser';
import { median } from './stats';

function sampleSheet(examinerKey: string, lot: number): ScoreSheet {
  const items = ['analysis', 'planning', 'fit', 'communication', 'adaptability', 'expression'].map((item, i) => ({ question: i < 3 ? 'i1' : 'i2', item, score: 1000 + 50 * ((lot + i) % 10) }));
  return { dayId: 'bench-day', room: '面试室A', lot, items, total: items.reduce((s, x) => s + x.score, 0), examinerKey, signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
}

/** The product's functions (test/bench/browser-entry.ts) bundled for a page, as the apps bundle them. */
async function productBundle(): Promise<string> {
  const { build } = await import('esbuild');
  const entry = fileURLToPath(new URL('./browser-entry.ts', import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'product', platform: 'browser', write: false, logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

interface Product {
  product: { signingBytes(type: string, o: unknown): Uint8Array; openSealedPaper(key: Uint8Array, box: unknown, seed: string): unknown; fromBase64(b: string): Uint8Array };
}

/**
 * Measurements in Chromium (Debian's), on the server's own origin (a secure context): what a tablet
 * and a kiosk do on their own processors. Null where no Chromium is installed.
 */
export async function inChromium<T>(url: string, f: (page: import('playwright-core').Page) => Promise<T>): Promise<T | null> {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH].find((p) => p && existsSync(p));
  if (!chromium) return null;
  const browser = await launchChromium();
  try {
    // The venue's pages forbid inline scripts; this page is the benchmark's, so it may add the bundle.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(url);
    await page.addScriptTag({ content: await productBundle() });
    return await f(page);
  } finally {
    await browser.close();
  }
}

/**
 * How long the tablet's signing takes: the canonical encoding of a score sheet with its domain tag
 * (shared's `signingBytes`) and WebCrypto Ed25519 with a non-extractable key, in Chromium, median
 * of 10 batches of 20; or, where no Chromium is installed, the portable path in Node.
 */
export async function measureSign(url: string): Promise<{ sign_ms: number; sign_where: 'chromium' | 'node' }> {
  const sheets = Array.from({ length: 200 }, (_, i) => sampleSheet('A'.repeat(43) + '=', i + 1));
  const times = await inChromium(url, (page) =>
    page.evaluate(async (all) => {
      const { product } = globalThis as unknown as Product;
      const key = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      const out: number[] = [];
      // A page's clock is coarse (to blunt timing attacks), so batches of 20 signatures are timed.
      for (let i = 0; i < all.length; i += 20) {
        const t = performance.now();
        for (const sheet of all.slice(i, i + 20)) await crypto.subtle.sign('Ed25519', key.privateKey, product.signingBytes('score-sheet', sheet) as Uint8Array<ArrayBuffer>);
        out.push((performance.now() - t) / 20);
      }
      return out;
    }, sheets),
  );
  if (times) return { sign_ms: median(times), sign_where: 'chromium' };
  const kp = generateSoftKeyPair();
  const local: number[] = [];
  for (const sheet of sheets) {
    const t = performance.now();
    signObject(kp.secretKey, 'score-sheet', { ...sheet, examinerKey: toBase64(kp.publicKey) });
    local.push(performance.now() - t);
  }
  return { sign_ms: median(local), sign_where: 'node' };
}

/**
 * How long one kiosk takes, once the key has arrived, to open the sealed paper it downloaded
 * before the start: decrypt (which authenticates), parse and check, lay out by the candidate's
 * seed — the kiosk's own function (`openSealedPaper`), in Chromium, median of 20; alone, as each
 * kiosk decrypts on its own processor.
 */
export async function measureOpenPaper(url: string, sealed: { box: unknown }, keyB64: string, seed: string): Promise<{ open_paper_ms: number; open_where: 'chromium' | 'node' }> {
  const times = await inChromium(url, (page) =>
    page.evaluate(
      ({ box, key, seed }) => {
        const { product } = globalThis as unknown as Product;
        const out: number[] = [];
        for (let i = 0; i < 21; i++) {
          const t = performance.now();
          if (!product.openSealedPaper(product.fromBase64(key), box, seed)) throw new Error('the key does not open the paper');
          if (i > 0) out.push(performance.now() - t); // the first run compiles
        }
        return out;
      },
      { box: sealed.box, key: keyB64, seed },
    ),
  );
  if (times) return { open_paper_ms: median(times), open_where: 'chromium' };
  const { openSealedPaper, fromBase64 } = await import('@exam/shared');
  const local: number[] = [];
  for (let i = 0; i < 21; i++) {
    const t = performance.now();
    openSealedPaper(fromBase64(keyB64), sealed.box as never, seed);
    if (i > 0) local.push(performance.now() - t);
  }
  return { open_paper_ms: median(local), open_where: 'node' };
}

/**
 * The server checking 10,000 signed score sheets, as it does for the day's results: each sheet
 * parsed from its stored JSON, checked against the schema, re-encoded canonically with its domain
 * tag, and its signature verified — on all cores (VerifyPool).
 */
export async function measureVerify10k(pool: VerifyPool): Promise<number> {
  const examiners = Array.from({ length: 7 }, () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    return { key: createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' })), b64: raw.toString('base64') };
  });
  const stored = Array.from({ length: 10_000 }, (_, i) => {
    const e = examiners[i % examiners.length]!;
    const sheet = sampleSheet(e.b64, Math.floor(i / examiners.length) + 1);
    return { json: canonicalize(sheet), signature: sign(null, signingBytes('score-sheet', sheet), e.key).toString('base64') }; // stored as the server stores it
  });
  const t = performance.now();
  const ok = await pool.verifyAll(stored.map((s, i) => ({ type: 'score-sheet' as const, json: s.json, publicKey: examiners[i % examiners.length]!.b64, signature: s.signature })));
  const elapsed = performance.now() - t;
  if (!ok.every(Boolean)) throw new Error('an honest sheet failed to verify in the benchmark');
  return elapsed;
}

/**
 * An outside supervisor verifying the realistic bundle (its mix: realistic-bundle.ts), as
 * `exam verify` does: from the file's text to the report, every step, signatures on all cores.
 * The bundle must verify, or the figure means nothing.
 */
export async function measureVerifyBundle(pool: VerifyPool, text: string): Promise<number> {
  const { verifyBundle } = await import('@exam/shared');
  const t = performance.now();
  const report = await verifyBundle(JSON.parse(text), { verifyMany: poolVerifyMany(pool) });
  const elapsed = performance.now() - t;
  if (!report.ok) throw new Error(`the honest benchmark bundle failed verification: ${JSON.stringify(report.steps.filter((s) => !s.ok))}`);
  return elapsed;
}
