import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connectDesk, type Device } from './support/clients';
import { kioskPageAtSeat, launchChromium } from './support/browser';
import { demoPrinted, freePort, kill, spawnServer, type ServerProcess } from './support/process';
import { openTestStore } from './support/store';

/**
 * The real kiosk page in Chromium, its answers in its IndexedDB journal: the server process is
 * SIGKILLed while the candidate types, and started again on the same data file. The page resumes by
 * itself — nobody reloads it — and nothing it had typed is lost.
 */
describe('in Chromium: the kiosk page survives the server being killed mid-typing', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-kill-page-'));
  let proc: ServerProcess | undefined;
  let browser: Browser | undefined;
  let desk: Device | undefined;
  afterAll(async () => {
    desk?.close();
    await browser?.close();
    if (proc) await kill(proc);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every keystroke through the kill and the restart, and saves them once the server is back', async () => {
    const port = await freePort();
    proc = await spawnServer(dataDir, port, ['--demo']);
    const { deskCode, shares } = demoPrinted(proc);
    desk = await connectDesk(proc.url, deskCode);
    browser = await launchChromium();
    const page = await kioskPageAtSeat(browser, proc.url, desk, '01', '2026001');
    for (const code of shares.slice(0, 2)) await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code, keyholder: 'k' });
    await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'crash test' });
    const box = page.locator('article[data-question=q7] textarea');
    await box.waitFor();

    // The candidate types; the server is killed in the middle and the candidate keeps typing.
    await box.click();
    await page.keyboard.type('干部选拔坚持德才兼备，', { delay: 15 });
    await expect.poll(() => page.getByTestId('save-state').textContent()).toContain('已保存');
    const typing = page.keyboard.type('以德为先，五湖四海，任人唯贤。', { delay: 40 });
    await new Promise((r) => setTimeout(r, 250));
    await kill(proc, 'SIGKILL');
    await typing;
    await page.keyboard.type('公开公平竞争。', { delay: 15 });
    await expect.poll(() => page.getByTestId('save-state').textContent()).not.toContain('已保存');
    const typed = await box.inputValue();
    expect(typed).toBe('干部选拔坚持德才兼备，以德为先，五湖四海，任人唯贤。公开公平竞争。');

    proc = await spawnServer(dataDir, port);
    // No reload: the page reconnects, signs in again and sends its journal by itself.
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 30_000 }).toContain('已保存');
    expect(await box.inputValue()).toBe(typed);
    desk.close();
    desk = undefined;
    await kill(proc, 'SIGTERM');
    proc = undefined;
    const database = await openTestStore(dataDir);
    const stored = await database.db.selectFrom('answers').select('value_json').where('ticket', '=', '2026001').where('question_id', '=', 'q7').executeTakeFirstOrThrow();
    await database.close();
    expect(JSON.parse(stored.value_json)).toBe(typed);
  }, 180_000);
});
