/**
 * A mainland ID number (GB 11643) with a correct check digit, for a birth date (YYYYMMDD) and a
 * sequence number, in 北京市西城区 (110105): for tests' forms and rosters. Computed here from the
 * standard's weights, not by the product's own check, so that a wrong check in the product shows.
 */
export function idFor(birth: string, seq = 123): string {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return body + '10X98765432'[W.reduce((s, w, i) => s + w * Number(body[i]), 0) % 11];
}
