import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { VerifyPool } from '@exam/server';
import { generateSoftKeyPair, randomBytes, signObject, signingBytes, toBase64, toHex, type ScoreSheet } from '@exam/shared';
import { launchChromium } from '../support/browser';
import { median } from './stats';

function sampleSheet(examinerKey: string, lot: number): ScoreSheet {
  const items = ['analysis', 'planning', 'fit', 'communication', 'adaptability', 'expression'].map((item, i) => ({ question: i < 3 ? 'i1' : 'i2', item, score: 1000 + 50 * ((lot + i) % 10) }));
  return { dayId: 'bench-day', room: '面试室A', lot, items, total: items.reduce((s, x) => s + x.score, 0), examinerKey, signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
}

/**
 * How long the tablet's signing takes: WebCrypto Ed25519 with a non-extractable key in Chromium,
 * over the canonical encoding of a score sheet (what the tablet does), median of 200; or, where
 * no Chromium is installed, the portable path (tweetnacl) in Node.
 */
export async function measureSign(pageUrl: string): Promise<{ sign_ms: number; sign_where: 'chromium' | 'node' }> {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser', process.env.CHROMIUM_PATH].find((p) => p && existsSync(p));
  if (!chromium) {
    const kp = generateSoftKeyPair();
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      signObject(kp.secretKey, 'score-sheet', sampleSheet(toBase64(kp.publicKey), i + 1));
      times.push(performance.now() - t);
    }
    return { sign_ms: median(times), sign_where: 'node' };
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    const sheets = Array.from({ length: 200 }, (_, i) => toBase64(signingBytes('score-sheet', sampleSheet('A'.repeat(43) + '=', i + 1))));
    // A page's clock is coarse (to blunt timing attacks), so batches of 20 signatures are timed.
    const times = await page.evaluate(async (encoded: string[]) => {
      const key = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      const bytes = encoded.map((b) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0)));
      const out: number[] = [];
      for (let i = 0; i < bytes.length; i += 20) {
        const t = performance.now();
        for (const b of bytes.slice(i, i + 20)) await crypto.subtle.sign('Ed25519', key.privateKey, b);
        out.push((performance.now() - t) / 20);
      }
      return out;
    }, sheets);
    return { sign_ms: median(times), sign_where: 'chromium' };
  } finally {
    await browser.close();
  }
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
    return { json: JSON.stringify(sheet), signature: sign(null, signingBytes('score-sheet', sheet), e.key).toString('base64') };
  });
  const t = performance.now();
  const ok = await pool.verifyAll(stored.map((s, i) => ({ type: 'score-sheet' as const, json: s.json, publicKey: examiners[i % examiners.length]!.b64, signature: s.signature })));
  const elapsed = performance.now() - t;
  if (!ok.every(Boolean)) throw new Error('an honest sheet failed to verify in the benchmark');
  return elapsed;
}

/**
 * An outside supervisor verifying a bundle of 10,000 signed sheets and 100,000 log entries: from
 * the file's text to the report, every step, signatures on all cores (as `exam verify` does).
 */
export async function measureVerifyBundle(pool: VerifyPool): Promise<number> {
  const { bigBundle } = await import('./bundle-fixture');
  const { verifyBundle } = await import('@exam/shared');
  const text = JSON.stringify(await bigBundle(10_000, 100_000));
  const t = performance.now();
  const report = await verifyBundle(JSON.parse(text), {
    verifyMany: (jobs) => pool.verifyAll(jobs.map((j) => ({ type: j.type, json: JSON.stringify(j.object), publicKey: j.publicKey, signature: j.signature }))),
  });
  const elapsed = performance.now() - t;
  if (!report.ok) throw new Error(`the honest benchmark bundle failed verification: ${JSON.stringify(report.steps.filter((s) => !s.ok))}`);
  return elapsed;
}
