import { ExamError } from '@exam/shared';
import { checkRoster, type RosterCheck, type RosterRow } from './checks';
import { csvRecords, isXlsx, xlsxRecords, type RosterRecords } from './records';

export type { RosterRow } from './checks';
export { decodeRoster } from './records';

/** Which warnings the organiser has confirmed: the row numbers, or all of them. */
export type AcceptedRows = 'all' | number[];

/**
 * A roster imports only when it is clean: every error named by row (nothing is imported while one
 * is left), and every warning confirmed by the organiser, in which case its fix is applied.
 */
function finish(check: RosterCheck, accepted: AcceptedRows): RosterRow[] {
  const details = check.errors.map((e) => ({ row: e.row, message: e.en, zh: e.zh }));
  const open = check.warnings.filter((w) => accepted !== 'all' && !accepted.includes(w.row));
  if (details.length > 0) {
    throw new ExamError('invalid-roster', `${details.length} problem(s) in the roster; nothing was imported (row ${details[0]!.row}: ${details[0]!.message})`, [...details, ...open.map((w) => ({ row: w.row, message: w.en, zh: w.zh, warning: true }))]);
  }
  if (open.length > 0) {
    throw new ExamError(
      'invalid-roster',
      `${open.length} row(s) need the organiser's confirmation (rows ${open.map((w) => w.row).join(', ')}); nothing was imported`,
      open.map((w) => ({ row: w.row, message: w.en, zh: w.zh, warning: true })),
    );
  }
  const fixes = new Map(check.warnings.map((w) => [`${w.row}:${w.column}`, w.to]));
  return check.rows.map((r, i) => ({ ...r, ticket: fixes.get(`${i + 2}:ticket`) ?? r.ticket, seat: fixes.get(`${i + 2}:seat`) ?? r.seat }));
}

/** Parses a roster CSV (name, ID number, admission ticket, seat or room); see `readRoster`. */
export function parseRoster(bytes: Uint8Array, place: 'seat' | 'room' = 'seat', accepted: AcceptedRows = []): { rows: RosterRow[]; encoding: string } {
  const { records, encoding } = csvRecords(bytes);
  return { rows: finish(checkRoster(records, place), accepted), encoding };
}

/** The records of a roster file: an .xlsx workbook (its first sheet), or CSV in UTF-8 or GB18030. */
export async function rosterRecords(bytes: Uint8Array): Promise<RosterRecords> {
  return isXlsx(bytes) ? xlsxRecords(bytes) : csvRecords(bytes);
}

/** Reads a roster as Excel saves it, CSV or .xlsx, with the same checks. */
export async function readRoster(bytes: Uint8Array, place: 'seat' | 'room' = 'seat', accepted: AcceptedRows = []): Promise<{ rows: RosterRow[]; encoding: string }> {
  const { records, encoding } = await rosterRecords(bytes);
  return { rows: finish(checkRoster(records, place), accepted), encoding };
}
