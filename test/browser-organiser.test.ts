import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bundleHash, fromBase64, verifyBundle, verifyObject, type Bundle } from '@exam/shared';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';
import { enterMissingCalendars } from './support/notice-console';
import { builtApps } from './support/apps';
import { makeGroupCards, parseInterviewQuestions, sealInterview, sealPaper } from '@exam/server';
import { connectDesk, connectDevice } from './support/clients';
import { signedBallot } from './support/ballots';
import { fileURLToPath } from 'node:url';
import { benchPaper } from './bench/bench-paper';
import { latinWordsOn } from './support/no-english';
import { unnamedControlsOn } from './support/accessible-names';
import { idFor } from './support/id-numbers';

const HOUR = 3600_000;

/**
 * A whole selection, compressed, in Chromium from an empty data folder: the organiser's console from
 * its admission — the selection and its posts, forms imported, the public registration page and its
 * slip, two reviewers and the published list, the seat draw with a supervisor's tablet, the interview
 * day and the evaluation created, the post's rules set before anything begins — then the written exam
 * on a kiosk at a drawn seat (the other candidate absent) closed and its answer key opened at the desk,
 * the evaluation run and counted from the console, the ranking, the committee's decision, the notices
 * with an anonymous objection handled, the appointment made final, the public notice page, and the
 * bundle of all of it verified — the interview day run on its tablets (three examiners, a supervisor
 * and an escort admitted by fingerprint). One ballot is cast on a booth page, the others from a booth
 * over a socket.
 */
