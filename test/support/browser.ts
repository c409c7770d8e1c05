import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Device } from './clients';

/** Debian's Chromium (never a browser download of a test tool's own). */
export function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH');
  return found;
}

/** Debian's Chromium, headless; `extraArgs` for what a test needs besides (a camera that films a file). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', ...extraArgs],
  });
}

/**
 * The demo's kiosk page at a seat, as on the day: opened, admitted at the desk by the fingerprint
 * it shows, and the seat's candidate signed in, the sealed paper ready. Returns the page.
 */
export async function kioskPageAtSeat(browser: Browser, url: string, desk: { req: Device['req'] }, seat: string, ticket: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${url}/kiosk/`);
  const fp = page.getByTestId('fingerprint');
  await expect.poll(async () => (await fp.textContent()) ?? '').toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  await desk.req('desk:admit', { role: 'kiosk', fingerprint: (await fp.textContent())!, room: 'demo', seat });
  await page.fill('input[name=ticket]', ticket);
  await page.click('button[type=submit]');
  await page.getByText('密封试卷已就绪').waitFor();
  return page;
}
