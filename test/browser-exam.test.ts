import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectDesk } from './support/clients';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';
import { builtApps } from './support/apps';
import { latinWordsOn } from './support/no-english';
import { unnamedControlsOn } from './support/accessible-names';

describe('in Chromium: the desk and a kiosk run a written exam', () => {
  let t: TestServer;
  let browser: Browser;
  let desk: Page;
  let kiosk: Page;
  /**
   * Every Chinese screen met on the way is scanned for English (support/no-english.ts) and for
   * controls a screen reader could not name (support/accessible-names.ts); the last test reads the result.
   */
  const scanned = new Map<string, string[]>();
  const unnamed = new Map<string, string[]>();
  const scan = async (page: Page, where: string) => (scanned.set(where, await latinWordsOn(page)), unnamed.set(where, await unnamedControlsOn(page)));

  beforeAll(async () => {
    t = await startTestServer({ startInMinutes: 30, server: { apps: builtApps() } });
    browser = await launchChromium();
    desk = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    kiosk = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    desk.setDefaultTimeout(10_000);
    kiosk.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the desk signs in with the access code', async () => {
    await desk.goto(`${t.url}/desk/`);
    await desk.fill('input[name=desk-code]', t.server.ctx.deskCode);
    await desk.click('button[type=submit]');
    await desk.getByText('演示笔试').first().waitFor();
    expect(await desk.getByTestId('session-state').textContent()).toBe('未开考');
    await scan(desk, 'desk: the sessions');
  });

  it('a kiosk shows its fingerprint, and the desk admits it to seat 02 by typing it', async () => {
    await kiosk.goto(`${t.url}/kiosk/`);
    const fp = kiosk.getByTestId('fingerprint');
    await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await expect.poll(() => kiosk.getByText('私钥不可导出').count()).toBe(1);
    const fingerprint = (await fp.textContent())!;
    await desk.click('[data-tab=devices]');
    await expect.poll(() => desk.getByTestId('pending-count').textContent()).toContain('考生机 1');
    // The desk never shows a waiting device's fingerprint: it must be read off the kiosk.
    expect(await desk.locator('.devices').textContent()).not.toContain(fingerprint);
    await scan(kiosk, 'kiosk: waiting for admission');
    await scan(desk, 'desk: devices');
    await desk.fill('input[name=fingerprint]', fingerprint.toLowerCase().replace(/-/g, ' '));
    await desk.locator('select[name=seat]').selectOption('02');
    await desk.click('form.admit button[type=submit]');
    await kiosk.locator('input[name=ticket]').waitFor();
  });

  it('the candidate signs in at their own seat and waits with the sealed paper ready', async () => {
    await kiosk.fill('input[name=ticket]', '2026001');
    await kiosk.click('button[type=submit]');
    await expect.poll(() => kiosk.getByTestId('error').textContent()).toContain('请到本人座位登录');
    await kiosk.fill('input[name=ticket]', '2026002');
    await kiosk.click('button[type=submit]');
    await kiosk.getByText('等待开考').waitFor();
    await kiosk.getByText('密封试卷已就绪').waitFor();
    await scan(kiosk, 'kiosk: waiting for the start');
  });

  it('two keyholders enter shares, the invigilator starts, the kiosk opens the paper', async () => {
    await desk.click('[data-tab=opening]');
    // A mistyped share is refused at once, in the desk's language.
    const typo = t.demo.paperShares[0]!.replace(/^(.{10})./, (_m, p: string) => p + (t.demo.paperShares[0]![10] === 'A' ? 'B' : 'A'));
    await desk.fill('input[name=keyholder]', '监考员');
    await desk.fill('textarea[name=share-code]', typo);
    await desk.click('form.share-entry button[type=submit]');
    await expect.poll(() => desk.getByTestId('desk-message').textContent()).toContain('分片码第 3 组有字符输错');
    await scan(desk, 'desk: opening, a mistyped share');
    for (const [i, who] of [[0, '监考员'], [2, '纪检监督员']] as const) {
      await desk.fill('input[name=keyholder]', who);
      await desk.fill('textarea[name=share-code]', t.demo.paperShares[i]!);
      await desk.click('form.share-entry button[type=submit]');
      await expect.poll(() => desk.getByTestId('shares-entered').textContent()).toContain(`${i === 0 ? 1 : 2} / 2`);
    }
    // The start signal cannot be undone: it asks first, and cancelling changes nothing.
    const dialog = desk.getByTestId('dialog');
    await desk.click('form.start button[type=submit]');
    await expect.poll(() => dialog.locator('h3').textContent()).toBe('现在发出开考信号？');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await desk.getByTestId('session-state').textContent()).toBe('未开考');
    // Before the scheduled time the dialog asks for the reason and says why it cannot go on without one.
    await desk.click('form.start button[type=submit]');
    const confirmStart = dialog.getByRole('button', { name: '发出开考信号（启封）' });
    expect(await confirmStart.isDisabled()).toBe(true);
    expect(await dialog.getByTestId('reason-missing').textContent()).toContain('请填写原因');
    await scan(desk, 'desk: the start dialog');
    await dialog.locator('input[name=dialog-reason]').fill('早');
    expect(await confirmStart.isDisabled()).toBe(true);
    await dialog.locator('input[name=dialog-reason]').fill('浏览器测试提前开考');
    expect(await dialog.getByTestId('reason-missing').count()).toBe(0);
    await confirmStart.click();
    await expect.poll(() => desk.getByTestId('session-state').textContent()).toBe('考试中');
    await kiosk.getByText('演示试卷 · 中层干部竞争上岗笔试（示例）').waitFor();
    expect(await kiosk.locator('article.question').count()).toBe(7);
    // The clock is the server's and it runs: 30 minutes, counting down without a reload.
    const first = await kiosk.getByTestId('time-left').textContent();
    // Written out with its units, so that it cannot be read as a time of day.
    expect(first).toMatch(/^剩余时间 (29 分 5\d 秒|30 分 00 秒)$/);
    await expect.poll(() => kiosk.getByTestId('time-left').textContent(), { timeout: 4000 }).not.toBe(first);
    await scan(kiosk, 'kiosk: the paper');
    await scan(desk, 'desk: opening, running');
  });

  it('answers are saved, survive a reload, and the seat map shows progress', async () => {
    await kiosk.locator('article[data-question=q1] label', { hasText: '严格保密' }).click();
    await kiosk.locator('article[data-question=q4] button', { hasText: '错误' }).click();
    await kiosk.locator('article[data-question=q7] textarea').fill('结合岗位职责，我的工作思路是……𠮷');
    await expect.poll(() => kiosk.getByTestId('save-state').textContent(), { timeout: 10_000 }).toContain('已保存');
    await kiosk.reload();
    await kiosk.locator('article[data-question=q7] textarea').waitFor();
    expect(await kiosk.locator('article[data-question=q7] textarea').inputValue()).toBe('结合岗位职责，我的工作思路是……𠮷');
    expect(await kiosk.locator('article[data-question=q1] input').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).checked).length)).toBe(1);
    // Leaving the window is reported to the desk as an incident.
    await kiosk.evaluate(() => window.dispatchEvent(new Event('blur')));
    expect(await kiosk.evaluate(() => document.dispatchEvent(new Event('contextmenu', { cancelable: true })))).toBe(false);
    expect(await kiosk.evaluate(() => document.dispatchEvent(new Event('copy', { cancelable: true })))).toBe(false);
    await desk.click('[data-tab=incidents]');
    await desk.getByText('离开考试窗口').first().waitFor();
    await desk.getByText('页面重新载入').first().waitFor();
    expect(await desk.getByTestId('incidents').locator('th').allTextContents()).toEqual(['时间', '座位', '准考证号', '情况', '说明']);
    await scan(desk, 'desk: incidents');
    await desk.click('[data-tab=seats]');
    await expect.poll(() => desk.locator('[data-seat="02"]').getAttribute('data-state'), { timeout: 10_000 }).toBe('answering');
    await expect.poll(() => desk.locator('[data-seat="02"]').textContent(), { timeout: 10_000 }).toContain('已答 3/7');
    await scan(desk, 'desk: seats');
  });

  it('the candidate hands in and gets a signed receipt; the desk closes the exam', async () => {
    await kiosk.locator('nav.qnav button.submit').click();
    await kiosk.getByText('尚有未答题目').waitFor();
    await scan(kiosk, 'kiosk: the hand-in dialog');
    await kiosk.locator('.dialog button.submit').click();
    await kiosk.getByTestId('receipt').waitFor();
    expect(await kiosk.getByTestId('receipt').textContent()).toContain('作答题数: 3');
    await scan(kiosk, 'kiosk: the receipt');
    await desk.click('[data-tab=opening]');
    await desk.getByRole('button', { name: '收卷（结束考试）' }).click();
    await desk.getByTestId('dialog').getByRole('button', { name: '收卷（结束考试）' }).click();
    await expect.poll(() => desk.getByTestId('session-state').textContent()).toBe('已收卷');
    await scan(desk, 'desk: closed');
  });

  it('the marking page says what it is before it is admitted, and then how many scripts are left', async () => {
    const answerKey = t.demo.answerKeyShares;
    await t.server.ctx.answers.drain();
    const marker = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    marker.setDefaultTimeout(10_000);
    await marker.goto(`${t.url}/desk/#/marking`);
    await expect.poll(() => marker.locator('h1').textContent()).toBe('阅卷');
    expect(await marker.locator('.card').textContent()).toContain('请监考台核对指纹并登记本机为阅卷设备');
    await expect.poll(() => marker.locator('.card').textContent()).toContain('私钥不可导出');
    await expect.poll(async () => (await marker.getByTestId('fingerprint').textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await scan(marker, 'marking: before admission');
    const fingerprint = (await marker.getByTestId('fingerprint').textContent())!;
    const deskDevice = await connectDesk(t.url, t.server.ctx.deskCode);
    try {
      for (const code of answerKey.slice(0, 2)) await deskDevice.req('desk:enter-share', { sessionId: 'demo', target: 'answer-key', code, keyholder: 'k' });
      await deskDevice.req('desk:admit', { role: 'marker', fingerprint });
    } finally {
      deskDevice.close();
    }
    await marker.locator('select[name=session-id]').selectOption('demo');
    await marker.locator('.marking form button[type=submit]').click();
    await expect.poll(() => marker.getByTestId('remaining').textContent()).toMatch(/^尚余 (\d+) 份待评（共 \1 份）$/);
    await scan(marker, 'marking: a script');
    // The marker is the spouse of a candidate who sat: declared from the list of names, after a confirmation; the scripts leave the queue, unnamed.
    const total = Number(/共 (\d+) 份/.exec((await marker.getByTestId('remaining').textContent())!)![1]);
    const zhang = await t.server.ctx.db.selectFrom('script_codes').innerJoin('candidates', (j) => j.onRef('candidates.ticket', '=', 'script_codes.ticket').onRef('candidates.session_id', '=', 'script_codes.session_id')).select(['script_codes.code', 'candidates.name']).where('script_codes.session_id', '=', 'demo').orderBy('script_codes.code').executeTakeFirstOrThrow();
    const hisScripts = await marker.locator(`[data-script^="${zhang.code}/"]`).count();
    expect(hisScripts).toBeGreaterThan(0);
    const recusal = marker.getByTestId('recusal');
    await recusal.locator('summary').click();
    await scan(marker, 'marking: declare a relation');
    await recusal.locator(`li[data-name="${zhang.name}"] button[name=declare]`).click();
    expect(await marker.getByTestId('dialog').textContent()).toContain(`申报与 ${zhang.name} 的夫妻关系`);
    await marker.getByTestId('dialog').getByRole('button', { name: '签名申报' }).click();
    await expect.poll(() => recusal.locator(`li[data-name="${zhang.name}"]`).textContent()).toContain('已申报回避');
    await expect.poll(() => marker.getByTestId('remaining').textContent()).toMatch(new RegExp(`(共|全部) ${total - hisScripts} 份`));
    expect(await marker.locator(`[data-script^="${zhang.code}/"]`).count()).toBe(0);
  });

  it('shows no English on any of its Chinese screens (outside codes and format names), and names every control', async () => {
    await desk.click('[data-tab=results]');
    await desk.getByTestId('results').waitFor();
    await scan(desk, 'desk: results');
    expect(scanned.size).toBe(17);
    expect(Object.fromEntries([...scanned].filter(([, words]) => words.length > 0))).toEqual({});
    // And every form control has a name a screen reader can say; radio buttons are in named groups.
    expect(Object.fromEntries([...unnamed].filter(([, controls]) => controls.length > 0))).toEqual({});
    // The scan itself sees English where there is some: the same desk in English.
    await desk.evaluate(() => localStorage.setItem('lang', 'en'));
    await desk.reload();
    await desk.click('[data-tab=results]');
    await desk.getByTestId('results').waitFor();
    expect((await latinWordsOn(desk)).length).toBeGreaterThan(10);
    await desk.evaluate(() => localStorage.setItem('lang', 'zh'));
  });
});
