import type { Page } from 'playwright-core';
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
