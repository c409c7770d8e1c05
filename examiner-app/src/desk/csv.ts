/**
 * One cell of the results file as Excel reads it. A text that begins like a formula (= + - @, a tab or
 * a carriage return) is kept as text by a leading apostrophe: a name typed on the public registration
 * page must not become a formula on the organiser's computer.
 */
export function csvCell(v: string | number | null): string {
  if (v === null) return '';
  const text = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
