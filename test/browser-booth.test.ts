import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_RULES, ballotTracker, toBase64, type Ballot, type EvaluationSettings } from '@exam/shared';
import { cardKeys, signedBallot } from './support/ballots';
import { makeGroupCards, type GroupCards } from '@exam/server';
import { connectDesk, connectDevice, type Device } from './support/clients';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';
import { builtApps } from './support/apps';
import { admitted } from './support/selection-flow';
import { latinWordsOn } from './support/no-english';
import { unnamedControlsOn } from './support/accessible-names';

/**
 * In Chromium, a kiosk admitted as a voting booth (docs/evaluation.md): a mistyped code is caught by
 * its check character, the voter rates every candidate overall and on 德能勤绩廉 and recommends for a
 * post, reviews, casts; the ballot the server keeps is the one clicked; the tracker shown is the
 * ballot's; the code is forgotten, and nothing of it is written to the kiosk's storage. Then a kiosk
 * admitted as a teller's station enters a paper ballot twice against a second teller.
 */
describe('in Chromium: a voting booth and a teller’s station', () => {
  let t: TestServer;
  let browser: Browser;
  let desk: Device;
  let org: Device;
  let booth: Page;
  let cards: GroupCards;
  const scanned = new Map<string, string[]>();
  const unnamed = new Map<string, string[]>();
  const scan = async (page: Page, where: string) => (scanned.set(where, await latinWordsOn(page)), unnamed.set(where, await unnamedControlsOn(page)));
  const settings: EvaluationSettings = {
    selectionId: 'sel-booth',
    id: 'ev-booth',
    title: '2026 年中层干部民主测评',
    candidates: [
      { ref: '20260001', name: '王小明' },
      { ref: '20260002', name: '李芳' },
      { ref: '20260003', name: '张伟' },
    ],
    groups: [{ id: 'all', name: '全体干部职工', weight: 100, entitled: 6 }],
    ...DEFAULT_RULES,
    dimensions: true,
    recommendation: [{ post: 'office', title: '办公室主任', seats: 1, candidates: ['20260001', '20260002'] }],
    tracker: true,
  };
  /** A kiosk page admitted at the desk, by the fingerprint it shows, in the given role. */
  const stationPage = async (role: 'booth' | 'teller') => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${t.url}/kiosk/`);
    const fp = page.getByTestId('fingerprint');
    await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    if (role === 'booth') await desk.req('desk:admit', { role, fingerprint: (await fp.textContent())! });
    else {
      // A teller's station is admitted on the desk's page, as an invigilator does it: it belongs to no
      // written session, so the desk admits it in its devices view outside any room (no kiosk's role there).
      const deskPage = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
      deskPage.setDefaultTimeout(10_000);
      await deskPage.goto(`${t.url}/desk/`);
      await deskPage.fill('input[name=desk-code]', t.server.ctx.deskCode);
      await deskPage.click('button[type=submit]');
      await deskPage.getByTestId('session-state').waitFor();
      await deskPage.getByTestId('roomless-devices').click();
      await expect.poll(() => deskPage.locator('main h1').textContent()).toBe('设备登记（不属任何考场）');
      const roles = await deskPage.locator('select[name=role] option').allTextContents();
      expect([roles.includes('计票录入机（纸质选票）'), roles.includes('考生机'), roles.length]).toEqual([true, false, 10]);
      await deskPage.fill('input[name=fingerprint]', (await fp.textContent())!);
      await deskPage.selectOption('select[name=role]', 'teller');
      expect(await deskPage.locator('form.admit button[type=submit]').isDisabled()).toBe(true);
      await deskPage.fill('input[name=person]', '计票员甲');
      await deskPage.click('form.admit button[type=submit]');
      await expect.poll(() => deskPage.locator('table').first().textContent()).toContain('计票员甲');
      await scan(deskPage, 'desk: devices of no room');
      await deskPage.context().close();
    }
    await page.locator('input[name=ballot-code]').waitFor();
    return page;
  };
  /** Clicks a rating on the form: the candidate's fieldset, the row (总体评价 or a dimension), the rating's label. */
  const rate = (page: Page, name: string, row: string, rating: string) => page.locator(`fieldset[data-candidate="${name}"] tr`, { has: page.locator(`th:text-is("${row}")`) }).locator('label', { hasText: new RegExp(`^${rating}$`) }).click();
  const rateAll = async (page: Page, name: string, rating: string) => {
    for (const row of ['总体评价', '德', '能', '勤', '绩', '廉']) await rate(page, name, row, rating);
  };

  beforeAll(async () => {
    t = await startTestServer({ server: { apps: builtApps() } });
    browser = await launchChromium();
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
    await org.req('organiser:create-selection', { id: 'sel-booth', title: '测评用竞争上岗', registrationOpens: Date.now() + 86_400_000, registrationCloses: Date.now() + 2 * 86_400_000, steps: ['evaluation'] });
    cards = makeGroupCards('ev-booth', 'all', 8);
    await org.req('organiser:create-evaluation', { settings, lists: [cards.keys] });
    await org.req('organiser:open-evaluation', { evaluationId: 'ev-booth' });
  });
  afterAll(async () => {
    desk?.close();
    org?.close();
    await browser?.close();
    await t?.close();
  });

  it('catches a mistyped code by its check character, before anything is sent', async () => {
    booth = await stationPage('booth');
    await scan(booth, 'booth: the code');
    const code = cards.codes[0]!;
    const typo = code.replace(/^(.{3})./, (_m, p: string) => p + (code[3] === 'A' ? 'B' : 'A'));
    await booth.fill('input[name=ballot-code]', typo);
    await booth.click('button[type=submit]');
    await expect.poll(() => booth.getByTestId('booth-error').getAttribute('data-code')).toBe('ballot-code-checksum');
    expect(await booth.getByTestId('booth-error').textContent()).toContain('校验位不符');
    // The field is emptied at once: the code does not stay on the screen.
    expect(await booth.inputValue('input[name=ballot-code]')).toBe('');
  });

  it('rates every candidate, refuses a review with someone unrated or a post over its seats, reviews and casts', async () => {
    // Typed as a person types it: lower case, spaces instead of hyphens.
    await booth.fill('input[name=ballot-code]', cards.codes[0]!.toLowerCase().replace(/-/g, ' '));
    await booth.click('button[type=submit]');
    await booth.locator('fieldset[data-candidate="王小明"]').waitFor();
    await scan(booth, 'booth: the form');
    await rateAll(booth, '王小明', '优秀');
    await rateAll(booth, '李芳', '称职');
    await rate(booth, '张伟', '总体评价', '不称职');
    await booth.click('button[name=to-review]');
    await expect.poll(() => booth.getByTestId('booth-error').getAttribute('data-code')).toBe('unrated');
    // The one left unrated is named, and the message stays in sight at the top of the screen while the voter is below.
    expect(await booth.getByTestId('booth-error').textContent()).toBe('还有被测评人没有评价，请补全后再检查：张伟');
    expect(await booth.getByTestId('booth-error').evaluate((el) => Math.round(el.getBoundingClientRect().top))).toBe(0);
    for (const row of ['德', '能', '勤', '绩', '廉']) await rate(booth, '张伟', row, '基本称职');
    await booth.locator('fieldset[data-post="办公室主任"] label', { hasText: '王小明' }).click();
    await booth.locator('fieldset[data-post="办公室主任"] label', { hasText: '李芳' }).click();
    await expect.poll(() => booth.getByTestId('booth-error').getAttribute('data-code')).toBe('too-many-marks');
    await booth.click('button[name=to-review]');
    const review = booth.getByTestId('ballot-review');
    await review.waitFor();
    expect(await review.locator('tbody tr').allTextContents()).toEqual(['王小明优秀优秀优秀优秀优秀优秀', '李芳称职称职称职称职称职称职', '张伟不称职基本称职基本称职基本称职基本称职基本称职']);
    await scan(booth, 'booth: the review');
    await booth.click('button[name=cast]');
    await booth.getByTestId('booth-done').waitFor();
    await scan(booth, 'booth: cast');
    // The ballot kept is the one clicked, and the tracker on the screen is that ballot's.
    const stored = await t.server.ctx.ballots.all('ev-booth');
    expect(stored.length).toBe(1);
    const ballot = JSON.parse(stored[0]!.ballotJson) as Ballot;
    expect(ballot.ratings.map((r) => [r.candidate, r.overall, r.dimensions?.de, r.dimensions?.lian])).toEqual([
      ['20260001', 'excellent', 'excellent', 'excellent'],
      ['20260002', 'competent', 'competent', 'competent'],
      ['20260003', 'incompetent', 'basic', 'basic'],
    ]);
    expect([ballot.recommend, ballot.paper, ballot.group]).toEqual([[{ post: 'office', marked: ['20260001'] }], false, 'all']);
    expect(await booth.getByTestId('tracker').locator('code').textContent()).toBe(ballotTracker(ballot));
  });

  it('a supervisor’s tablet watches the evaluation: the ballots cast per group, and no way to open, close or decide', async () => {
    const tablet = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    tablet.setDefaultTimeout(10_000);
    await tablet.goto(`${t.url}/desk/#/tablet`);
    const fp = tablet.getByTestId('fingerprint');
    await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await desk.req('desk:admit', { role: 'supervisor', fingerprint: (await fp.textContent())!, person: '纪检监督员' });
    const watched = tablet.getByTestId('supervisor-evaluations').getByTestId('evaluation');
    await expect.poll(() => watched.getByTestId('evaluation-state').textContent()).toBe('投票中');
    await expect.poll(() => watched.getByTestId('cast').allTextContents()).toEqual(['1']);
    expect(await watched.locator('button, textarea, input').count()).toBe(0);
    await scan(tablet, 'supervisor: watching the evaluation');
    await tablet.context().close();
  });

  it('forgets the code: nothing of it or its ballot in the kiosk’s storage, and the card cannot vote again', async () => {
    await booth.click('button[name=next-voter]');
    await booth.locator('input[name=ballot-code]').waitFor();
    const stored = await booth.evaluate(async () => {
      const dbs = (await indexedDB.databases()).map((d) => d.name);
      return { dbs, local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) };
    });
    // The kiosk's answer journal is never opened in booth mode; local storage holds the language alone.
    expect(stored.dbs).not.toContain('exam-kiosk');
    expect([stored.local, stored.session]).toEqual([JSON.stringify({ lang: 'zh' }), '{}']);
    const key = toBase64(cardKeys(cards.codes[0]!).publicKey);
    expect(await booth.content()).not.toContain(key);
    await booth.fill('input[name=ballot-code]', cards.codes[0]!);
    await booth.click('button[type=submit]');
    await expect.poll(() => booth.getByTestId('booth-error').getAttribute('data-code')).toBe('card-spent');
  });

  it('a teller’s station enters a paper ballot: a mismatch with the other teller is named, a match is counted', async () => {
    const teller = await stationPage('teller');
    await scan(teller, 'teller: the code');
    const other = await connectDevice(t.url, 'kiosk');
    await desk.req('desk:admit', { deviceId: other.status.deviceId, role: 'teller', fingerprint: other.status.fingerprint, person: '计票员乙' });
    const code = cards.codes[1]!;
    const signed = signedBallot({ code, evaluationId: 'ev-booth', group: 'all', candidates: ['20260001', '20260002', '20260003'], overall: ['competent', 'competent', 'competent'], dimensions: true, recommend: [{ post: 'office', marked: [] }], paper: true });
    const enterOnPage = async (thirdOverall: string) => {
      await teller.fill('input[name=ballot-code]', code);
      await teller.click('button[type=submit]');
      await teller.locator('fieldset[data-candidate="王小明"]').waitFor();
      for (const name of ['王小明', '李芳']) await rateAll(teller, name, '称职');
      await rateAll(teller, '张伟', '称职');
      await rate(teller, '张伟', '总体评价', thirdOverall);
      await teller.click('button[name=to-review]');
      await teller.click('button[name=cast]');
      await teller.getByTestId('booth-done').waitFor();
      return teller.getByTestId('booth-done').getAttribute('data-outcome');
    };
    expect(await other.req('teller:enter', signed)).toEqual({ state: 'first' });
    expect(await enterOnPage('不称职')).toBe('mismatch');
    expect(await teller.getByTestId('booth-done').textContent()).toContain(code.slice(0, 5));
    await scan(teller, 'teller: a mismatch');
    await teller.click('button[name=next-voter]');
    expect(await other.req('teller:enter', signed)).toEqual({ state: 'first' });
    expect(await enterOnPage('称职')).toBe('counted');
    expect((await t.server.ctx.ballots.all('ev-booth')).map((b) => (JSON.parse(b.ballotJson) as Ballot).paper).sort()).toEqual([false, true]);
    other.close();
  });

  it('says everything in Chinese, and names every control', () => {
    expect(scanned.size).toBe(8);
    expect([...scanned].filter(([, w]) => w.length > 0)).toEqual([]);
    expect([...unnamed].filter(([, w]) => w.length > 0)).toEqual([]);
  });
});
