import type { Browser, Page } from 'playwright-core';
import type { Device } from './clients';

/**
 * Opens the organiser's console on `page` and has the desk admit it, as an invigilator does: by the
 * fingerprint the console shows, with the person's name. Resolves once the console knows it is admitted.
 */
export async function consoleAdmitted(page: Page, url: string, desk: Device, person = '李组织'): Promise<void> {
  await page.goto(`${url}/desk/#/organiser`);
  await page.waitForFunction(() => /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(document.querySelector('[data-testid=fingerprint]')?.textContent ?? ''));
  await desk.req('desk:admit', { role: 'organiser', fingerprint: (await page.getByTestId('fingerprint').textContent())!, person });
  await page.locator('header select').waitFor();
}

/** A Chinese console, admitted, on a selection's ranking section: the page the ranking tests work on. */
export async function rankingConsole(browser: Browser, url: string, desk: Device, selectionId: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  page.setDefaultTimeout(15_000);
  await consoleAdmitted(page, url, desk);
  await page.locator('header select').selectOption(selectionId);
  await page.getByTestId('ranking-section').waitFor();
  return page;
}
