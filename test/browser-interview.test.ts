import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { panelScore } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';
import { builtApps } from './support/apps';
import { latinWordsOn } from './support/no-english';
import { unnamedControlsOn } from './support/accessible-names';

/** A whole interview day in Chromium: five examiner tablets, a supervisor, an escort, four candidates. */
describe('in Chromium: an interview day from check-in to the day’s results', () => {
  let t: TestServer;
  let browser: Browser;
  let desk: Page;
  const examiners: Page[] = [];
  let supervisor: Page;
  let escort: Page;
  const ROOM = '面试室A';
  /**
   * Every Chinese screen met on the way is scanned for English (support/no-english.ts) and for
   * controls a screen reader could not name (support/accessible-names.ts); the last test reads the result.
   */
  const scanned = new Map<string, string[]>();
  const unnamed = new Map<string, string[]>();
  const scan = async (p: Page, where: string) => (scanned.set(where, await latinWordsOn(p)), unnamed.set(where, await unnamedControlsOn(p)));

  const page = async () => {
    const p = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    p.setDefaultTimeout(15_000);
    return p;
  };
  const fingerprintOf = async (p: Page) => {
    const fp = p.getByTestId('fingerprint');
    await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    return (await fp.textContent())!;
  };
  const admit = async (p: Page, role: string, person: string, room?: string) => {
    const fp = await fingerprintOf(p);
    expect(await p.getByTestId('build-hash').textContent()).toMatch(/^[0-9a-f]{16}$/);
    await desk.fill('input[name=fingerprint]', fp);
    await desk.selectOption('select[name=role]', role);
    if (room) await desk.selectOption('select[name=day-room]', room);
    await desk.fill('input[name=person]', person);
    await desk.click('form.admit button[type=submit]');
    await expect.poll(() => desk.locator('.devices').textContent()).toContain(fp);
  };

  beforeAll(async () => {
    t = await startTestServer({ server: { apps: builtApps() } });
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
  });

  it('the key ceremony: five examiners, a supervisor and an escort admitted by fingerprint', async () => {
    for (let i = 0; i < 5; i++) examiners.push(await page());
    supervisor = await page();
    escort = await page();
    for (const p of [...examiners, supervisor, escort]) await p.goto(`${t.url}/desk/#/tablet`);
    await fingerprintOf(examiners[0]!);
    await scan(examiners[0]!, 'tablet: before admission');
    await desk.click('[data-tab=devices]');
    for (const [i, p] of examiners.entries()) await admit(p, 'examiner', `考官${'一二三四五'[i]}`, ROOM);
    await admit(supervisor, 'supervisor', '纪检监督员', ROOM);
    await examiners[0]!.getByText('题本尚未启封').waitFor();
    await scan(desk, 'desk: devices of the day');
    await scan(examiners[0]!, 'examiner: questions sealed');
    // A tablet can be admitted from the interview page too, for the day the page shows.
    await desk.goto(`${t.url}/desk/#/interview`);
    const form = desk.locator('section.devices form.admit');
    const fp = await fingerprintOf(escort);
    await form.locator('input[name=fingerprint]').fill(fp);
    expect(await form.locator('select[name=role] option').allTextContents()).toEqual(['考官', '监督员', '引导员', '考生代表（参与抽签）']);
    await form.locator('select[name=role]').selectOption('escort');
    await form.locator('input[name=person]').fill('引导员');
    await scan(desk, 'interview desk: admitting a tablet');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => escort.getByTestId('fingerprint').count()).toBe(0);
    const row = (await t.server.ctx.devices.all()).find((d) => d.fingerprint === fp)!;
    expect([row.role, row.day_id, row.person]).toEqual(['escort', t.interview.dayId, '引导员']);
  });

  it('the questions are opened by two keyholders; candidates check in, phones handed in', async () => {
    await desk.goto(`${t.url}/desk/#/interview`);
    for (const [i, who] of [[0, '组织部'], [1, '纪检']] as const) {
      await desk.fill('input[name=keyholder]', who);
      await desk.fill('textarea[name=share-code]', t.interview.questionShares[i]!);
      await desk.click('form.share-entry button[type=submit]');
      if (i === 0) await expect.poll(() => desk.getByTestId('shares-entered').textContent()).toContain('1 / 2');
    }
    await desk.getByTestId('questions-open').waitFor();
    // Recording an absence asks for the reason in a real dialog, which says what is missing; cancelling changes nothing.
    const first = desk.locator(`tr[data-ticket="${t.interview.tickets[0]}"]`);
    await first.getByRole('button', { name: '缺考' }).click();
    const dialog = desk.getByTestId('dialog');
    expect(await dialog.locator('h3').textContent()).toMatch(/^登记 .+ 缺考？$/);
    expect(await dialog.getByRole('button', { name: '缺考' }).isDisabled()).toBe(true);
    expect(await dialog.getByTestId('reason-missing').textContent()).toContain('请填写原因');
    await scan(desk, 'interview desk: the absence dialog');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await first.textContent()).toContain('未签到');
    for (const ticket of t.interview.tickets) {
      const row = desk.locator(`tr[data-ticket="${ticket}"]`);
      await row.locator('input[name=phone]').check();
      await row.locator('button[name=check-in]').click();
      await expect.poll(() => row.textContent()).toContain('候考');
    }
    await scan(desk, 'interview desk: checked in');
  });

  it('the draw: the supervisor commits and reveals from their own tablet; the lot screen shows the lots', async () => {
    await desk.locator('input[name=draw-supervisor]').check();
    await desk.getByRole('button', { name: '开始抽签' }).click();
    await supervisor.getByRole('button', { name: '提交承诺（本机随机数）' }).click();
    await supervisor.getByRole('button', { name: '揭示随机数' }).click();
    await expect.poll(() => supervisor.getByTestId('draw-state').textContent()).toContain('抽签完成');
    // The end of the draw is a checkpoint: the supervisor cosigns it from this tablet, which keeps a copy.
    const cp = supervisor.getByTestId('checkpoints');
    // The phase is signed as written ("…: lots drawn") and shown in the screen's language.
    await expect.poll(() => cp.textContent()).toContain('：抽签完成');
    expect(await cp.textContent()).not.toContain('lots drawn');
    await cp.getByRole('button', { name: '会签' }).first().click();
    await expect.poll(() => cp.textContent()).toContain('已会签');
    await expect.poll(() => supervisor.getByRole('button', { name: /保存本机留存的检查点文件 \(1\)/ }).count()).toBe(1);
    await scan(supervisor, 'supervisor: the draw done, a checkpoint cosigned');
    await scan(desk, 'interview desk: the draw done');
    const screen = await page();
    // The lot screen is a desk page: a second desk device, admitted with the access code on the desk page.
    await screen.goto(`${t.url}/desk/`);
    await screen.fill('input[name=desk-code]', t.server.ctx.deskCode);
    await screen.click('button[type=submit]');
    await screen.getByTestId('session-state').waitFor();
    await screen.goto(`${t.url}/desk/#/lot`);
    await expect.poll(() => screen.getByTestId('lots').locator('tr').count()).toBe(4);
    // A display for the holding room: none of the desk's navigation, nothing to press.
    expect(await screen.locator('header.topbar, a, button').count()).toBe(0);
    await scan(screen, 'lot screen');
  });

  it('four interviews: the escort calls by lot number, five examiners score and sign, the panel’s result appears', async () => {
    const expected: number[] = [];
    // Before the first call the draw may still be voided (with a confirmation); from then on the lots stand.
    await desk.getByRole('button', { name: '作废重抽' }).click();
    expect(await desk.getByTestId('dialog').locator('h3').textContent()).toBe('作废本次抽签并重新抽签？');
    await desk.getByTestId('dialog').getByRole('button', { name: '取消' }).click();
    // Before any candidate is in the room, the fifth examiner declares, by name from the day's list,
    // a relation to the candidate who (unknown to them) drew lot 3: signed, after a confirmation.
    const third = await t.server.ctx.db.selectFrom('interview_candidates').select(['name', 'ticket']).where('day_id', '=', t.interview.dayId).where('lot', '=', 3).executeTakeFirstOrThrow();
    const fifth = examiners[4]!;
    await fifth.getByTestId('recusal').locator('summary').click();
    const item = fifth.getByTestId('recusal').locator(`li[data-name="${third.name}"]`);
    await item.getByRole('combobox').selectOption('in-law');
    await item.getByRole('button', { name: '申报' }).click();
    expect(await fifth.getByTestId('dialog').locator('h3').textContent()).toBe(`申报与 ${third.name} 的近姻亲关系？`);
    await scan(fifth, 'examiner: declaring a relation by name');
    await fifth.getByTestId('dialog').getByRole('button', { name: '签名申报' }).click();
    await expect.poll(() => item.textContent()).toContain('已申报回避');
    for (let n = 1; n <= 4; n++) {
      await escort.getByRole('button', { name: `叫号 抽签号 ${n}` }).click();
      if (n === 4) {
        // A called candidate who does not come is recorded as absent, with a reason, in a dialog.
        await escort.getByRole('button', { name: '未到场（缺考）' }).click();
        expect(await escort.getByTestId('dialog').locator('h3').textContent()).toBe('抽签号 4 叫号后未到场，登记为缺考？');
        await scan(escort, 'escort: the no-show dialog');
        await escort.getByTestId('dialog').getByRole('button', { name: '取消' }).click();
      }
      await escort.getByRole('button', { name: '考生已进入面试室' }).click();
      for (const [i, ex] of examiners.entries()) {
        await expect.poll(() => ex.getByTestId('lot').textContent()).toBe(`抽签号 ${n}`);
        if (n === 1 && i === 0) {
          // A recusal is signed and cannot be undone: a dialog asks for the reason first.
          await ex.getByRole('button', { name: '申请回避' }).click();
          const d = ex.getByTestId('dialog');
          expect(await d.locator('h3').textContent()).toBe('申请回避该考生？');
          expect(await d.getByRole('button', { name: '申请回避' }).isDisabled()).toBe(true);
          await d.getByRole('button', { name: '取消' }).click();
          await expect.poll(() => d.count()).toBe(0);
        }
        const text = await ex.locator('.examiner').textContent();
        for (const name of ['张伟', '王芳', '李娜', '𠮷田']) expect(text).not.toContain(name);
        if (n === 3 && i === 4) {
          // The candidate it declared a relation to: the rubric locked, no sign button, the conflict instead.
          await ex.getByTestId('recused').waitFor();
          expect(await ex.locator('table.rubric input').evaluateAll((els) => els.every((e) => (e as HTMLInputElement).disabled))).toBe(true);
          expect(await ex.getByRole('button', { name: '签名提交' }).count()).toBe(0);
          await scan(ex, 'examiner: a candidate it declared a relation to');
          await ex.getByTestId('recused').getByRole('button', { name: '申请回避' }).click();
          await ex.getByTestId('dialog').locator('input[name=dialog-reason]').fill('与该考生系近姻亲关系');
          await ex.getByTestId('dialog').getByRole('button', { name: '申请回避' }).click();
          await expect.poll(() => ex.locator('.examiner').textContent()).toContain('已申请回避');
          continue;
        }
        const inputs = ex.locator('table.rubric input');
        const count = await inputs.count();
        if (n === 1 && i === 0) {
          // The sign button says why it is not active yet: items unscored, a score off the rubric's steps.
          expect(await ex.getByRole('button', { name: '签名提交' }).isDisabled()).toBe(true);
          expect(await ex.getByTestId('sign-blocked').textContent()).toContain(`还有 ${count} 项未打分`);
          await inputs.nth(0).fill('12.3');
          await expect.poll(() => ex.getByTestId('sign-blocked').textContent()).toContain('分数须是 0.5 分的整数倍');
          await scan(ex, 'examiner: scoring, the sign button blocked');
          expect(await ex.locator('table.rubric').first().textContent()).toContain('满分 20 分，以 0.5 分为单位');
        }
        for (let k = 0; k < count; k++) {
          const max = Number(await inputs.nth(k).getAttribute('max'));
          await inputs.nth(k).fill(String(Math.floor(max * (0.6 + 0.05 * i + 0.02 * n) * 2) / 2));
        }
        await expect.poll(() => ex.getByTestId('preview').textContent()).toContain('"lot":' + n);
        // What will be signed reads as a table in points; the canonical JSON is behind a toggle.
        expect(await ex.getByTestId('to-sign').locator('table').textContent()).toContain('综合分析能力');
        expect(await ex.getByTestId('preview').isVisible()).toBe(false);
        expect(await ex.getByTestId('sign-blocked').count()).toBe(0);
        await ex.getByRole('button', { name: '签名提交' }).click();
        await ex.getByTestId('mine').waitFor();
        if (n === 1 && i === 0) await scan(ex, 'examiner: signed');
      }
      // The recused examiner's conflict leaves four sheets for lot 3.
      const totals = await Promise.all(examiners.filter((_, i) => !(n === 3 && i === 4)).map(async (ex) => Math.round(Number((await ex.getByTestId('mine').textContent())!.match(/已签名 ([\d.]+)/)![1]) * 100)));
      expected.push(panelScore(totals).score);
      await expect.poll(() => examiners[0]!.getByTestId('panel').textContent()).toContain(`本考生面试成绩 ${(expected[n - 1]! / 100).toFixed(2)}`);
      if (n === 1) {
        await scan(examiners[0]!, 'examiner: the panel’s result');
        await scan(supervisor, 'supervisor: an interview scored');
        await scan(escort, 'escort: in the room');
      }
      await escort.getByRole('button', { name: '考生已离开，送往候分室' }).click();
    }
    await desk.goto(`${t.url}/desk/#/interview`);
    await desk.getByTestId('interview-results').waitFor();
    expect(await desk.getByRole('button', { name: '作废重抽' }).count()).toBe(0);
    const table = desk.getByTestId('interview-results');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    const text = await table.textContent();
    for (const score of expected) expect(text).toContain((score / 100).toFixed(2));
    expect(text).toContain('𠮷田');
    await scan(desk, 'interview desk: the day’s results');
  });

  it('shows no English on any of its Chinese screens (outside codes and format names), and names every control', async () => {
    expect(scanned.size).toBe(18);
    expect(Object.fromEntries([...scanned].filter(([, words]) => words.length > 0))).toEqual({});
    // And every form control has a name a screen reader can say; radio buttons are in named groups.
    expect(Object.fromEntries([...unnamed].filter(([, controls]) => controls.length > 0))).toEqual({});
  });
});
