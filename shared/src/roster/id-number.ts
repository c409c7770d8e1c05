const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * Checks a mainland ID card number (身份证号): 18 characters, 17 digits and a check character
 * (0–9 or X) by ISO 7064 MOD 11-2. Returns a reason, or null when it is well formed.
 */
export function idNumberProblem(id: string): string | null {
  if (!/^\d{17}[\dXx]$/.test(id)) return 'an ID number is 17 digits followed by a digit or X';
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17]!.toUpperCase() ? null : 'the check digit of the ID number is wrong';
}

/** Masks an ID number for screens that need only to recognise it: 110105********123X. */
export const maskIdNumber = (id: string): string => (id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id);
