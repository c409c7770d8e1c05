import { expect } from 'vitest';
import type { Locator } from 'playwright-core';
import { SHIPPED_CALENDARS } from '@exam/shared';

/**
 * On the console's 公示 section (`n`): enters a working-day calendar for this year and the next
 * wherever none is shipped (a notice period may reach into the next year) — New Year's Day its only
 * holiday, citing the notice — each confirmed in the console's dialog. Returns the years entered.
 */
export async function enterMissingCalendars(n: Locator, year: number, confirm: () => Promise<void>): Promise<number[]> {
  const missing = [year, year + 1].filter((y) => !SHIPPED_CALENDARS.some((c) => c.year === y));
  for (const y of missing) {
    await n.getByTestId('calendars').locator('summary').click();
    await n.locator('input[name=calendar-year]').fill(String(y));
    await n.locator('textarea[name=calendar-holidays]').fill(`${y}-01-01`);
    await n.locator('input[name=calendar-source]').fill(`国务院办公厅关于${y}年部分节假日安排的通知`);
    await n.locator('button[name=save-calendar]').click();
    await confirm();
    await expect.poll(async () => n.getByTestId('calendars').locator('summary').textContent()).toContain(`${y}（录入）`);
  }
  return missing;
}
