import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ExamError, idNumberProblem } from '@exam/shared';

export interface RosterRow {
  name: string;
  idNumber: string;
  ticket: string;
  /** The seat (written exam) or the interview room (interview day). */
  seat: string;
}

/** Header names accepted for each column, Chinese as Excel rosters write them, or English. */
const HEADERS: Record<keyof RosterRow, string[]> = {
  name: ['姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '证件号码', 'id_number', 'id number', 'idnumber'],
  ticket: ['准考证号', 'ticket', 'admission_ticket', 'admission ticket'],
  seat: ['座位号', 'seat'],
};
const ROOM_HEADERS = ['面试室', '考场', 'room'];

/**
 * Reads a roster file's bytes as Excel writes them: UTF-8 with or without a BOM, or, when the
 * bytes are not valid UTF-8, GB18030 (which covers GBK), the usual encoding on Chinese Windows.
 */
export function decodeRoster(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const b = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(b), 'gb18030'), encoding: 'gb18030' };
  }
}

/**
 * Parses a roster CSV (name, ID number, admission ticket, seat). Every bad row is reported with
 * its row number and what is wrong; nothing is imported unless every row is good.
 */
export function parseRoster(bytes: Uint8Array, place: 'seat' | 'room' = 'seat'): { rows: RosterRow[]; encoding: string } {
  const headers = place === 'seat' ? HEADERS : { ...HEADERS, seat: ROOM_HEADERS };
  const what = place === 'seat' ? 'seat' : 'room';
  const { text, encoding } = decodeRoster(bytes);
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (err) {
    throw new ExamError('invalid-roster', `the file is not CSV: ${(err as Error).message}`);
  }
  const header = (records[0] ?? []).map((h) => h.normalize('NFKC').trim().toLowerCase());
  const column = {} as Record<keyof RosterRow, number>;
  const missing: string[] = [];
  for (const [key, names] of Object.entries(headers) as [keyof RosterRow, string[]][]) {
    const i = header.findIndex((h) => names.includes(h));
    if (i < 0) missing.push(names[0]!);
    column[key] = i;
  }
  if (missing.length > 0) throw new ExamError('invalid-roster', `the first row must name the columns; missing: ${missing.join(', ')}`);
  const problems: Array<{ row: number; message: string }> = [];
  const rows: RosterRow[] = [];
  const tickets = new Map<string, number>();
  const seats = new Map<string, number>();
  records.slice(1).forEach((r, i) => {
    const rowNo = i + 2;
    const get = (k: keyof RosterRow) => (r[column[k]] ?? '').normalize('NFC').trim();
    const row: RosterRow = { name: get('name'), idNumber: get('idNumber').toUpperCase(), ticket: get('ticket'), seat: get('seat') };
    const bad = (message: string) => problems.push({ row: rowNo, message });
    if (!row.name) bad('the name is empty');
    else if ([...row.name].length > 50) bad('the name is longer than 50 characters');
    const idp = idNumberProblem(row.idNumber);
    if (idp) bad(idp);
    if (!/^[0-9A-Za-z-]{1,32}$/.test(row.ticket)) bad('an admission ticket is 1–32 letters, digits or hyphens');
    else if (tickets.has(row.ticket)) bad(`admission ticket ${row.ticket} is also on row ${tickets.get(row.ticket)}`);
    if (place === 'seat' && !/^[0-9A-Za-z-]{1,16}$/.test(row.seat)) bad('a seat number is 1–16 letters, digits or hyphens');
    else if (place === 'room' && (row.seat.length === 0 || row.seat.length > 40)) bad('the interview room is empty or longer than 40 characters');
    else if (place === 'seat' && seats.has(row.seat)) bad(`${what} ${row.seat} is also given on row ${seats.get(row.seat)}`);
    tickets.set(row.ticket, rowNo);
    seats.set(row.seat, rowNo);
    rows.push(row);
  });
  if (problems.length > 0) throw new ExamError('invalid-roster', `${problems.length} problem(s) in the roster; nothing was imported`, problems);
  if (rows.length === 0) throw new ExamError('invalid-roster', 'the roster has no candidates');
  return { rows, encoding };
}
