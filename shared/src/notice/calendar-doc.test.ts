// docs/protocol.md §26 prints the shipped calendars for whoever writes a verifier: the table must be
// exactly SHIPPED_CALENDARS, and the example beneath it what noticePeriod gives.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDARS, addDays, calendarsFrom, noticePeriod } from './calendar';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url)), 'utf8');

/** `01-28..02-04` → every day of the range, both ends included, in the table's year. */
function days(year: number, cell: string): string[] {
  return cell
    .split(/[;,]\s*/)
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('..').map((d) => `${year}-${d}`);
      const out: string[] = [];
      for (let d = from!; d <= to!; d = addDays(d, 1)) out.push(d);
      return out;
    });
}

describe('the calendars printed in docs/protocol.md §26', () => {
  it('are the shipped calendars, day for day', () => {
    const rows = [...doc.matchAll(/^\| (\d{4}) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => ({ year: Number(m[1]), holidays: days(Number(m[1]), m[2]!), workdays: days(Number(m[1]), m[3]!) }));
    expect(rows.map((r) => r.year)).toEqual(SHIPPED_CALENDARS.map((c) => c.year));
    for (const [i, c] of SHIPPED_CALENDARS.entries()) {
      expect(rows[i]!.holidays).toEqual(c.holidays);
      expect(rows[i]!.workdays).toEqual(c.workdays);
    }
  });

  it('give the example period: published 2026-09-30, 5 working days, from 10-01 to 24:00 on 10-13', () => {
    expect(doc).toContain('a notice published on 2026-09-30 with 5 working days runs from 10-01');
    const p = noticePeriod(Date.parse('2026-09-30T15:00:00+08:00'), 5, calendarsFrom([]));
    expect(p).toEqual({ firstDay: '2026-10-01', lastDay: '2026-10-13', endsAt: Date.parse('2026-10-14T00:00:00+08:00'), days: ['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12', '2026-10-13'] });
  });
});
