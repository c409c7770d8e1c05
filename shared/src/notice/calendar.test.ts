import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDARS, beijingDay, beijingTime, calendarsFrom, endOfBeijingDay, isWorkingDay, noticePeriod, yearCalendarSchema } from './calendar';

const cal = calendarsFrom([]);
/** An instant at a Beijing time written as `YYYY-MM-DD HH:mm`. */
const at = (t: string) => Date.parse(`${t.replace(' ', 'T')}:00+08:00`);

describe('working days and the notice period', () => {
  it('ships 2025 and 2026 from the State Council’s notices, each valid', () => {
    expect(SHIPPED_CALENDARS.map((c) => [c.year, c.holidays.length, c.workdays.length])).toEqual([
      [2025, 28, 5],
      [2026, 33, 6],
    ]);
    for (const c of SHIPPED_CALENDARS) expect(yearCalendarSchema.safeParse(c).success).toBe(true);
  });
  it('knows weekends, holidays and make-up working days', () => {
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // a Saturday worked (调休上班)
    expect(isWorkingDay('2026-02-16', cal)).toBe(false); // a Monday of the Spring Festival
    expect(isWorkingDay('2026-03-07', cal)).toBe(false); // an ordinary Saturday
    expect(isWorkingDay('2026-03-09', cal)).toBe(true);
    expect(isWorkingDay('2027-01-04', cal)).toBeNull(); // no calendar for 2027
  });
  it('counts from the day after publication and ends at 24:00 Beijing time', () => {
    // Published Friday 2026-11-27 at 17:00: day one is Saturday the 28th; working days Mon 30 Nov – Fri 4 Dec.
    const p = noticePeriod(at('2026-11-27 17:00'), 5, cal);
    expect(p).toEqual({ firstDay: '2026-11-28', lastDay: '2026-12-04', endsAt: at('2026-12-05 00:00'), days: ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'] });
    // Published at 23:30 Beijing time (15:30 UTC): still that Beijing day.
    expect(beijingDay(at('2026-09-29 23:30'))).toBe('2026-09-29');
    // Across the National Day holiday, with its make-up Saturday 10 October.
    expect((noticePeriod(at('2026-09-29 10:00'), 5, cal) as { days: string[] }).days).toEqual(['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12']);
    expect(endOfBeijingDay('2026-10-12')).toBe(at('2026-10-13 00:00'));
  });
  it('refuses a period that reaches a year without a calendar, until the organiser enters it', () => {
    expect(noticePeriod(at('2026-12-28 09:00'), 5, cal)).toEqual({ missingYear: 2027 });
    const with2027 = calendarsFrom([{ year: 2027, holidays: ['2027-01-01'], workdays: [], source: '国务院办公厅关于2027年部分节假日安排的通知' }]);
    expect((noticePeriod(at('2026-12-28 09:00'), 5, with2027) as { lastDay: string }).lastDay).toBe('2027-01-05');
    expect(() => noticePeriod(at('2026-11-27 17:00'), 4, cal)).toThrow(/at least 5/);
  });
  it('refuses a calendar with a weekday as a make-up day, or a day of another year', () => {
    const bad = yearCalendarSchema.safeParse({ year: 2027, holidays: ['2026-12-31'], workdays: ['2027-01-05'], source: '某年放假安排通知' });
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['holidays.0', 'workdays.0']);
  });

  it('shows a time in Beijing time whatever the machine’s time zone', () => {
    const ms = Date.UTC(2026, 0, 1, 16, 30, 5); // 00:30:05 on 2 January in Beijing
    const saved = process.env['TZ'];
    const seen = new Set<string>();
    try {
      for (const tz of ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
        process.env['TZ'] = tz;
        seen.add(JSON.stringify([beijingTime(ms, 'zh'), beijingTime(ms, 'zh', 'long'), beijingTime(ms, 'zh', 'time'), beijingTime(ms, 'en'), beijingTime(ms, 'en', 'long')]));
      }
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
    expect([...seen]).toEqual([JSON.stringify(['2026年1月2日 00:30', '2026年1月2日 00:30', '00:30:05', '2 Jan 2026, 00:30', '2 January 2026 at 00:30'])]);
  });
});