describe('in Chromium: a whole selection from the organiser’s console', () => {
  let t: TestServer;
  let browser: Browser;
  let desk: Page;
  let console_: Page;
  let offset = 0;
  const dir = mkdtempSync(join(tmpdir(), 'exam-organiser-'));
  let sealed: Awaited<ReturnType<typeof sealPaper>>;
  let cards: ReturnType<typeof makeGroupCards>[] = [];
  let questions: Awaited<ReturnType<typeof sealInterview>>;
  /** The admission number of the candidate who sat the written exam. */
  let sitter = '';
  const scanned = new Map<string, string[]>();
  const unnamed = new Map<string, string[]>();
  const scan = async (p: Page, where: string) => (scanned.set(where, await latinWordsOn(p)), unnamed.set(where, await unnamedControlsOn(p)));
  const page = async () => {
    const p = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    p.setDefaultTimeout(15_000);
    return p;
  };

  beforeAll(async () => {
    t = await startTestServer({ server: { apps: builtApps(), now: () => Date.now() + offset } });
    browser = await launchChromium();
    desk = await page();
    await desk.goto(`${t.url}/desk/`);
    await desk.fill('input[name=desk-code]', t.server.ctx.deskCode);
    await desk.click('button[type=submit]');
    await desk.getByTestId('session-state').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the console says what it is until the desk admits it as the organiser’s, with the person’s name', async () => {
    console_ = await page();
    await console_.goto(`${t.url}/desk/#/organiser`);
    await expect.poll(() => console_.locator('h1').textContent()).toBe('组织者控制台');
    const fp = console_.getByTestId('fingerprint');
    await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await scan(console_, 'console before admission');
    await desk.click('[data-tab=devices]');
    await desk.fill('input[name=fingerprint]', (await fp.textContent())!);
    await desk.selectOption('select[name=role]', 'organiser');
    expect(await desk.locator('form.admit button[type=submit]').isDisabled()).toBe(true);
    await desk.fill('input[name=person]', '李组织');
    await desk.click('form.admit button[type=submit]');
    await console_.getByTestId('selection-form').waitFor();
    // The form shows at once; the (empty) list of selections follows it.
    await expect.poll(() => console_.textContent('body')).toContain('还没有竞争上岗');
  });

  it('creates a selection with its steps in the organiser’s order, and two posts', async () => {
    await console_.fill('input[name=selection-title]', '2026 年县政务服务中心中层干部竞争上岗');
    await console_.fill('input[name=selection-id]', 'sel-2026');
    // Interview before the evaluation: 002 and 004 order the steps differently.
    await console_.getByRole('button', { name: '下移 民主测评' }).click();
    await scan(console_, 'console: new selection');
    await console_.click('[data-testid=selection-form] button[type=submit]');
    await console_.getByTestId('selection').waitFor();
    expect(await console_.getByTestId('selection').textContent()).toContain('笔试 → 面试 → 民主测评');
    const form = console_.getByTestId('post-form');
    await form.locator('input[name=post-title]').fill('办公室副主任');
    await form.locator('input[name=post-department]').fill('办公室');
    await form.locator('textarea[name=post-qualifications]').fill('任现职级满 3 年，大学本科以上学历，45 周岁以下');
    await form.locator('input[name=post-min-years]').fill('3');
    await form.locator('select[name=post-min-education]').selectOption('bachelor');
    await form.locator('input[name=post-max-age]').fill('45');
    await form.locator('input[name=post-level-staff]').check();
    expect(await form.locator('button[type=submit]').isDisabled()).toBe(true); // the written exam needs a paper
    await form.locator('input[name=post-paper]').fill('paper-a');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => console_.getByTestId('posts').locator('tbody tr').count()).toBe(1);
    await form.locator('input[name=post-title]').fill('服务科科长');
    await form.locator('input[name=post-department]').fill('服务科');
    await form.locator('select[name=post-level]').selectOption('principal');
    await form.locator('input[name=post-paper]').fill('paper-a');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => console_.getByTestId('posts').locator('tbody tr').count()).toBe(2);
    expect(await console_.getByTestId('posts').locator('tbody tr').allTextContents()).toEqual([expect.stringContaining('办公室副主任办公室副职1'), expect.stringContaining('服务科科长服务科正职1')]);
    await scan(console_, 'console: posts');
    const logged = await t.server.ctx.db.selectFrom('audit_log').select('type').where('type', 'in', ['selection.created', 'post.saved']).execute();
    expect(logged.map((r) => r.type)).toEqual(['selection.created', 'post.saved', 'post.saved']);
  });

  it('once registration opens, imports an .xlsx and a GB18030 CSV, naming the bad rows', async () => {
    const s = await t.server.ctx.db.selectFrom('selections').select('registration_opens').executeTakeFirstOrThrow();
    offset = s.registration_opens + HOUR - Date.now();
    await console_.reload();
    await console_.getByTestId('selection').waitFor();
    expect(await console_.getByTestId('selection').textContent()).toContain('报名已开始，职位按已公布的内容不再修改');
    expect(await console_.getByTestId('post-form').count()).toBe(0);

    const header = ['姓名', '身份证号', '所在部门', '现任职务', '现职级', '任现职级年限', '学历', '竞聘岗位一', '竞聘岗位二'];
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('报名表');
    sheet.addRow(header);
    sheet.addRow(['赵一', idFor('19800101', 11), '财政局', '科员', '一般干部', 6, '本科', '办公室副主任', '服务科科长']);
    sheet.addRow(['钱二', idFor('19820202', 12).slice(0, 17) + (idFor('19820202', 12).endsWith('1') ? '2' : '1'), '财政局', '副科长', '副职', 5, '硕士', '服务科科长', '']);
    const xlsx = join(dir, '报名表.xlsx');
    writeFileSync(xlsx, new Uint8Array(await book.xlsx.writeBuffer()));
    await console_.setInputFiles('input[name=registration-file]', xlsx);
    await expect.poll(() => console_.getByTestId('import-outcome').textContent()).toContain('已导入 1 份');
    expect(await console_.getByTestId('import-problems').locator('li').allTextContents()).toEqual([expect.stringMatching(/^第 3 行：.*校验/)]);
    await scan(console_, 'console: import outcome');

    const csv = join(dir, '报名表.csv');
    writeFileSync(csv, iconv.encode([header.join(','), `吉𠮷,${idFor('19860606', 16)},人社局,科员,一般干部,3,大学本科,办公室副主任,`].join('\r\n'), 'gb18030'));
    await console_.setInputFiles('input[name=registration-file]', csv);
    await expect.poll(() => console_.getByTestId('import-outcome').textContent()).toContain('GB18030');
    await expect.poll(() => console_.getByTestId('registrations').locator('tbody tr').count()).toBe(2);
    expect(await console_.getByTestId('registrations').textContent()).toContain('吉𠮷');
    expect(await console_.getByTestId('registrations').textContent()).toContain('110105********');
    await scan(console_, 'console: registrations');
  });

  let secret = '';
  it('the registration page takes a form after a confirmation and prints a slip whose QR code is the signed slip', async () => {
    const reg = await page();
    await reg.goto(`${t.url}/register/sel-2026`);
    await reg.getByTestId('registration-form').waitFor();
    expect(await reg.getByTestId('published-posts').locator('tbody tr').count()).toBe(2);
    await scan(reg, 'registration page');
    expect(await reg.locator('[data-testid=registration-form] button[type=submit]').isDisabled()).toBe(true);
    expect(await reg.getByTestId('form-missing').textContent()).toContain('姓名');
    await reg.fill('input[name=name]', '王晓明');
    await reg.fill('input[name=id-number]', idFor('19850312', 123).slice(0, 17) + (idFor('19850312', 123).endsWith('1') ? '2' : '1'));
    await reg.getByTestId('id-problem').waitFor();
    await reg.fill('input[name=id-number]', idFor('19850312', 123));
    await reg.fill('input[name=department]', '县政务服务中心');
    await reg.fill('input[name=current-post]', '综合科科员');
    await reg.fill('input[name=years-in-rank]', '４');
    await reg.selectOption('select[name=post-1]', 'p1');
    await reg.selectOption('select[name=post-2]', 'p2');
    await reg.click('[data-testid=registration-form] button[type=submit]');
    const dialog = reg.getByTestId('dialog');
    await dialog.waitFor();
    await scan(reg, 'registration: confirm');
    await dialog.getByRole('button', { name: '提交' }).click();
    await reg.getByTestId('slip').waitFor();
    secret = ((await reg.getByTestId('slip-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16}$/);
    await scan(reg, 'registration: slip');
    // The slip's QR code, as a phone would read it off the printout: the signed slip, which verifies.
    const png = PNG.sync.read(await reg.locator('.slip .qr').screenshot());
    const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    const scannedSlip = JSON.parse(read!.data) as { slip: { registrationId: string; posts: string[] }; signature: string };
    expect(scannedSlip.slip.posts).toEqual(['p1', 'p2']);
    expect(verifyObject(fromBase64(t.server.ctx.serverKey.publicKeyBase64), 'registration-slip', scannedSlip.slip, fromBase64(scannedSlip.signature))).toBe(true);

    // The next person at the desk gets an empty form: nothing of this one stays on the page.
    await reg.click('button[name=next-person]');
    await reg.getByTestId('registration-form').waitFor();
    expect(await reg.inputValue('input[name=id-number]')).toBe('');
    expect(await reg.getByTestId('slip').count()).toBe(0);
    // Its owner looks it up with the secret, then withdraws it after a confirmation.
    await reg.fill('input[name=own-id-number]', idFor('19850312', 123));
    await reg.fill('input[name=own-secret]', secret.toLowerCase());
    await reg.click('[data-testid=own-form] button[type=submit]');
    await expect.poll(() => reg.getByTestId('own-registration').textContent()).toContain('有效');
    expect(await reg.getByTestId('own-registration').textContent()).toContain('待审查');
    await scan(reg, 'registration: own');
    await reg.click('button[name=withdraw]');
    await reg.getByTestId('dialog').getByRole('button', { name: '撤回报名' }).click();
    await expect.poll(() => reg.locator('[role=status]').first().textContent()).toContain('报名已撤回');
    const state = await t.server.ctx.db.selectFrom('registrations').select('state').where('id', '=', scannedSlip.slip.registrationId).executeTakeFirstOrThrow();
    expect(state.state).toBe('withdrawn');
    // A wrong secret is said to be wrong, in Chinese.
    await reg.click('[data-testid=own-form] button[type=submit]');
    await expect.poll(() => reg.getByTestId('registration-error').textContent()).toContain('身份证号或查询码不对');
  });

  it('after the deadline, two reviewers review — one declares a relation — and the organiser publishes the list', async () => {
    const s = await t.server.ctx.db.selectFrom('selections').select('registration_closes').executeTakeFirstOrThrow();
    offset = s.registration_closes + HOUR - Date.now();
    const reviewer = async (person: string) => {
      const p = await page();
      await p.goto(`${t.url}/desk/#/review`);
      await expect.poll(() => p.locator('h1').textContent()).toBe('资格审查');
      const fp = p.getByTestId('fingerprint');
      await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      await desk.fill('input[name=fingerprint]', (await fp.textContent())!);
      await desk.selectOption('select[name=role]', 'reviewer');
      await desk.fill('input[name=person]', person);
      await desk.click('form.admit button[type=submit]');
      await expect.poll(() => p.textContent('body')).toContain('还没有分配给本设备的竞争上岗');
      return p;
    };
    const a = await reviewer('审查甲');
    const b = await reviewer('审查乙');
    await scan(a, 'reviewer before assignment');
    await console_.reload();
    const section = console_.getByTestId('review-section');
    await section.waitFor();
    // Each assigned in turn: the list of those assigned names them (the choice offered names them too).
    const assigned = async () => {
      const text = (await section.getByTestId('reviewers').textContent()) ?? '';
      return ['审查甲', '审查乙'].filter((n) => text.includes(n)).length;
    };
    await section.locator('button[name=assign-reviewer]').click();
    await expect.poll(assigned).toBe(1);
    await section.locator('button[name=assign-reviewer]').click();
    await expect.poll(assigned).toBe(2);
    expect(await section.locator('button[name=publish-qualified]').isDisabled()).toBe(true);
    await scan(console_, 'console: reviewers assigned');

    await a.reload();
    const row = (p: Page, post: string, name: string) => p.getByTestId(`review-${post}`).locator(`tr[data-name="${name}"]`);
    await row(a, 'p1', '赵一').waitFor();
    expect(await row(a, 'p1', '赵一').textContent()).toContain('✓ 学历：实际 大学本科，要求 ≥ 大学本科');
    await scan(a, 'reviewer: queue');
    await row(a, 'p1', '赵一').locator('button[name=pass]').click();
    const dialog = a.getByTestId('dialog');
    expect(await dialog.locator('input[name=dialog-reason]').inputValue()).toBe('符合任职条件');
    await scan(a, 'reviewer: decision dialog');
    await dialog.getByRole('button', { name: '签名提交' }).click();
    await expect.poll(() => row(a, 'p1', '赵一').getByTestId('decision').textContent()).toContain('通过（本人）：符合任职条件');
    // A post without checks drafts no reason: the dialog says one is needed before it can be signed.
    await row(a, 'p2', '赵一').locator('button[name=fail]').click();
    expect(await dialog.locator('input[name=dialog-reason]').inputValue()).toBe('');
    expect(await dialog.getByRole('button', { name: '签名提交' }).isDisabled()).toBe(true);
    await dialog.getByTestId('reason-missing').waitFor();
    await dialog.locator('input[name=dialog-reason]').fill('工作经历与岗位要求不符');
    await dialog.getByRole('button', { name: '签名提交' }).click();
    await expect.poll(() => row(a, 'p2', '赵一').getByTestId('decision').textContent()).toContain('不通过（本人）：工作经历与岗位要求不符');
    // Reviewer A is a relative of 吉𠮷: declared, signed, and A can no longer review that person.
    await row(a, 'p1', '吉𠮷').locator('select[name=relation]').selectOption('collateral');
    await row(a, 'p1', '吉𠮷').locator('button[name=declare]').click();
    expect(await dialog.textContent()).toContain('三代以内旁系血亲关系');
    await dialog.getByRole('button', { name: '签名申报' }).click();
    await expect.poll(() => row(a, 'p1', '吉𠮷').textContent()).toContain('已申报回避');
    expect(await row(a, 'p1', '吉𠮷').locator('button[name=pass]').count()).toBe(0);

    await b.reload();
    await row(b, 'p1', '吉𠮷').locator('button[name=pass]').click();
    await b.getByTestId('dialog').getByRole('button', { name: '签名提交' }).click();
    await expect.poll(() => b.getByTestId('review-pending').textContent()).toBe('全部已审查');
    expect(await row(b, 'p1', '赵一').getByTestId('decision').textContent()).toContain('（其他审查人）');

    await console_.reload();
    await expect.poll(() => console_.getByTestId('review-progress').textContent()).toBe('已审查 3 / 3 项，通过 2 项');
    await section.locator('button[name=publish-qualified]').click();
    expect(await console_.getByTestId('dialog').textContent()).toContain('公布后名单不能撤回');
    await scan(console_, 'console: publish dialog');
    await console_.getByTestId('dialog').getByRole('button', { name: '公布资格审查合格名单' }).click();
    await console_.getByTestId('qualified-published').waitFor();
    // 开考比例: 服务科科长 has nobody qualified against 2 required; the organiser cancels it, with a reason.
    const ratio = console_.getByTestId('ratio-section');
    expect(await ratio.locator('tr[data-post=p1]').textContent()).toContain('达到比例');
    await ratio.locator('tr[data-post=p2] button[name=post-cancel]').click();
    const decideDialog = console_.getByTestId('dialog');
    expect(await decideDialog.getByRole('button', { name: '确定' }).isDisabled()).toBe(true);
    await decideDialog.locator('input[name=dialog-reason]').fill('无合格人选，本次不再竞聘该职位');
    await scan(console_, 'console: ratio decision');
    await decideDialog.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => ratio.locator('tr[data-post=p2]').getByTestId('outcome').textContent()).toBe('未达比例 · 取消该职位：无合格人选，本次不再竞聘该职位');

    const reg = await page();
    await reg.goto(`${t.url}/register/sel-2026`);
    const list = reg.getByTestId('qualified-list');
    await list.waitFor();
    expect(await list.locator('[data-post=p1]').textContent()).toBe('吉𠮷　赵一');
    expect(await list.locator('[data-post=p2]').textContent()).toBe('无');
    expect(await list.textContent()).not.toMatch(/\d{6}/);
    await scan(reg, 'registration: qualified list');
    const recusals = await t.server.ctx.db.selectFrom('recusals').select('hash').execute();
    expect(recusals.length).toBe(1);
  });

  it('before the seat draw, a written session of the selection can only wait for it: the paper from the draw, no roster file', async () => {
    const { paper, answerKey } = benchPaper();
    sealed = await sealPaper(paper, answerKey, { label: '2026 年笔试', threshold: 2, count: 3 });
    writeFileSync(join(dir, 'paper.sealed.json'), JSON.stringify(sealed.paper.file));
    writeFileSync(join(dir, 'answer-key.sealed.json'), JSON.stringify(sealed.answerKey.file));
    await console_.reload();
    const form = console_.getByTestId('session-form');
    await form.waitFor();
    await form.locator('input[name=session-label]').fill('2026 年中层干部竞争上岗笔试');
    await form.locator('input[name=session-room]').fill('第一考场');
    await form.locator('input[name=sealed-paper]').setInputFiles(join(dir, 'paper.sealed.json'));
    await form.locator('input[name=sealed-answer-key]').setInputFiles(join(dir, 'answer-key.sealed.json'));
    // Who sits where is the draw's: the paper is chosen, not yet available, and no file is offered.
    const fromDraw = form.locator('input[name=session-candidates][value=paper-a]');
    expect([await fromDraw.isChecked(), await fromDraw.isDisabled()]).toEqual([true, true]);
    expect(await form.locator('input[name=session-candidates]').count()).toBe(1);
    expect(await form.locator('input[name=session-roster]').count()).toBe(0);
    expect(await form.textContent()).toContain('考生和座位只能来自座位抽签');
    expect(await form.locator('button[type=submit]').isDisabled()).toBe(true);
    await scan(console_, 'console: new session');
  });

  it('draws admission numbers and seats with a supervisor’s tablet, prints the tickets, and sits the paper from the draw', async () => {
    const sup = await page();
    await sup.goto(`${t.url}/desk/#/tablet`);
    const fp = sup.getByTestId('fingerprint');
    await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await desk.goto(`${t.url}/desk/`);
    await desk.click('[data-tab=devices]');
    await desk.fill('input[name=fingerprint]', (await fp.textContent())!);
    await desk.selectOption('select[name=role]', 'supervisor');
    await desk.selectOption('select[name=day]', ''); // a supervisor of the venue, for no interview day
    await desk.fill('input[name=person]', '纪检监督员');
    await desk.click('form.admit button[type=submit]');
    await expect.poll(() => sup.locator('h1').textContent()).toContain('监督员');

    await console_.reload();
    const seats = console_.getByTestId('seats-section');
    await seats.locator('input[name=seat-supervisor]').check();
    await scan(console_, 'console: seat draw');
    await seats.locator('button[name=open-seat-draw]').click();
    await expect.poll(() => seats.getByTestId('draw-state').textContent()).toContain('承诺阶段');
    // The supervisor's tablet, open all along, is told of the draw and commits and reveals from its own key.
    const draw = sup.getByTestId('draw-section');
    await expect.poll(() => draw.locator('h2').textContent()).toBe('准考证号与座位抽签 · 2026 年县政务服务中心中层干部竞争上岗');
    await scan(sup, 'supervisor: seat draw');
    await sup.getByRole('button', { name: '提交承诺（本机随机数）' }).click();
    await sup.getByRole('button', { name: '揭示随机数' }).click();
    await expect.poll(() => seats.getByTestId('admissions').locator('tbody tr').count()).toBe(2);
    const year = new Date((await t.server.ctx.db.selectFrom('selections').select('registration_closes').executeTakeFirstOrThrow()).registration_closes + 8 * HOUR).getUTCFullYear();
    const numbers = await seats.getByTestId('admissions').locator('tbody tr td:first-child').allTextContents();
    expect([...numbers].sort()).toEqual([`${year}0001`, `${year}0002`]);
    expect(await seats.getByTestId('admissions').textContent()).toContain('（场次未建）');
    await scan(console_, 'console: seats drawn');

    // The paper's session from the draw: no roster file.
    const form = console_.getByTestId('session-form');
    await form.locator('input[name=session-label]').fill('2026 年中层干部竞争上岗笔试（抽签座位）');
    await form.locator('input[name=session-id]').fill('written-2');
    await form.locator('input[name=session-room]').fill('第二考场');
    await form.locator('input[name=sealed-paper]').setInputFiles(join(dir, 'paper.sealed.json'));
    await form.locator('input[name=sealed-answer-key]').setInputFiles(join(dir, 'answer-key.sealed.json'));
    expect(await form.locator('input[name=session-candidates][value=paper-a]').isChecked()).toBe(true);
    expect(await form.locator('input[name=session-roster]').count()).toBe(0);
    await form.locator('button[type=submit]').click();
    await expect.poll(() => console_.getByTestId('session-created').textContent()).toContain('2 名考生');
    const sat = await t.server.ctx.db.selectFrom('candidates').select(['ticket', 'seat', 'name']).where('session_id', '=', 'written-2').orderBy('seat').execute();
    expect(sat.map((c) => c.seat)).toEqual(['01', '02']);
    expect(sat.map((c) => c.ticket).sort()).toEqual([...numbers].sort());
    await expect.poll(() => seats.getByTestId('admissions').textContent()).toContain('第二考场');
    // The desk, open all along, lists the new session without a reload.
    await expect.poll(() => desk.locator('button', { hasText: '2026 年中层干部竞争上岗笔试（抽签座位）' }).count()).toBe(1);

    // The tickets: one per candidate, each with a QR code that reads as the admission number.
    await seats.locator('button[name=print-tickets]').click();
    const tickets = console_.getByTestId('ticket');
    await expect.poll(() => tickets.count()).toBe(2);
    await expect.poll(() => tickets.first().locator('.qr svg').count()).toBe(1);
    await scan(console_, 'console: admission tickets');
    const first = tickets.first();
    const png = PNG.sync.read(await first.locator('.qr').screenshot());
    const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(read?.data).toBe(await first.locator('.ticket-number').textContent());
    expect(await first.textContent()).toContain('第二考场');
    const pdf = await console_.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await console_.getByRole('button', { name: '返回控制台' }).click();
    await console_.getByTestId('seats-section').waitFor();
  });

  it('creates an interview day from the console; the interview desk page, open all along, offers it at once', async () => {
    const set = parseInterviewQuestions(readFileSync(fileURLToPath(new URL('../exam-server/src/demo/demo-interview.yaml', import.meta.url)), 'utf8'));
    questions = await sealInterview(set, { label: '2026 年面试', threshold: 2, count: 3 });
    writeFileSync(join(dir, 'questions.sealed.json'), JSON.stringify(questions.file));
    await desk.goto(`${t.url}/desk/#/interview`);
    await desk.locator('select').first().waitFor();
    const form = console_.getByTestId('day-form');
    await form.locator('input[name=day-label]').fill('2026 年中层干部竞争上岗面试');
    await form.locator('input[name=sealed-questions]').setInputFiles(join(dir, 'questions.sealed.json'));
    // The admission numbers are drawn: the candidates come from them, a room per post (服务科科长 was cancelled).
    expect(await form.locator('input[name=day-candidates][value=admissions]').isChecked()).toBe(true);
    expect(await form.locator('input[name=day-roster]').count()).toBe(0);
    // A roster file names admission numbers with the registered names and ID numbers: a stranger is named by row, nothing made.
    const [first] = await t.server.ctx.db.selectFrom('admissions').innerJoin('registrations', 'registrations.id', 'admissions.registration_id').select(['admission_no', 'form_json', 'id_number']).orderBy('admission_no').execute();
    writeFileSync(join(dir, '面试名单.csv'), ['姓名,身份证号,准考证号,面试室', `${(JSON.parse(first!.form_json) as { name: string }).name},${first!.id_number},${first!.admission_no},第一面试室`, `孙三,${idFor('19870707', 17)},20269999,第一面试室`].join('\r\n'));
    await form.locator('input[name=day-candidates][value=file]').check();
    await form.locator('input[name=day-roster]').setInputFiles(join(dir, '面试名单.csv'));
    await form.locator('button[type=submit]').click();
    const problems = console_.getByTestId('roster-problems');
    await expect.poll(() => problems.textContent()).toContain('第 3 行');
    expect(await problems.textContent()).toContain('20269999 不是本次竞争上岗的准考证号');
    expect(await problems.locator('li').count()).toBe(1);
    await scan(console_, 'console: interview roster refused');
    expect(await t.server.ctx.db.selectFrom('interview_days').select('id').where('id', '=', 'interview-1').executeTakeFirst()).toBeUndefined();
    await form.locator('input[name=day-candidates][value=admissions]').check();
    await form.locator('input[name=room-p1]').fill('第一面试室');
    await scan(console_, 'console: new interview day');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => console_.getByTestId('day-created').textContent()).toContain('2 名考生，面试室 第一面试室');
    await expect.poll(() => desk.locator('select').first().locator('option').allTextContents()).toContain('2026 年中层干部竞争上岗面试');
    const day = await t.server.ctx.db.selectFrom('interview_days').select(['selection_id', 'outlier_distance', 'announce_on_spot']).where('id', '=', 'interview-1').executeTakeFirstOrThrow();
    expect(day).toEqual({ selection_id: 'sel-2026', outlier_distance: 1000, announce_on_spot: 1 });
    const tickets = (await t.server.ctx.db.selectFrom('interview_candidates').select('ticket').where('day_id', '=', 'interview-1').execute()).map((c) => c.ticket).sort();
    const numbers = (await t.server.ctx.db.selectFrom('admissions').select('admission_no').execute()).map((a) => a.admission_no).sort();
    expect(tickets).toEqual(numbers);
  });

  it('creates a democratic evaluation from the console before anything begins: key lists uploaded, groups filled in', async () => {
    cards = [makeGroupCards('ev-2026', 'leaders', 6), makeGroupCards('ev-2026', 'others', 6)];
    const files = cards.map((c) => {
      const f = join(dir, `ev-2026-${c.group}.keys.json`);
      writeFileSync(f, JSON.stringify(c.keys));
      return f;
    });
    const section = console_.getByTestId('evaluation-section');
    const form = section.getByTestId('evaluation-form');
    await form.locator('input[name=key-lists]').setInputFiles(files);
    // What the console shows per group is what the supervisors wrote on the ceremony sheet.
    const rows = form.getByTestId('evaluation-groups').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.locator('code').allTextContents()).toEqual(cards.map((c) => c.written.split(': ')[1]));
    // The preset names and weights come with the groups of 001; 30 + 40 is not 100, and 3 voters is too few.
    expect(await form.locator('input[name=group-name-leaders]').inputValue()).toBe('领导班子成员');
    await form.locator('input[name=group-entitled-leaders]').fill('5');
    await form.locator('input[name=group-entitled-others]').fill('3');
    await form.locator('button[name=create-evaluation]').click();
    await expect.poll(() => form.getByTestId('evaluation-form-problem').textContent()).toContain('不少于 5 人');
    await form.locator('input[name=group-entitled-others]').fill('5');
    await form.locator('button[name=create-evaluation]').click();
    await expect.poll(() => form.getByTestId('evaluation-form-problem').textContent()).toContain('各组权重合计 70%');
    await form.locator('input[name=group-weight-others]').fill('70');
    // A recommendation vote for the first post (办公室副主任, one seat).
    await form.locator('input[name=evaluation-recommend]').first().check();
    // Each box sits before its words, which keep their line (not squeezed to a character a line beside a full-width box).
    const boxes = await form.locator('label:has(input[type=checkbox]), label:has(input[type=radio])').evaluateAll((labels) => labels.map((l) => [Math.round(l.querySelector('input')!.getBoundingClientRect().width), Math.round(l.getBoundingClientRect().height)]));
    expect(boxes.length).toBeGreaterThan(8);
    expect(boxes.filter(([box, height]) => box! > 30 || height! > 40)).toEqual([]);
    await scan(console_, 'console: new evaluation');
    await form.locator('button[name=create-evaluation]').click();
    const panel = section.getByTestId('evaluation');
    await expect.poll(() => panel.getByTestId('evaluation-state').textContent()).toBe('未开始投票');
    // The form starts afresh, folded: the key lists it held are spent.
    const again = section.locator('details:has([data-testid=evaluation-form])');
    expect([await again.evaluate((d) => (d as HTMLDetailsElement).open), await again.getByTestId('evaluation-groups').count()]).toEqual([false, 0]);
  });

  it('sets 办公室副主任’s rules on the console before anything begins: 002’s preset, no composite bar', async () => {
    await console_.reload();
    const section = console_.getByTestId('ranking-section');
    await section.waitFor();
    const p = section.locator('section[data-post=p1]');
    await p.locator('button[name=set-rules]').click();
    const form = p.getByTestId('rules-form');
    // The preset (002) takes the post's paper, the interview day and the evaluation, 3 : 3 : 4.
    expect(await form.locator('input[type=checkbox][name^=use-]:checked').count()).toBe(3);
    await form.locator('input[name=no-composite-bars]').check();
    await scan(console_, 'console: rules form');
    await form.locator('button[name=save-rules]').click();
    await console_.getByTestId('dialog').locator('button.primary, button.danger').click();
    await p.getByTestId('rules').waitFor();
    const logged = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'ranking.rules-set').execute();
    expect(logged.map((e) => (JSON.parse(e.payload_json) as { rules: { compositeBars: unknown; components: Array<{ kind: string; weight: number }> } }).rules).map((r) => [r.components.map((c) => `${c.kind}:${c.weight}`).join(' '), r.compositeBars])).toEqual([['written:3 interview:3 evaluation:4', null]]);
  });

  it('runs the exam from the seats drawn: the kiosk at a drawn seat, the candidate signs in with the admission number, the paper opens, a receipt', async () => {
    await desk.goto(`${t.url}/desk/`);
    await desk.locator('aside button', { hasText: '2026 年中层干部竞争上岗笔试（抽签座位）' }).click();
    const kiosk = await page();
    await kiosk.goto(`${t.url}/kiosk/`);
    const fp = kiosk.getByTestId('fingerprint');
    await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await desk.click('[data-tab=devices]');
    await desk.selectOption('select[name=role]', 'kiosk');
    await desk.fill('input[name=fingerprint]', (await fp.textContent())!);
    await desk.locator('select[name=seat]').selectOption('01');
    await desk.click('form.admit button[type=submit]');
    await kiosk.locator('input[name=ticket]').waitFor();
    const seated = await t.server.ctx.db.selectFrom('candidates').select(['ticket', 'seat']).where('session_id', '=', 'written-2').orderBy('seat').execute();
    // The other candidate's number is refused at this seat; the one drawn for it signs in.
    await kiosk.fill('input[name=ticket]', seated[1]!.ticket);
    await kiosk.click('button[type=submit]');
    await expect.poll(() => kiosk.getByTestId('error').textContent()).toContain('请到本人座位登录');
    await kiosk.fill('input[name=ticket]', seated[0]!.ticket);
    await kiosk.click('button[type=submit]');
    await kiosk.getByText('密封试卷已就绪').waitFor();
    await desk.click('[data-tab=opening]');
    for (const [i, who] of [[0, '监考员'], [1, '纪检监督员']] as const) {
      await desk.fill('input[name=keyholder]', who);
      await desk.fill('textarea[name=share-code]', sealed.paper.shareCodes[i]!);
      await desk.click('form.share-entry button[type=submit]');
      await expect.poll(() => desk.getByTestId('shares-entered').textContent()).toContain(`${i + 1} / 2`);
    }
    await desk.click('form.start button[type=submit]');
    const dialog = desk.getByTestId('dialog');
    await dialog.locator('input[name=dialog-reason]').fill('组织者控制台建场次后的浏览器测试');
    await dialog.getByRole('button', { name: '发出开考信号（启封）' }).click();
    await kiosk.getByText('中层干部竞争上岗笔试（基准测试用卷）').waitFor();
    await kiosk.locator('nav.qnav button.submit').click();
    await kiosk.locator('.dialog button.submit').click();
    await kiosk.getByTestId('receipt').waitFor();
    const handed = await t.server.ctx.db.selectFrom('candidates').select(['ticket', 'submitted_at']).where('session_id', '=', 'written-2').where('seat', '=', '01').executeTakeFirstOrThrow();
    expect([handed.ticket, handed.submitted_at !== null]).toEqual([seated[0]!.ticket, true]);
    sitter = seated[0]!.ticket;
    await kiosk.context().close();
    // The other candidate is absent (缺考). The desk closes the exam and two keyholders open the answer key: the blank script is marked by the machine.
    await desk.getByRole('button', { name: '收卷（结束考试）' }).click();
    await desk.getByTestId('dialog').getByRole('button', { name: '收卷（结束考试）' }).click();
    await expect.poll(() => desk.getByTestId('session-state').textContent()).toBe('已收卷');
    for (const [i, who] of [[0, '监考员'], [1, '纪检监督员']] as const) {
      await desk.fill('input[name=keyholder]', who);
      await desk.fill('textarea[name=share-code]', sealed.answerKey.shareCodes[i]!);
      await desk.click('form.share-entry button[type=submit]');
    }
    await expect.poll(async () => (await t.server.ctx.db.selectFrom('audit_log').select('type').where('type', '=', 'answer-key.opened').execute()).length, { timeout: 15_000 }).toBe(1);
  });

  it('runs the evaluation from the console: voting opened, ballots cast, closed with the unused cards, the count shown', async () => {
    const section = console_.getByTestId('evaluation-section');
    const panel = section.getByTestId('evaluation');
    await panel.locator('button[name=open-evaluation]').click();
    await console_.getByTestId('dialog').getByRole('button', { name: '开始投票' }).click();
    await expect.poll(() => panel.getByTestId('evaluation-state').textContent()).toBe('投票中');
    // Four ballots per group: the first from a booth page in Chromium, as a voter casts it; the others from a booth over a socket.
    const deskSocket = await connectDesk(t.url, t.server.ctx.deskCode);
    const booth = await connectDevice(t.url, 'kiosk');
    await deskSocket.req('desk:admit', { deviceId: booth.status.deviceId, role: 'booth', fingerprint: booth.status.fingerprint });
    const refs = (await t.server.ctx.db.selectFrom('admissions').select('admission_no').orderBy('admission_no').execute()).map((a) => a.admission_no);
    const settings = (await booth.req('booth:evaluations', {})).evaluations[0]!;
    expect(settings.candidates.map((c) => c.ref)).toEqual(refs);
    expect(settings.recommendation.map((p) => [p.title, p.seats])).toEqual([['办公室副主任', 1]]);
    // Every ballot recommends the candidate who sat the written exam (the other was absent).
    const recommend = settings.recommendation.map((p) => ({ post: p.post, marked: [sitter] }));
    const boothPage = await page();
    await boothPage.goto(`${t.url}/kiosk/`);
    const bfp = boothPage.getByTestId('fingerprint');
    await expect.poll(async () => (await bfp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await deskSocket.req('desk:admit', { role: 'booth', fingerprint: (await bfp.textContent())! });
    await boothPage.fill('input[name=ballot-code]', cards[0]!.codes[0]!);
    await boothPage.click('button[type=submit]');
    for (const c of settings.candidates) {
      const rating = c.ref === sitter ? '优秀' : '称职';
      const form = boothPage.locator(`fieldset[data-candidate="${c.name}"]`);
      for (const row of ['总体评价', '德', '能', '勤', '绩', '廉']) await form.locator('tr', { has: boothPage.locator(`th:text-is("${row}")`) }).locator('label', { hasText: new RegExp(`^${rating}$`) }).click();
    }
    await boothPage.locator('fieldset[data-post="办公室副主任"] label', { hasText: settings.candidates.find((c) => c.ref === sitter)!.name }).click();
    await boothPage.click('button[name=to-review]');
    await boothPage.getByTestId('ballot-review').waitFor();
    await scan(boothPage, 'booth: the review');
    await boothPage.click('button[name=cast]');
    await boothPage.getByTestId('booth-done').waitFor();
    await boothPage.context().close();
    for (const c of cards) for (const code of c.codes.slice(c === cards[0] ? 1 : 0, 4)) await booth.req('booth:cast', signedBallot({ code, evaluationId: 'ev-2026', group: c.group, candidates: refs, overall: refs.map((r) => (r === sitter ? 'excellent' : 'competent')), dimensions: true, recommend }));
    await expect.poll(() => panel.getByTestId('cast').allTextContents(), { timeout: 15_000 }).toEqual(['4', '4']);
    await scan(console_, 'console: voting');
    // The close: handed out 5 and 5; the others' sixth card is missing; the unused cards scanned.
    await panel.locator('input[name=handed-out-leaders]').fill('5');
    await panel.locator('input[name=handed-out-others]').fill('5');
    await panel.locator('textarea[name=unused-codes]').fill([...cards[0]!.codes.slice(4), cards[1]!.codes[4]!].join('\n'));
    // The missing card forgotten first: the refusal names the group and its figures, in Chinese, and
    // stays in sight at the top of the screen while the organiser is at the close's form below.
    await panel.locator('button[name=close-evaluation]').click();
    await console_.getByTestId('dialog').getByRole('button', { name: '结束投票并计票' }).click();
    await expect.poll(() => console_.getByTestId('organiser-error').textContent()).toMatch(/^与当前状态冲突：“[^”]+”组已用 4 \+ 未用 1 \+ 缺失 0，不等于制作的 6 张$/);
    expect(await console_.getByTestId('organiser-error').evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBe(0);
    await panel.locator('input[name=missing-others]').fill('1');
    await panel.locator('button[name=close-evaluation]').click();
    await console_.getByTestId('dialog').getByRole('button', { name: '结束投票并计票' }).click();
    await expect.poll(() => panel.getByTestId('evaluation-state').textContent()).toBe('已结束');
    expect(await panel.getByTestId('evaluation-valid').textContent()).toContain('测评有效');
    expect(await panel.getByTestId('evaluation-results').locator('tbody tr').count()).toBe(refs.length);
    expect(await panel.getByTestId('evaluation-results').locator('tbody tr').first().textContent()).toContain('80000.00%100.00%100.00');
    const row = panel.getByTestId('evaluation-results').locator('tbody tr').nth(refs.indexOf(sitter));
    expect(await row.textContent()).toContain('办公室副主任：8 · 100.00%');
    await scan(console_, 'console: evaluation counted');
    booth.close();
    deskSocket.close();
  });

  it('runs the interview day in Chromium: tablets admitted by fingerprint, the questions opened, both checked in, the draw from the day’s supervisor, three examiners score and sign', async () => {
    const tablets = await Promise.all(Array.from({ length: 5 }, () => page()));
    const [sup, esc, ...examiners] = tablets as [Page, Page, ...Page[]];
    // The server's clock is days ahead here (the registration period has run): the tablets keep its time,
    // as a venue's tablets keep the server's — a score sheet signed ten minutes off the server's clock is refused.
    for (const p of tablets) await p.context().clock.setSystemTime(Date.now() + offset);
    for (const p of tablets) await p.goto(`${t.url}/desk/#/tablet`);
    await desk.goto(`${t.url}/desk/`);
    await desk.click('[data-tab=devices]');
    const admit = async (p: Page, role: string, person: string, room: string | null) => {
      const fp = p.getByTestId('fingerprint');
      await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      await desk.fill('input[name=fingerprint]', (await fp.textContent())!);
      await desk.selectOption('select[name=role]', role);
      await desk.selectOption('select[name=day]', 'interview-1');
      if (room) await desk.selectOption('select[name=day-room]', room);
      await desk.fill('input[name=person]', person);
      await desk.click('form.admit button[type=submit]');
      await expect.poll(() => p.getByTestId('fingerprint').count()).toBe(0);
    };
    for (const [i, p] of examiners.entries()) await admit(p, 'examiner', `考官${'一二三'[i]}`, '第一面试室');
    await admit(sup, 'supervisor', '面试监督员', '第一面试室');
    await admit(esc, 'escort', '引导员', null);
    await desk.goto(`${t.url}/desk/#/interview`);
    await desk.locator('select').first().selectOption({ label: '2026 年中层干部竞争上岗面试' });
    for (const [i, who] of [[0, '组织部'], [1, '纪检']] as const) {
      await desk.fill('input[name=keyholder]', who);
      await desk.fill('textarea[name=share-code]', questions.shareCodes[i]!);
      await desk.click('form.share-entry button[type=submit]');
      if (i === 0) await expect.poll(() => desk.getByTestId('shares-entered').textContent()).toContain('1 / 2');
    }
    await desk.getByTestId('questions-open').waitFor();
    const tickets = (await t.server.ctx.db.selectFrom('interview_candidates').select('ticket').where('day_id', '=', 'interview-1').execute()).map((c) => c.ticket);
    for (const ticket of tickets) {
      const row = desk.locator(`tr[data-ticket="${ticket}"]`);
      await row.locator('input[name=phone]').check();
      await row.locator('button[name=check-in]').click();
      await expect.poll(() => row.textContent()).toContain('候考');
    }
    await desk.locator('input[name=draw-supervisor]').check();
    await desk.getByRole('button', { name: '开始抽签' }).click();
    await sup.getByRole('button', { name: '提交承诺（本机随机数）' }).click();
    await sup.getByRole('button', { name: '揭示随机数' }).click();
    await expect.poll(() => sup.getByTestId('draw-state').textContent()).toContain('抽签完成');
    for (let n = 1; n <= tickets.length; n++) {
      await esc.getByRole('button', { name: `叫号 抽签号 ${n}` }).click();
      await esc.getByRole('button', { name: '考生已进入面试室' }).click();
      for (const [i, ex] of examiners.entries()) {
        await expect.poll(() => ex.getByTestId('lot').textContent()).toBe(`抽签号 ${n}`);
        const inputs = ex.locator('table.rubric input');
        const count = await inputs.count();
        for (let k = 0; k < count; k++) {
          const max = Number(await inputs.nth(k).getAttribute('max'));
          await inputs.nth(k).fill(String(Math.floor(max * (0.7 + 0.05 * i) * 2) / 2));
        }
        await ex.getByRole('button', { name: '签名提交' }).click();
        await ex.getByTestId('mine').waitFor();
      }
      await esc.getByRole('button', { name: '考生已离开，送往候分室' }).click();
    }
    await desk.getByTestId('interview-results').waitFor();
    await expect.poll(() => desk.getByTestId('interview-results').locator('tbody tr').count()).toBe(tickets.length);
    await scan(desk, 'interview desk: the day’s results');
    for (const p of tablets) await p.context().close();
  });

  it('ranks 办公室副主任 once its three components are known, records the committee’s decision, publishes the notices, handles an objection, and the public page shows them', async () => {
    const names = new Map((await t.server.ctx.db.selectFrom('admissions').innerJoin('registrations', 'registrations.id', 'admissions.registration_id').select(['admissions.admission_no', 'registrations.form_json']).execute()).map((r) => [r.admission_no, (JSON.parse(r.form_json) as { name: string }).name]));
    const sat = names.get(sitter)!;
    const absent = [...names].find(([no]) => no !== sitter)![1];
    await console_.reload();
    const p1 = console_.locator('section[data-post=p1]');
    await p1.getByTestId('rules-fixed').waitFor();
    const outcomes = await p1.locator('[data-testid=ranking] tbody tr').evaluateAll((rows) => rows.map((r) => [r.children[2]!.textContent, r.getAttribute('data-outcome')]));
    expect(outcomes).toEqual(expect.arrayContaining([[sat, 'shortlisted'], [absent, 'missing']]));
    expect(await p1.getByTestId('ranking').textContent()).toContain('缺考');
    await scan(console_, 'console: rankings');
    const confirm = async () => {
      await console_.getByTestId('dialog').locator('button.primary, button.danger').click();
      await console_.getByTestId('dialog').waitFor({ state: 'detached' });
    };
    const d = console_.getByTestId('decision');
    await d.locator('input[name=meeting]').fill('2026 年第 12 次党组会议');
    await d.locator('button[name=decide]').click();
    await confirm();
    await d.getByTestId('decided').waitFor();
    expect(await d.getByTestId('decided').textContent()).toContain(`办公室副主任：拟任：${sat}`);
    await scan(console_, 'console: decision');
    const n = console_.getByTestId('notice-section');
    const calendar = await t.server.ctx.db.selectFrom('audit_log').select('at').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    const year = new Date(calendar.at + 8 * HOUR).getUTCFullYear();
    await enterMissingCalendars(n, year, confirm);
    for (const kind of ['ranking', 'appointees']) {
      await n.locator('select[name=notice-kind]').selectOption(kind);
      await n.locator('button[name=publish]').click();
      await confirm();
      await n.locator(`[data-testid=notices] tr[data-kind=${kind}]`).waitFor();
    }
    // An anonymous objection about the appointee, found unfounded after review.
    const form = n.getByTestId('objection-form');
    await form.locator('select[name=objection-notice]').selectOption({ label: '拟任人选公示' });
    await form.locator('select[name=objection-about]').selectOption({ label: sat });
    await form.locator('input[name=objector]').nth(1).check();
    await form.locator('textarea[name=objection-text]').fill(`反映${sat}的任职年限计算有误。`);
    await form.locator('button[name=record-objection]').click();
    await confirm();
    const row = n.getByTestId('objections').locator('tbody tr').first();
    await row.waitFor();
    await row.locator('button[name=handle-unfounded]').click();
    await console_.getByTestId('dialog').locator('input[name=dialog-reason]').fill('经核对人事档案，任职年限计算无误');
    await confirm();
    await expect.poll(() => row.textContent()).toContain('经核对人事档案，任职年限计算无误');
    await scan(console_, 'console: notices and objection');
    // The notice has run: the appointment is made final.
    const st = (await t.server.ctx.db.selectFrom('notices').select(['id', 'kind', 'ends_at']).execute()).find((x) => x.kind === 'appointees')!;
    offset = st.ends_at + 60_000 - Date.now();
    await console_.reload();
    await console_.getByTestId('notice-section').locator('button[name=finalise]:not([disabled])').click();
    await confirm();
    await expect.poll(() => console_.getByTestId('notice-section').getByTestId('appointments').textContent()).toContain('任用已确认');
    // The public page, in a context that never signed in: the appointee, not the objection.
    const pub = await page();
    await pub.goto(`${t.url}/notice/`);
    await pub.locator(`a[href="/notice/${st.id}"]`).click();
    await pub.locator('h1').waitFor();
    const text = (await pub.textContent('body'))!;
    expect(text).toContain('拟任人选公示');
    expect(text).toContain(sat);
    expect(text).not.toContain('任职年限计算有误');
    // (The public page has English beside the Chinese by design: it is not scanned for English.)
    await pub.context().close();
  });

  it('exports the bundle from the console as a file whose hash is the one shown, and which verifies', async () => {
    const download = console_.waitForEvent('download');
    await console_.click('button[name=export-bundle]');
    const file = join(dir, 'bundle.json');
    await (await download).saveAs(file);
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
    const shown = await console_.getByTestId('bundle-exported').locator('code').textContent();
    expect(bundleHash(bundle.body)).toBe(shown);
    expect((await verifyBundle(bundle)).ok).toBe(true);
    await scan(console_, 'console: bundle exported');
  });

  it('shows no English on any of these Chinese screens, and names every control', () => {
    expect(scanned.size).toBe(33);
    expect(Object.fromEntries([...scanned].filter(([, words]) => words.length > 0))).toEqual({});
    expect(Object.fromEntries([...unnamed].filter(([, c]) => c.length > 0))).toEqual({});
  });
});
