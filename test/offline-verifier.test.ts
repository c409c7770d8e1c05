import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { honestDay } from './support/scenario';
import { launchFilming, qrVideo } from './support/camera';
import { closeFiguresOf, closeLine } from './support/close-figures';

const page = fileURLToPath(new URL('../examiner-app/dist-verifier/exam-verifier.html', import.meta.url));

describe('the offline verifier: one file opened from disk, no server', () => {
  let browser: Browser;
  let day: Awaited<ReturnType<typeof honestDay>>;
  const dir = mkdtempSync(join(tmpdir(), 'exam-offline-'));
  beforeAll(async () => {
    if (!existsSync(page)) throw new Error(`${page} is not built: run pnpm build`);
    day = await honestDay();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await day?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies an honest bundle with the supervisor’s kept checkpoints, and refuses a tampered one', async () => {
    const honest = join(dir, 'bundle.json');
    writeFileSync(honest, JSON.stringify(day.bundle));
    const kept = join(dir, 'checkpoints.json');
    writeFileSync(kept, JSON.stringify(day.kept));
    const tampered = JSON.parse(JSON.stringify(day.bundle));
    tampered.body.results.interview['demo-interview'][0].score += 1;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));

    const p = await (await browser.newContext()).newPage();
    p.setDefaultTimeout(60_000);
    await p.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort())); // nothing leaves the machine
    await p.goto(pathToFileURL(page).href);
    await p.setInputFiles('input[name=bundle]', honest);
    await p.setInputFiles('input[name=kept]', kept);
    await p.getByRole('button', { name: '核验 Verify' }).click();
    await expect.poll(() => p.getByTestId('verdict').textContent()).toContain('VERIFIED');
    expect(await p.getByTestId('report').textContent()).toContain('WebCrypto Ed25519');
    expect(await p.getByTestId('verdict').textContent()).not.toContain('NOT');
    // The verdict itself says that every step holding is not all: what is listed below is not proven.
    expect(await p.getByTestId('verdict').textContent()).toContain('每一步都通过，但下面列出的几项本次不能证明 · VERIFIED: every step holds; what is listed below is not proven');
    // Entries after the last kept checkpoint, and keys without the ceremony sheet, are said to be unproven.
    expect(await p.getByTestId('unproven').textContent()).toMatch(/witnessed by no supervisor[\s\S]*No supervisors’ bundle was given[\s\S]*No card lists from the evaluation’s ceremony sheet[\s\S]*ceremony sheets/);

    // The head written down by hand (32 digits, grouped as on the tablet) and the ceremony fingerprints.
    const head = day.bundle.body.log.at(-1)!;
    const { checkpointText, SHEET_ROLES } = await import('@exam/shared');
    await p.fill('textarea[name=typed]', checkpointText(head.seq, head.hash));
    await p.fill('textarea[name=fingerprints]', day.bundle.body.devices.filter((d) => (SHEET_ROLES as readonly string[]).includes(d.role ?? '')).map((d) => `${d.fingerprint} ${d.person ?? d.role}`).join('\n'));
    // And the supervisors' bundle: every form, decision and declaration behind the selection's commitments.
    const records = join(dir, 'supervisors-bundle.json');
    writeFileSync(records, JSON.stringify(day.records));
    await p.setInputFiles('input[name=supervisors]', records);
    // And the evaluation's card list, as its ceremony sheet has it.
    await p.fill('textarea[name=ballot-lists]', day.ballotLists.map((l) => `${l.evaluationId}/${l.group}: ${l.count}: ${l.hash}`).join('\n'));
    // Without the figures written at the evaluation's close, those alone are said to be unproven.
    await p.getByRole('button', { name: '核验 Verify' }).click();
    await expect.poll(() => p.getByTestId('unproven').textContent()).toContain('No figures from the evaluation’s close were given');
    expect(await p.getByTestId('unproven').textContent()).not.toMatch(/No fingerprint|No card lists|No supervisors’ bundle|witnessed by no supervisor/);
    const closes = closeFiguresOf(day.bundle.body.log).map(closeLine);
    await p.fill('textarea[name=ballot-closes]', closes.join('\n'));
    await p.getByRole('button', { name: '核验 Verify' }).click();
    await expect.poll(() => p.getByTestId('verdict').textContent()).toContain('VERIFIED');
    expect(await p.getByTestId('unproven').count()).toBe(0);
    expect(await p.getByTestId('verdict').textContent()).toContain('✓ 全部核验通过 VERIFIED');
    // A checkpoint written too short is refused, saying what is expected.
    await p.fill('textarea[name=typed]', `${head.seq}: ${head.hash.slice(0, 12)}`);
    await p.getByRole('button', { name: '核验 Verify' }).click();
    await expect.poll(() => p.locator('p.fail').textContent()).toMatch(/前 32 位[\s\S]*at least 32/);
    expect(await p.locator('p.fail').textContent()).toMatch(new RegExp(`^检查点应写为.*：第 ${head.seq} 条：只写了 12 位十六进制数字：至少需要 32 位`));
    await p.fill('textarea[name=typed]', '');
    // A fingerprint list that is not one (a name where the fingerprint goes) is refused, naming the line.
    await p.fill('textarea[name=fingerprints]', `${day.bundle.body.devices[0]!.fingerprint}\n考官甲 7K2M`);
    await p.getByRole('button', { name: '核验 Verify' }).click();
    await expect.poll(() => p.locator('p.fail').textContent()).toMatch(/第 2 行：“考官甲”不是密钥指纹[\s\S]*line 2: “考官甲” is not a fingerprint/);
    await p.fill('textarea[name=fingerprints]', '');
    // The bundle given where the tablet's checkpoint file goes: said so, and no checkpoint is taken from it.
    await p.setInputFiles('input[name=kept]', honest);
    await expect.poll(() => p.locator('p.fail').textContent()).toMatch(/bundle\.json：它不是列表。监督员平板导出的检查点文件[\s\S]*it is not a list: a checkpoint file from a supervisor’s tablet/);
    await p.setInputFiles('input[name=kept]', kept);

    // A paper score sheet's QR code holds the signed sheet: pasted here, it is checked against the bundle.
    const { canonicalize } = await import('@exam/shared');
    const sheet = day.bundle.body.days[0]!.sheets[0]!;
    await p.fill('textarea[name=scanned]', canonicalize({ sheet: sheet.sheet, signature: sheet.signature }));
    await p.getByRole('button', { name: '核对 Check' }).click();
    await expect.poll(() => p.getByTestId('sheet-verdict').textContent()).toContain('签名有效');
    expect(await p.getByTestId('sheet-verdict').textContent()).toContain('与核验包一致');
    const forged = { sheet: { ...sheet.sheet, total: sheet.sheet.total + 100 }, signature: sheet.signature };
    await p.fill('textarea[name=scanned]', JSON.stringify(forged));
    await p.getByRole('button', { name: '核对 Check' }).click();
    await expect.poll(() => p.getByTestId('sheet-verdict').textContent()).toContain('签名无效');

    // A file in the wrong box is said so, with the box it belongs in; one that is not JSON too, and nothing is verified.
    await p.setInputFiles('input[name=supervisors]', honest);
    await expect.poll(() => p.locator('p.fail').textContent()).toBe('bundle.json：这是导出包，请放到第一栏“导出包” · bundle.json is the export bundle: put it in the first box, Bundle');
    await p.setInputFiles('input[name=bundle]', records);
    await expect.poll(() => p.locator('p.fail').textContent()).toBe('supervisors-bundle.json：这是监督员核验包，请放到“监督员核验包”一栏 · supervisors-bundle.json is the supervisors’ bundle: put it in the supervisors’ bundle box');
    expect(await p.getByRole('button', { name: '核验 Verify' }).isDisabled()).toBe(true);
    writeFileSync(join(dir, 'notes.json'), '考官签到表');
    await p.setInputFiles('input[name=bundle]', join(dir, 'notes.json'));
    await expect.poll(() => p.locator('p.fail').textContent()).toBe('notes.json：不是 JSON 文件，请选择导出包 · notes.json is not a JSON file: choose the export bundle');
    expect(await p.getByRole('button', { name: '核验 Verify' }).isDisabled()).toBe(true);

    await p.setInputFiles('input[name=bundle]', join(dir, 'tampered.json'));
    await p.getByRole('button', { name: '核验 Verify' }).click();
    await expect.poll(() => p.getByTestId('verdict').textContent()).toContain('NOT VERIFIED');
    expect(await p.getByTestId('report').textContent()).toMatch(/FAIL.*interview results are recomputed/);
    expect(await p.getByTestId('report').textContent()).toContain('未通过 FAIL 面试成绩由已签名的评分表重新计算，不采信服务器');
  });

  it('reads a paper score sheet’s QR code with the camera and checks it against the bundle', async () => {
    const { canonicalize } = await import('@exam/shared');
    const sheet = day.bundle.body.days[0]!.sheets[0]!;
    const video = join(dir, 'score-sheet.y4m');
    qrVideo(video, canonicalize({ sheet: sheet.sheet, signature: sheet.signature }), { width: 1280, height: 960 });
    const filming = await launchFilming(video);
    try {
      const p = await (await filming.newContext({ permissions: ['camera'] })).newPage();
      p.setDefaultTimeout(60_000);
      await p.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      await p.goto(pathToFileURL(page).href);
      await p.setInputFiles('input[name=bundle]', join(dir, 'bundle.json'));
      await p.getByRole('button', { name: '核验 Verify' }).click();
      await expect.poll(() => p.getByTestId('verdict').textContent()).toContain('VERIFIED');
      await p.getByRole('button', { name: '用摄像头扫描 Scan with the camera' }).click();
      await expect.poll(() => p.locator('textarea[name=scanned]').inputValue()).toContain('"signature"');
      await p.getByRole('button', { name: '核对 Check' }).click();
      await expect.poll(() => p.getByTestId('sheet-verdict').textContent()).toContain('签名有效');
      expect(await p.getByTestId('sheet-verdict').textContent()).toContain('与核验包一致');
    } finally {
      await filming.close();
    }
  });
});
