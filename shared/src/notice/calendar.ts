import { z } from 'zod';
import { bilingual } from '../schema-issues';

/**
 * Working days for a notice period (公示期, docs/protocol.md §26). A day is a working day unless it
 * is a Saturday or Sunday that is not a make-up working day (调休上班), or a holiday (放假). Each
 * year's holidays and make-up days come from the State Council's notice for that year: the product
 * ships the years whose notice it can cite; the organiser enters any other year, citing its notice,
 * and a period that reaches a year with no calendar is refused — never a silent fallback to Monday
 * to Friday. Days are calendar days in Beijing time (UTC+8, no daylight saving), `YYYY-MM-DD`.
 */

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD');

export const yearCalendarSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    /** Days off (放假调休), each in this year. */
    holidays: z.array(dateSchema).max(60),
    /** Saturdays and Sundays worked instead (调休上班), each in this year. */
    workdays: z.array(dateSchema).max(20),
    /** The notice these come from (e.g. 国务院办公厅关于2026年部分节假日安排的通知). */
    source: z.string().trim().min(4).max(300),
  })
  .strict()
  .superRefine((c, ctx) => {
    const check = (list: 'holidays' | 'workdays') =>
      c[list].forEach((d, i) => {
        if (!isRealDate(d) || Number(d.slice(0, 4)) !== c.year) ctx.addIssue({ code: 'custom', path: [list, i], ...bilingual(`${d} is not a day of ${c.year}`, `${d} 不是 ${c.year} 年的日期`) });
        else if (list === 'workdays' && !isWeekend(d)) ctx.addIssue({ code: 'custom', path: [list, i], ...bilingual(`${d} is not a Saturday or Sunday`, `${d} 不是周六或周日（调休上班日应为周末）`) });
        if (c[list].indexOf(d) !== i) ctx.addIssue({ code: 'custom', path: [list, i], ...bilingual(`${d} is listed twice`, `${d} 列了两次`) });
      });
    check('holidays');
    check('workdays');
    for (const d of c.workdays) if (c.holidays.includes(d)) ctx.addIssue({ code: 'custom', path: ['workdays'], ...bilingual(`${d} is both a holiday and a working day`, `${d} 既列为节假日又列为上班日`) });
  });
export type YearCalendar = z.output<typeof yearCalendarSchema>;

const range = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

/**
 * The years shipped, each from the State Council's notice, cited. Others are entered by the
 * organiser (`organiser:set-calendar`), logged, and carried in the bundle's log.
 */
export const SHIPPED_CALENDARS: readonly YearCalendar[] = [
  {
    year: 2025,
    holidays: ['2025-01-01', ...range('2025-01-28', '2025-02-04'), ...range('2025-04-04', '2025-04-06'), ...range('2025-05-01', '2025-05-05'), ...range('2025-05-31', '2025-06-02'), ...range('2025-10-01', '2025-10-08')],
    workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
  },
  {
    year: 2026,
    holidays: [...range('2026-01-01', '2026-01-03'), ...range('2026-02-15', '2026-02-23'), ...range('2026-04-04', '2026-04-06'), ...range('2026-05-01', '2026-05-05'), ...range('2026-06-19', '2026-06-21'), ...range('2026-09-25', '2026-09-27'), ...range('2026-10-01', '2026-10-07')],
    workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
  },
];

/** The Beijing calendar day of an instant. */
export const beijingDay = (ms: number): string => new Date(ms + BEIJING_MS).toISOString().slice(0, 10);
/** The instant a Beijing calendar day ends (24:00, i.e. 00:00 of the next day, Beijing time). */
export const endOfBeijingDay = (day: string): number => Date.parse(`${day}T00:00:00Z`) + DAY_MS - BEIJING_MS;
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
function isRealDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}
function isWeekend(d: string): boolean {
  const w = new Date(`${d}T00:00:00Z`).getUTCDay();
  return w === 0 || w === 6;
}

/** Whether a day is a working day under these calendars, or null when its year has none. */
export function isWorkingDay(day: string, calendars: ReadonlyMap<number, YearCalendar>): boolean | null {
  const c = calendars.get(Number(day.slice(0, 4)));
  if (!c) return null;
  if (c.holidays.includes(day)) return false;
  if (c.workdays.includes(day)) return true;
  return !isWeekend(day);
}

/** The shipped calendars with the organiser's (an entered year replaces a shipped one only if the organiser says so: later wins). */
export function calendarsFrom(entered: readonly YearCalendar[]): Map<number, YearCalendar> {
  return new Map([...SHIPPED_CALENDARS, ...entered].map((c) => [c.year, c]));
}

/** The least notice period (《党政领导干部选拔任用工作条例》: 公示期不少于五个工作日). */
export const MIN_NOTICE_WORKING_DAYS = 5;
/** The longest notice period a notice may set (protocol §26). */
export const MAX_NOTICE_WORKING_DAYS = 30;

export type NoticePeriod = { firstDay: string; lastDay: string; endsAt: number; days: string[] } | { missingYear: number };

/**
 * A notice's period: day one is the Beijing day after publication; the period counts `workingDays`
 * working days from there and ends at 24:00 Beijing time of the last. `days` are the working days
 * counted. Refused (`missingYear`) when a day it must look at is in a year without a calendar.
 */
export function noticePeriod(publishedAt: number, workingDays: number, calendars: ReadonlyMap<number, YearCalendar>): NoticePeriod {
  if (!Number.isInteger(workingDays) || workingDays < MIN_NOTICE_WORKING_DAYS) throw new RangeError(`a notice lasts at least ${MIN_NOTICE_WORKING_DAYS} working days`);
  const firstDay = addDays(beijingDay(publishedAt), 1);
  const days: string[] = [];
  for (let d = firstDay; days.length < workingDays; d = addDays(d, 1)) {
    const w = isWorkingDay(d, calendars);
    if (w === null) return { missingYear: Number(d.slice(0, 4)) };
    if (w) days.push(d);
  }
  const lastDay = days.at(-1)!;
  return { firstDay, lastDay, endsAt: endOfBeijingDay(lastDay), days };
}

/**
 * A time as the screens show it: in Beijing time always (the deadlines and notice periods of the
 * procedure are Beijing time), whatever the time zone of the machine showing it — a desk laptop set
 * to UTC showed the exam's start eight hours off. `date-time` (medium date, short time), `long`
 * (long date, short time), `time` (hours, minutes, seconds).
 */
export function beijingTime(ms: number, lang: 'zh' | 'en', style: 'date-time' | 'long' | 'time' = 'date-time'): string {
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const timeZone = 'Asia/Shanghai';
  if (style === 'time') return new Date(ms).toLocaleTimeString(locale, { timeZone });
  return new Date(ms).toLocaleString(locale, { timeZone, dateStyle: style === 'long' ? 'long' : 'medium', timeStyle: 'short' });
}
