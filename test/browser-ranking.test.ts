// In Chromium: the end of a selection on the organiser's console — each post's rules set before its
// components begin, the rankings, the committee's decision, the notices with an objection registered
// and handled, the calendar of a year not shipped, the appointments made final — and the public
// notice read without login. The components themselves (written exam, evaluation, interview) run over
// real sockets here; each has its own Chromium test (browser-exam, browser-booth, browser-interview).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { beijingDay, verifyBundle, type Bundle } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';
import { rankingConsole } from './support/organiser-console';
import { enterMissingCalendars } from './support/notice-console';
import { builtApps } from './support/apps';
import { connectDesk, type Device } from './support/clients';
import { admitted } from './support/selection-flow';
import { SELECTION, rankedSelection, type RankedSelection } from './support/ranking-flow';
import { latinWordsOn } from './support/no-english';
import { unnamedControlsOn } from './support/accessible-names';

describe('in Chromium: rankings, the committee’s decision and public notice on the console', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let desk: Device;
  let org: Device;
  let flow: RankedSelection;
  let offset = 0;
  const now = () => Date.now() + offset;
  const devices: Device[] = [];
  const scanned = new Map<string, string[]>();
  const unnamed = new Map<string, string[]>();
  const scan = async (p: Page, where: string) => (scanned.set(where, await latinWordsOn(p)), unnamed.set(where, await unnamedControlsOn(p)));
  const confirm = async () => {
    await page.getByTestId('dialog').locator('button.primary, button.danger').click();
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
  };

  beforeAll(async () => {
    t = await startTestServer({ server: { apps: builtApps(), now } });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
    devices.push(desk, org);
    flow = await rankedSelection({ url: t.url, desk, org, now, setNow: (at) => (offset = at - Date.now()), devices, stopBefore: 'written', rulesElsewhere: true });
    browser = await launchChromium();
    page = await rankingConsole(browser, t.url, desk, SELECTION);
  }, 120_000);
  afterAll(async () => {
    for (const d of devices) d.close();
    await browser?.close();
    await t?.close();
  });

  it('sets each post’s rules from the presets before anything begins, and says they may still change', async () => {
    const section = page.getByTestId('ranking-section');
    for (const post of ['p1', 'p2']) {
      const p = section.locator(`section[data-post=${post}]`);
      await p.locator('button[name=set-rules]').click();
      const form = p.getByTestId('rules-form');
      // The preset (002): the post's paper, the day and the evaluation, 3 : 3 : 4; 001's bars with the reading stated.
      expect(await form.locator('input[type=checkbox][name^=use-]:checked').count()).toBe(3);
      expect(await form.textContent()).toContain('按得票率要求的对应关系');
      await form.locator('button[name=preset-004]').click();
      if (post === 'p2') await form.locator('select[name=ties]').selectOption('tie-break');
      await scan(page, `rules form ${post}`);
      await form.locator('button[name=save-rules]').click();
      await scan(page, `rules dialog ${post}`);
      await confirm();
      await p.getByTestId('rules').waitFor();
      expect(await p.getByTestId('rules').textContent()).toContain('30');
    }
    expect(await section.textContent()).toContain('规则尚可修改');
    const logged = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'ranking.rules-set').execute();
    expect(logged.map((e) => (JSON.parse(e.payload_json) as { rules: { ties: string; components: Array<{ weight: number }> } }).rules).map((r) => [r.ties, r.components.map((c) => c.weight).join(':')])).toEqual([
      ['all', '30:30:40'],
      ['tie-break', '30:30:40'],
    ]);
  });

  it('shows the rules fixed once the written exam starts, and the rankings once every component is known', async () => {
    // A reload keeps the selection being worked on — not the first in the list, where the next click would act.
    await org.req('organiser:create-selection', { id: 'sel-other', title: '另一次竞争上岗', registrationOpens: now() + 10 * 86_400_000, registrationCloses: now() + 11 * 86_400_000, steps: ['written'] });
    await page.reload();
    const select = page.locator('header select');
    await expect.poll(() => select.locator('option').count()).toBe(2);
    expect(await select.locator('option').first().getAttribute('value')).toBe(SELECTION);
    await select.selectOption('sel-other');
    await page.reload();
    await expect.poll(() => select.locator('option').count()).toBe(2);
    expect(await select.inputValue()).toBe('sel-other');
    await select.selectOption(SELECTION);
    await flow.runUntil('notices');
    await page.reload();
    await expect.poll(() => select.locator('option').count()).toBe(2);
    expect(await select.inputValue()).toBe(SELECTION);
    const p1 = page.locator('section[data-post=p1]');
    await p1.getByTestId('rules-fixed').waitFor();
    expect(await p1.getByTestId('rules-fixed').textContent()).toMatch(/^规则已固定：笔试（甲卷）已于第 \d+ 条日志开始/);
    expect(await p1.locator('button[name=edit-rules]').count()).toBe(0);
    const outcomes = await p1.locator('[data-testid=ranking] tbody tr').evaluateAll((rows) => rows.map((r) => [r.children[2]!.textContent, r.getAttribute('data-outcome')]));
    expect(outcomes).toEqual(expect.arrayContaining([['甲一', 'shortlisted'], ['乙二', 'shortlisted'], ['丁四', 'dissatisfied'], ['戊五', 'missing']]));
    expect(await p1.getByTestId('ranking').textContent()).toContain('缺考');
    await scan(page, 'rankings');
  });

  it('records the committee’s decision: 乙二, first on both lists, goes to p2 as registered; p1 takes 甲一', async () => {
    const d = page.getByTestId('decision');
    await d.locator('input[name=meeting]').fill('2026 年第 12 次党组会议');
    // Put 乙二 first on p1's list.
    const p1 = d.locator('fieldset[data-post=p1]');
    if ((await p1.locator('li').first().getAttribute('data-person')) !== '乙二') await p1.locator('li[data-person=乙二] button[name=up]').click();
    const p2 = d.locator('fieldset[data-post=p2]');
    if ((await p2.locator('li').first().getAttribute('data-person')) !== '乙二') await p2.locator('li[data-person=乙二] button[name=up]').click();
    // A probation of 0 months (or 37) is said so and not sent — never quietly made 1.
    const probation = d.locator('input[name=probation]');
    for (const bad of ['0', '37']) {
      await probation.fill(bad);
      expect(await d.getByTestId('probation-bad').textContent()).toBe('试用期应为 1–36 之间的整数月数');
      expect(await d.locator('button[name=decide]').isDisabled()).toBe(true);
    }
    await probation.fill('6');
    expect(await d.getByTestId('probation-bad').count()).toBe(0);
    await d.locator('button[name=decide]').click();
    await scan(page, 'decision dialog');
    await confirm();
    await d.getByTestId('decided').waitFor();
    const text = await d.getByTestId('decided').textContent();
    expect(text).toContain('办公室副主任：拟任：甲一');
    expect(text).toContain('服务科副科长：拟任：乙二');
    expect(text).toContain('试用期 6 个月');
    await scan(page, 'decision recorded');
  });

  it('enters a year’s calendar not shipped, publishes the ranking and the appointees, registers an objection and handles it', async () => {
    const n = page.getByTestId('notice-section');
    const year = Number(beijingDay(now()).slice(0, 4));
    await enterMissingCalendars(n, year, confirm);
    for (const kind of ['ranking', 'appointees']) {
      await n.locator('select[name=notice-kind]').selectOption(kind);
      await n.locator('button[name=publish]').click();
      await scan(page, `publish ${kind}`);
      // Nothing of this kind is on notice yet: no warning.
      expect(await page.getByTestId('publish-again').count()).toBe(0);
      await confirm();
      await n.locator(`[data-testid=notices] tr[data-kind=${kind}]`).waitFor();
    }
    // Publishing the ranking again: the confirmation says it is on notice already, with its period; cancelled, nothing is published.
    await n.locator('select[name=notice-kind]').selectOption('ranking');
    await n.locator('button[name=publish]').click();
    expect(await page.getByTestId('publish-again').textContent()).toMatch(/^注意：这一项已于 .+ 发布过公示（\d{4}-\d{2}-\d{2} — \d{4}-\d{2}-\d{2}）。再次发布会在公示列表中出现两份同名公示/);
    await page.getByTestId('dialog').locator('button:not(.primary):not(.danger)').first().click();
    await page.getByTestId('dialog').waitFor({ state: 'detached' });
    expect(await n.locator('[data-testid=notices] tr[data-kind=ranking]').count()).toBe(1);
    expect(await n.getByTestId('notices').textContent()).toContain('公示中');
    const form = n.getByTestId('objection-form');
    await form.locator('select[name=objection-notice]').selectOption({ label: '拟任人选公示' });
    await form.locator('select[name=objection-about]').selectOption({ label: '甲一' });
    await form.locator('input[name=objector-name]').fill('王某');
    await form.locator('input[name=objector-contact]').fill('13800000000');
    await form.locator('textarea[name=objection-text]').fill('反映甲一在原单位工作中存在问题，请组织核实。');
    await scan(page, 'objection form');
    await form.locator('button[name=record-objection]').click();
    await confirm();
    const row = n.getByTestId('objections').locator('tbody tr').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('实名：王某');
    // The review finds it true: 甲一 is not appointed.
    await row.locator('button[name=handle-not-appointed]').click();
    await page.getByTestId('dialog').locator('input[name=dialog-reason]').fill('经核实，反映问题属实，不宜任用');
    await scan(page, 'objection outcome dialog');
    await confirm();
    await expect.poll(() => row.textContent()).toContain('不予任用：经核实，反映问题属实，不宜任用');
    await expect.poll(() => n.locator('[data-testid=appointments] li[data-state=not-appointed]').textContent()).toContain('甲一');
    expect(await n.locator('button[name=finalise]').isDisabled()).toBe(true);
    // Greyed, and why, beside it.
    expect(await n.getByTestId('finalise-not-yet').textContent()).toMatch(/^拟任人选公示至 \d{4}-\d{2}-\d{2} 24:00 止，期满后才能确认任用。$/);
    await scan(page, 'notices');
  });

  it('makes the appointments final once the notice has run — 甲一 withheld, not appointed — and the public page shows the notice without login', async () => {
    const st = await org.req('notice:status', { selectionId: SELECTION });
    const appointees = st.notices.find((x) => x.kind === 'appointees')!;
    offset = appointees.endsAt + 60_000 - Date.now();
    await page.reload();
    await page.locator('header select').selectOption(SELECTION);
    const n = page.getByTestId('notice-section');
    await n.locator('button[name=finalise]:not([disabled])').click();
    await confirm();
    await expect.poll(() => n.getByTestId('appointments').textContent()).toContain('任用已确认');
    expect(await n.locator('[data-testid=appointments] li').evaluateAll((li) => li.map((x) => [x.textContent!.split('：')[1]!.split(' · ')[0], x.getAttribute('data-state')]))).toEqual([
      ['甲一', 'not-appointed'],
      ['乙二', 'final'],
    ]);
    const logged = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'appointments.finalised').executeTakeFirstOrThrow();
    expect((JSON.parse(logged.payload_json) as { withheld: Array<{ outcome: string }> }).withheld.map((w) => w.outcome)).toEqual(['not-appointed']);
    // The verifier, from the bundle alone, agrees on who was withheld and why.
    const bundle = JSON.parse((await org.req('organiser:export-bundle', {})).text) as Bundle;
    expect((await verifyBundle(bundle)).steps.filter((x) => !x.ok)).toEqual([]);
    await scan(page, 'appointments final');
    // The public page, in a context that never signed in.
    const pub = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await pub.goto(`${t.url}/notice/`);
    await pub.locator(`a[href="/notice/${appointees.id}"]`).click();
    await pub.locator('h1').waitFor();
    const text = (await pub.textContent('body'))!;
    expect(text).toContain('拟任人选公示');
    expect(text).toContain('公示期已结束');
    expect(text).toContain(appointees.bundleHash);
    for (const name of ['甲一', '乙二']) expect(text).toContain(name);
    expect(text).not.toContain('原单位工作中存在问题');
    // The appointments made, published from the console: 乙二 appointed, p1's seat not filled, 甲一 not named.
    await n.locator('select[name=notice-kind]').selectOption('appointed');
    await n.locator('button[name=publish]').click();
    await scan(page, 'publish appointed');
    await confirm();
    await n.locator('[data-testid=notices] tr[data-kind=appointed]').waitFor();
    const made = (await org.req('notice:status', { selectionId: SELECTION })).notices.find((x) => x.kind === 'appointed')!;
    await pub.goto(`${t.url}/notice/${made.id}`);
    const madeText = (await pub.textContent('body'))!;
    expect(madeText).toContain('任用结果公布');
    expect(madeText).toContain('乙二');
    expect(madeText).toContain('1 个职数未任用 one seat not filled: 不予任用');
    expect(madeText).not.toContain('甲一');
  });

  it('shows no English on any of these Chinese screens, and names every control', () => {
    expect(scanned.size).toBe(14);
    expect(Object.fromEntries([...scanned].filter(([, words]) => words.length > 0))).toEqual({});
    expect(Object.fromEntries([...unnamed].filter(([, c]) => c.length > 0))).toEqual({});
  });
});
