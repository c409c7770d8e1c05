// In Chromium: a post's rules, fixed, name an evaluation the committee decided to run again. The
// console says so, offers the evaluations not yet open, and — confirmed in a dialog — names the one
// chosen in its place (docs/protocol.md §25), the only change fixed rules allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { presetRules, type RankingRules } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';
import { rankingConsole } from './support/organiser-console';
import { builtApps } from './support/apps';
import { connectDesk, type Device } from './support/clients';
import { admitted } from './support/selection-flow';
import { RERUN_SELECTION, rerunSelection, type RerunSelection } from './support/rerun-flow';
import { latinWordsOn } from './support/no-english';
import { unnamedControlsOn } from './support/accessible-names';

describe('in Chromium: an evaluation run again, named in fixed rules on the console', () => {
  let t: TestServer;
  let browser: Browser;
  let page: Page;
  let desk: Device;
  let org: Device;
  let offset = 0;
  const now = () => Date.now() + offset;
  const devices: Device[] = [];
  let flow: RerunSelection;
  const scanned = new Map<string, string[]>();
  const unnamed = new Map<string, string[]>();
  const scan = async (where: string) => (scanned.set(where, await latinWordsOn(page)), unnamed.set(where, await unnamedControlsOn(page)));
  const rules: RankingRules = { ...presetRules(RERUN_SELECTION, 'p1', {}), components: [{ kind: 'evaluation', source: 'ev-a', weight: 1 }, { kind: 'evaluation', source: 'ev-b', weight: 1 }], tieBreak: [0, 1] };

  beforeAll(async () => {
    t = await startTestServer({ server: { apps: builtApps(), now } });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
    devices.push(desk, org);
    flow = await rerunSelection({ url: t.url, desk, org, now, setNow: (at) => (offset = at - Date.now()), devices });
    await flow.evaluation('ev-a', '本单位民主测评');
    const unused = await flow.evaluation('ev-b', '上级机关民主测评');
    await org.req('organiser:set-ranking-rules', { rules });
    for (const id of ['ev-a', 'ev-b']) await org.req('organiser:open-evaluation', { evaluationId: id });
    await org.req('organiser:close-evaluation', { evaluationId: 'ev-b', handedOut: { all: 0 }, missing: {}, unused });
    browser = await launchChromium();
    page = await rankingConsole(browser, t.url, desk, RERUN_SELECTION);
  }, 120_000);
  afterAll(async () => {
    for (const d of devices) d.close();
    await browser?.close();
    await t?.close();
  });

  const p1 = () => page.getByTestId('ranking-section').locator('section[data-post=p1]');
  const reload = async () => {
    await page.reload();
    await page.locator('header select').waitFor();
    await page.locator('header select').selectOption(RERUN_SELECTION);
    await p1().getByTestId('rules').waitFor();
  };

  it('offers nothing until the committee decides to run the evaluation again; then asks for the rerun first', async () => {
    await p1().getByTestId('rules-fixed').waitFor();
    expect(await p1().getByTestId('rerun-swap').count()).toBe(0);
    await org.req('organiser:decide-evaluation', { evaluationId: 'ev-b', decision: 'rerun', reason: '参评率未达到三分之二，党组决定重新测评' });
    await reload();
    const swap = p1().getByTestId('rerun-swap');
    expect(await swap.textContent()).toContain('「上级机关民主测评」已决定重新测评，不再计入');
    expect(await swap.textContent()).toContain('请先在“民主测评”中新建重新测评');
    expect(await swap.locator('button[name=use-rerun]').count()).toBe(0);
    // What the ranking waits for says the same, the rerun first (it needs someone), then the evaluation still open.
    const waiting = p1().getByTestId('waiting');
    // One line per component and reason, with how many candidates it holds up (the evaluation's candidates: all of them).
    const lines = await waiting.locator('li').allTextContents();
    const people = (await org.req('ranking:status', { selectionId: RERUN_SELECTION })).posts[0]!.rounds[0]!.ranking!.rows.length;
    expect(lines).toEqual([`民主测评（上级机关民主测评） — 已决定重新测评：请在计分规则中改用重新测评（${people} 人）`, `民主测评（本单位民主测评） — 民主测评尚未结束（${people} 人）`]);
    await scan('rerun awaited');
  });

  it('names the rerun chosen, once confirmed; cancelling changes nothing', async () => {
    await flow.evaluation('ev-b2', '上级机关民主测评（重新测评）');
    await flow.evaluation('ev-open', '另一次民主测评');
    await org.req('organiser:open-evaluation', { evaluationId: 'ev-open' });
    await reload();
    const swap = p1().getByTestId('rerun-swap');
    // Only the evaluation not yet open is offered.
    expect(await swap.locator('select[name=rerun-evaluation] option').allTextContents()).toEqual(['上级机关民主测评（重新测评）']);
    await scan('rerun offered');
    await swap.locator('button[name=use-rerun]').click();
    const dialog = page.getByTestId('dialog');
    expect(await dialog.textContent()).toContain('「上级机关民主测评」将由「上级机关民主测评（重新测评）」代替');
    await scan('rerun dialog');
    await dialog.locator('button:not(.primary):not(.danger)').first().click();
    await dialog.waitFor({ state: 'detached' });
    const logged = () => t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'ranking.rules-set').orderBy('seq').execute();
    expect(await logged()).toHaveLength(1);
    await swap.locator('button[name=use-rerun]').click();
    await dialog.locator('button.danger').click();
    await dialog.waitFor({ state: 'detached' });
    await p1().getByTestId('rerun-swap').waitFor({ state: 'detached' });
    expect(await p1().getByTestId('rules').textContent()).toContain('上级机关民主测评（重新测评）');
    expect(await p1().getByTestId('rules-fixed').textContent()).toContain('本单位民主测评');
    const entries = await logged();
    expect(entries.map((e) => (JSON.parse(e.payload_json) as { rules: RankingRules }).rules.components.map((c) => c.source))).toEqual([
      ['ev-a', 'ev-b'],
      ['ev-a', 'ev-b2'],
    ]);
    await scan('rerun named');
  });

  it('shows no English on these Chinese screens, and names every control', () => {
    expect(scanned.size).toBe(4);
    expect(Object.fromEntries([...scanned].filter(([, words]) => words.length > 0))).toEqual({});
    expect(Object.fromEntries([...unnamed].filter(([, c]) => c.length > 0))).toEqual({});
  });
});
