import { EDUCATION, type Post } from './selection';
import type { RegistrationForm } from './registration';

/** Dates of the procedure are China's (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The birth date in an 18-character ID number: characters 7–14, YYYYMMDD. */
export function birthDateOf(idNumber: string): { y: number; m: number; d: number } | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})/.exec(idNumber);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return { y, m: mo, d };
}

/** Completed years of age on the day (in China) of the instant `at`: a birthday on that day counts. */
export function ageOn(idNumber: string, at: number): number | null {
  const b = birthDateOf(idNumber);
  if (!b) return null;
  const day = new Date(at + CHINA_OFFSET_MS);
  const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  return y - b.y - (m < b.m || (m === b.m && d < b.d) ? 1 : 0);
}

export const CHECK_KINDS = ['years-in-rank', 'education', 'age', 'level'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export interface CheckResult {
  check: CheckKind;
  ok: boolean;
  /** What the post requires and what the registration says, as plain values for the screens. */
  required: string | number | string[];
  actual: string | number | null;
}

/**
 * The checks a machine can make of a registration against a post's qualifications, on the
 * registration deadline. They pre-fill the review; a reviewer decides. A check the post does not
 * set is not listed.
 */
export function qualificationChecks(post: Pick<Post, 'checks'>, form: RegistrationForm, deadline: number): CheckResult[] {
  const c = post.checks;
  const out: CheckResult[] = [];
  if (c.minYearsInRank !== null) out.push({ check: 'years-in-rank', ok: form.yearsInRank >= c.minYearsInRank, required: c.minYearsInRank, actual: form.yearsInRank });
  if (c.minEducation !== null) out.push({ check: 'education', ok: EDUCATION.indexOf(form.education) >= EDUCATION.indexOf(c.minEducation), required: c.minEducation, actual: form.education });
  if (c.maxAge !== null) {
    const age = ageOn(form.idNumber, deadline);
    out.push({ check: 'age', ok: age !== null && age <= c.maxAge, required: c.maxAge, actual: age });
  }
  if (c.levels.length > 0) out.push({ check: 'level', ok: c.levels.includes(form.currentLevel), required: [...c.levels], actual: form.currentLevel });
  return out;
}
