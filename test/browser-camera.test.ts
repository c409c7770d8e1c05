import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/server';
import { launchChromium } from './support/browser';
import { builtApps } from './support/apps';
import { launchFilming, qrVideo } from './support/camera';
import { makeGroupCards } from '@exam/server';
import { connectDesk } from './support/clients';
import { openEvaluation } from './support/ballots';
import { rooms } from '../exam-server/src/context';
import { deskDevices } from '../exam-server/src/devices/status';

/** A keyholder holds the share sheet up to the desk's camera: the code is read, not typed (and an admission ticket, and an unused ballot card). */
describe('in Chromium: a share code read with the camera', () => {
  let t: TestServer;
  let filming: Browser;
  let blind: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'exam-camera-'));

  const deskIn = async (browser: Browser, camera: boolean): Promise<Page> => {
    const page = await (await browser.newContext({ locale: 'zh-CN', permissions: camera ? ['camera'] : [] })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${t.url}/desk/`);
    await page.fill('input[name=desk-code]', t.server.ctx.deskCode);
    await page.click('button[type=submit]');
    await page.getByTestId('session-state').waitFor();
    await page.click('[data-tab=opening]');
    return page;
  };

  beforeAll(async () => {
    t = await startTestServer({ startInMinutes: 30, server: { apps: builtApps() } });
    const video = join(dir, 'share-sheet.y4m');
    qrVideo(video, t.demo.paperShares[1]!);
    filming = await launchFilming(video);
    blind = await launchChromium();
  });
  afterAll(async () => {
    await filming?.close();
    await blind?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the desk reads the share sheet’s QR code through the camera and the share is entered', async () => {
    const desk = await deskIn(filming, true);
    await desk.getByRole('button', { name: '用摄像头扫描' }).click();
    await expect.poll(() => desk.locator('textarea[name=share-code]').inputValue()).toBe(t.demo.paperShares[1]);
    // The camera is let go once the code is read.
    await expect.poll(() => desk.getByTestId('scan-dialog').count()).toBe(0);
    await desk.fill('input[name=keyholder]', '纪检监督员');
    await desk.click('form.share-entry button[type=submit]');
    await expect.poll(() => desk.getByTestId('shares-entered').textContent()).toContain('1 / 2');
  });

  it('without a camera the dialog says so and how else to enter the code; cancelling changes nothing', async () => {
    const desk = await deskIn(blind, false);
    await desk.getByRole('button', { name: '用摄像头扫描' }).click();
    const dialog = desk.getByTestId('scan-dialog');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('无法使用摄像头');
    expect(await dialog.getByRole('alert').textContent()).toContain('请输入分片码，或使用扫码枪');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await desk.locator('textarea[name=share-code]').inputValue()).toBe('');
  });

  it('at the interview check-in, the camera reads an admission ticket: its candidate is found; a ticket not on the list is said to be so', async () => {
    const ticket = t.interview.tickets[1]!;
    for (const [text, found] of [[ticket, true], ['2099999', false]] as const) {
      const video = join(dir, `ticket-${text}.y4m`);
      qrVideo(video, text);
      const browser = await launchFilming(video);
      try {
        const desk = await deskIn(browser, true);
        await desk.goto(`${t.url}/desk/#/interview`);
        await desk.getByTestId('check-in').waitFor();
        await desk.getByRole('button', { name: '扫描准考证' }).click();
        await expect.poll(() => desk.getByTestId('scan-dialog').count()).toBe(0);
        if (found) {
          const row = desk.locator(`tr[data-ticket="${ticket}"]`);
          expect(await row.getAttribute('data-scanned')).toBe('true');
          expect(await desk.locator('tr[data-scanned]').count()).toBe(1);
          // Its phone box has the focus: the official ticks it and checks the candidate in.
          expect(await row.locator('input[name=phone]').evaluate((el) => el === document.activeElement)).toBe(true);
          await desk.keyboard.press('Space');
          await row.locator('button[name=check-in]').click();
          await expect.poll(() => row.textContent()).toContain('候考');
        } else {
          await expect.poll(() => desk.getByTestId('scan-problem').textContent()).toContain('准考证号 2099999 不在今天的名单中');
          // A live event now refreshes the lists (as a device coming or going would): the refresh
          // succeeds, and the official must still be able to read what the scan found.
          t.server.ctx.io.to(rooms.desk).emit('desk:devices', await deskDevices(t.server.ctx));
          await new Promise((r) => setTimeout(r, 800));
          expect(await desk.getByTestId('scan-problem').textContent()).toContain('准考证号 2099999 不在今天的名单中');
          expect(await desk.locator('tr[data-scanned]').count()).toBe(0);
        }
      } finally {
        await browser.close();
      }
    }
    expect((await t.server.ctx.db.selectFrom('interview_candidates').select(['state', 'phone_handed_in']).where('ticket', '=', ticket).executeTakeFirstOrThrow())).toEqual({ state: 'holding', phone_handed_in: 1 });
  });

  it('at the close of an evaluation, the console reads the unused cards’ QR codes with the camera, one line each', async () => {
    const cards = makeGroupCards('ev-camera', 'all', 6);
    const desk = await connectDesk(t.url, t.server.ctx.deskCode);
    const { org, booths } = await openEvaluation({ url: t.url, desk, id: 'ev-camera', refs: ['20260001'], groups: [{ cards, name: '全体', weight: 100, entitled: 5 }], booths: 0 });
    const video = join(dir, 'card.y4m');
    qrVideo(video, cards.codes[5]!);
    const browser = await launchFilming(video);
    try {
      const page = await (await browser.newContext({ locale: 'zh-CN', permissions: ['camera'] })).newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${t.url}/desk/#/organiser`);
      const fp = page.getByTestId('fingerprint');
      await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      await desk.req('desk:admit', { role: 'organiser', fingerprint: (await fp.textContent())!, person: '李组织' });
      const panel = page.getByTestId('evaluation');
      await expect.poll(() => panel.getByTestId('evaluation-state').textContent()).toBe('投票中');
      const unused = panel.locator('textarea[name=unused-codes]');
      await unused.fill(cards.codes[4]!);
      await panel.getByRole('button', { name: '用摄像头扫描' }).click();
      // The code read goes on a line of its own, after what was typed; the camera is let go.
      await expect.poll(() => unused.inputValue()).toBe(`${cards.codes[4]!}\n${cards.codes[5]!}`);
      await expect.poll(() => page.getByTestId('scan-dialog').count()).toBe(0);
    } finally {
      await browser.close();
      for (const d of [desk, org, ...booths]) d.close();
    }
  });
});
