import { describe, expect, it } from 'vitest';
import { ageOn, birthDateOf, qualificationChecks } from './checks';
import { registrationFormSchema, type RegistrationForm } from './registration';
import { idNumberProblem } from '../roster/id-number';

/** An ID number with a correct check digit for a birth date (and a fixed area and sequence). */
function idFor(birth: string): string {
  const body = `110105${birth}123`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = W.reduce((s, w, i) => s + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}
const form = (over: Partial<RegistrationForm> = {}): RegistrationForm =>
  registrationFormSchema.parse({ name: '张三', idNumber: idFor('19800701'), department: '办公室', currentPost: '科员', currentLevel: 'staff', yearsInRank: 3, education: 'bachelor', posts: ['p1'], statement: '', ...over });
/** Midnight at the start of a day in China, as an instant. */
const chinaDay = (iso: string) => Date.parse(`${iso}T00:00:00+08:00`);

describe('the qualification checks a machine can make', () => {
  it('reads the birth date from the ID number and refuses one that is no date', () => {
    expect(idNumberProblem(idFor('19800701'))).toBeNull();
    expect(birthDateOf(idFor('19800701'))).toEqual({ y: 1980, m: 7, d: 1 });
    expect(birthDateOf(idFor('19990230'))).toBeNull();
    expect(ageOn(idFor('19990230'), chinaDay('2026-07-01'))).toBeNull();
  });

  it('counts age in completed years on the deadline’s day in China: the birthday itself counts, the day before does not', () => {
    const id = idFor('19800701');
    expect(ageOn(id, chinaDay('2026-07-01'))).toBe(46);
    expect(ageOn(id, chinaDay('2026-07-01') - 1)).toBe(45);
    // 16:30 UTC on 30 June is already 1 July in China.
    expect(ageOn(id, Date.parse('2026-06-30T16:30:00Z'))).toBe(46);
    expect(ageOn(id, Date.parse('2026-06-30T15:59:59Z'))).toBe(45);
    // A birthday on 29 February is reached on 1 March in a common year.
    expect(ageOn(idFor('19840229'), chinaDay('2026-02-28'))).toBe(41);
    expect(ageOn(idFor('19840229'), chinaDay('2026-03-01'))).toBe(42);
  });

  it('lists only the checks the post sets, each with what is required and what the form says', () => {
    const none = { checks: { minYearsInRank: null, minEducation: null, maxAge: null, levels: [] } };
    expect(qualificationChecks(none, form(), chinaDay('2026-07-01'))).toEqual([]);
    const post = { checks: { minYearsInRank: 3, minEducation: 'bachelor' as const, maxAge: 45, levels: ['deputy' as const, 'staff' as const] } };
    expect(qualificationChecks(post, form(), chinaDay('2026-06-30'))).toEqual([
      { check: 'years-in-rank', ok: true, required: 3, actual: 3 },
      { check: 'education', ok: true, required: 'bachelor', actual: 'bachelor' },
      { check: 'age', ok: true, required: 45, actual: 45 },
      { check: 'level', ok: true, required: ['deputy', 'staff'], actual: 'staff' },
    ]);
    const failing = qualificationChecks(post, form({ yearsInRank: 2, education: 'college', currentLevel: 'principal' }), chinaDay('2026-07-01'));
    expect(failing.map((c) => [c.check, c.ok])).toEqual([
      ['years-in-rank', false],
      ['education', false],
      ['age', false],
      ['level', false],
    ]);
    expect(qualificationChecks(post, form({ education: 'doctor' }), chinaDay('2026-06-30'))[1]!.ok).toBe(true);
  });

  it('takes the form as people type it, and refuses what the procedure does not allow', () => {
    const typed = registrationFormSchema.parse({ ...form(), idNumber: ` ${idFor('19800701').replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))} ` });
    expect(typed.idNumber).toBe(idFor('19800701'));
    const accepted = (over: Record<string, unknown>) => registrationFormSchema.safeParse({ ...form(), ...over }).success;
    expect(accepted({ posts: ['p1', 'p2', 'p3'] })).toBe(false);
    expect(accepted({ posts: ['p1', 'p1'] })).toBe(false);
    expect(accepted({ posts: [] })).toBe(false);
    expect(accepted({ idNumber: idFor('19800701').slice(0, 17) + (idFor('19800701').endsWith('0') ? '1' : '0') })).toBe(false);
    expect(accepted({ yearsInRank: 2.5 })).toBe(false);
    expect(accepted({ posts: ['p1', 'p2'] })).toBe(true);
  });
});
