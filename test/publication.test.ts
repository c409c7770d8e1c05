import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { bundleHash, fromBase64, sheetHash, signedSheetSchema, verifyBundle, verifyObject, type Bundle } from '@exam/shared';
import { launchChromium } from './support/browser';
import { honestDay } from './support/scenario';
import { withDatabaseArgs } from './support/store';
import { execExam } from './support/process';


describe('publication: results pages and score sheets for the file, each carrying the bundle’s hash', () => {
  let day: Awaited<ReturnType<typeof honestDay>>;
  const out = mkdtempSync(join(tmpdir(), 'exam-publish-'));
  beforeAll(async () => {
    day = await honestDay();
  }, 120_000);
  afterAll(async () => {
    await day?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('writes the bundle, bilingual results pages and per-candidate and per-examiner score sheets, as HTML and PDF', async () => {
    const text = execExam(withDatabaseArgs(['publish', '--data', day.t.dataDir, '--out', out]));
    const bundle = JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8')) as Bundle;
    const hash = bundleHash(bundle.body);
    expect(text).toContain(hash);
    expect((await verifyBundle(bundle)).ok).toBe(true);
    const files = readdirSync(out);
    const written = readFileSync(join(out, 'results-written-demo.html'), 'utf8');
    expect(written).toContain('笔试成绩公示 · Written exam results');
    expect(written).toContain(hash);
    expect(written).toContain('张伟');
    expect(written).toContain('缺考 absent'); // seat 04 never signed in
    const interview = readFileSync(join(out, 'results-interview-demo-interview.html'), 'utf8');
    expect(interview).toContain('面试成绩公示 · Interview results');
    const rows = bundle.body.results.interview['demo-interview']!;
    for (const r of rows.filter((x) => x.score !== null)) expect(interview).toContain((r.score! / 100).toFixed(2));
    // The candidate called as lot 4 did not come: 缺考 in the notice, as in the written one.
    const noShow = rows.find((x) => x.lot === 4)!;
    expect(noShow.score).toBeNull();
    expect(interview).toMatch(new RegExp(`<td>${noShow.ticket}</td><td>[^<]+</td><td>缺考 absent</td>`));
    const lot1 = readFileSync(join(out, 'demo-interview-candidate-lot-1.html'), 'utf8');
    const sheets = bundle.body.days[0]!.sheets.filter((s) => s.sheet.lot === 1);
    for (const s of sheets) expect(lot1).toContain(sheetHash(s.sheet));
    expect(lot1.match(/<svg/g)!.length).toBe(sheets.length); // one QR code holding each signed sheet
    expect(lot1).toContain('已被更正 superseded');
    // Items read as the rubric names them, not as their ids.
    expect(lot1).toContain('<td>第 1 题 Q1</td><td>综合分析能力</td>');
    expect(lot1).not.toMatch(/<td>(analysis|i1)<\/td>/);
    expect(files.filter((f) => f.startsWith('demo-interview-examiner-') && f.endsWith('.html')).length).toBe(5);
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBe(files.filter((f) => f.endsWith('.html')).length);
    for (const p of pdfs) expect(readFileSync(join(out, p)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints a QR code on each score sheet that a scanner reads back as the signed sheet, which verifies and is in the bundle', async () => {
    const bundle = JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8')) as Bundle;
    const inBundle = new Map(bundle.body.days[0]!.sheets.map((s) => [sheetHash(s.sheet), s.signature]));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ deviceScaleFactor: 2 });
      await page.goto(pathToFileURL(join(out, 'demo-interview-candidate-lot-1.html')).href);
      const codes = page.locator('.qr svg');
      const n = await codes.count();
      expect(n).toBe(bundle.body.days[0]!.sheets.filter((s) => s.sheet.lot === 1).length);
      const read = new Set<string>();
      for (let i = 0; i < n; i++) {
        // What a scanner does: a picture of the printed code, decoded (jsQR), no access to the page's text.
        const png = PNG.sync.read(await codes.nth(i).screenshot());
        const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
        expect(qr, `QR code ${i + 1} is readable`).not.toBeNull();
        const signed = signedSheetSchema.parse(JSON.parse(qr!.data));
        expect(verifyObject(fromBase64(signed.sheet.examinerKey), 'score-sheet', signed.sheet, fromBase64(signed.signature)), `sheet ${i + 1} verifies`).toBe(true);
        const h = sheetHash(signed.sheet);
        expect(inBundle.get(h), `sheet ${i + 1} is in the bundle with the same signature`).toBe(signed.signature);
        read.add(h);
      }
      expect(read.size).toBe(n);
    } finally {
      await browser.close();
    }
  });
});
