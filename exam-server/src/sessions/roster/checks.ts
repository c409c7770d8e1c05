import { INVISIBLE_CHARACTERS, idNumberProblem, isObjectMember } from '@exam/shared';

export interface RosterRow {
  name: string;
  idNumber: string;
  ticket: string;
  /** The seat (written exam) or the interview room (interview day). */
  seat: string;
}

/** Something wrong on a row (row 1 is the header row, as Excel numbers them), said in both languages. */
export interface RosterProblem {
  row: number;
  zh: string;
  en: string;
}
/** Something that looks like an Excel slip: imported only once the organiser confirms it, with the fix shown. */
export interface RosterWarning extends RosterProblem {
  column: 'ticket' | 'seat';
  from: string;
  to: string;
}
export interface RosterCheck {
  rows: RosterRow[];
  errors: RosterProblem[];
  warnings: RosterWarning[];
}

/** Header names accepted for each column, Chinese as Excel rosters write them, or English. */
const HEADERS: Record<keyof RosterRow, string[]> = {
  name: ['姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '证件号码', 'id_number', 'id number', 'idnumber'],
  ticket: ['准考证号', 'ticket', 'admission_ticket', 'admission ticket'],
  seat: ['座位号', 'seat'],
};
const ROOM_HEADERS = ['面试室', '考场', 'room'];
const COLUMN_ZH: Record<'ticket' | 'seat', string> = { ticket: '准考证号', seat: '座位号' };
const COLUMN_EN: Record<'ticket' | 'seat', string> = { ticket: 'admission ticket', seat: 'seat' };

/** Checks every row of a roster and says, by row, what is wrong and what looks like Excel's doing. */
export function checkRoster(records: string[][], place: 'seat' | 'room'): RosterCheck {
  const headers = place === 'seat' ? HEADERS : { ...HEADERS, seat: ROOM_HEADERS };
  const header = (records[0] ?? []).map((h) => h.normalize('NFKC').trim().toLowerCase());
  const column = {} as Record<keyof RosterRow, number>;
  const missing: string[] = [];
  for (const [key, names] of Object.entries(headers) as [keyof RosterRow, string[]][]) {
    const i = header.findIndex((h) => names.includes(h));
    if (i < 0) missing.push(names[0]!);
    column[key] = i;
  }
  if (missing.length > 0) {
    return { rows: [], warnings: [], errors: [{ row: 1, zh: `第一行须写明各列的名称，缺少：${missing.join('、')}`, en: `the first row must name the columns; missing: ${missing.join(', ')}` }] };
  }
  const errors: RosterProblem[] = [];
  const rows: RosterRow[] = [];
  const rowNumbers: number[] = [];
  const seen = { ticket: new Map<string, number>(), seat: new Map<string, number>() };
  records.slice(1).forEach((r, i) => {
    const rowNo = i + 2;
    const cell = (k: keyof RosterRow) => (r[column[k]] ?? '').trim();
    // Full-width digits and letters (０１, Ｘ) become their plain forms; an apostrophe Excel users
    // type to keep a number as text is not part of it.
    const row: RosterRow = {
      name: cell('name').normalize('NFC'),
      idNumber: cell('idNumber').normalize('NFKC').replace(/^'/, '').toUpperCase(),
      ticket: cell('ticket').normalize('NFKC'),
      seat: place === 'seat' ? cell('seat').normalize('NFKC') : cell('seat').normalize('NFC'),
    };
    const bad = (zh: string, en: string) => errors.push({ row: rowNo, zh, en });
    const name = nameProblem(row.name);
    if (name) bad(name.zh, name.en);
    const id = idProblem(row.idNumber);
    if (id) bad(id.zh, id.en);
    if (!/^[0-9A-Za-z-]{1,32}$/.test(row.ticket)) bad('准考证号应为 1–32 位字母、数字或连字符', 'an admission ticket is 1–32 letters, digits or hyphens');
    else if (seen.ticket.has(row.ticket)) bad(`准考证号 ${row.ticket} 与第 ${seen.ticket.get(row.ticket)} 行重复`, `admission ticket ${row.ticket} is also on row ${seen.ticket.get(row.ticket)}`);
    if (isObjectMember(row.seat)) bad(`${place === 'seat' ? '座位号' : '面试室'} ${row.seat} 为系统保留字，请换一个`, `${place === 'seat' ? 'seat' : 'interview room'} ${row.seat} is a reserved name (a member of every JavaScript object): choose another`);
    else if (place === 'seat' && !/^[0-9A-Za-z-]{1,16}$/.test(row.seat)) bad('座位号应为 1–16 位字母、数字或连字符', 'a seat number is 1–16 letters, digits or hyphens');
    else if (place === 'room' && (row.seat.length === 0 || row.seat.length > 40)) bad('面试室为空或超过 40 个字', 'the interview room is empty or longer than 40 characters');
    else if (place === 'seat' && seen.seat.has(row.seat)) bad(`座位号 ${row.seat} 与第 ${seen.seat.get(row.seat)} 行重复`, `seat ${row.seat} is also given on row ${seen.seat.get(row.seat)}`);
    if (!seen.ticket.has(row.ticket)) seen.ticket.set(row.ticket, rowNo);
    if (!seen.seat.has(row.seat)) seen.seat.set(row.seat, rowNo);
    rows.push(row);
    rowNumbers.push(rowNo);
  });
  const warnings: RosterWarning[] = [];
  for (const c of place === 'seat' ? (['ticket', 'seat'] as const) : (['ticket'] as const)) {
    for (const w of lostLeadingZeros(rows.map((x) => x[c]), c, rowNumbers)) {
      const clash = seen[c].get(w.to);
      if (clash !== undefined) {
        errors.push({ row: w.row, zh: `${COLUMN_ZH[c]}“${w.from}”补足前导零后是“${w.to}”，与第 ${clash} 行重复`, en: `${COLUMN_EN[c]} “${w.from}” with its leading zeros is “${w.to}”, which is also on row ${clash}` });
      } else warnings.push(w);
    }
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ row: 1, zh: '名单中没有考生', en: 'the roster has no candidates' });
  return { rows, errors, warnings };
}

/**
 * Excel reads "01" as the number 1 unless the column is text: where a column's numbers are written
 * with leading zeros ("01" … "40"), a shorter number beside them ("1") has most likely lost its zero.
 */
function lostLeadingZeros(values: string[], column: 'ticket' | 'seat', rowNumbers: number[]): RosterWarning[] {
  const widths = new Map<number, number>();
  for (const v of values) if (/^0\d+$/.test(v)) widths.set(v.length, (widths.get(v.length) ?? 0) + 1);
  if (widths.size === 0) return [];
  const width = [...widths.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
  const example = values.find((v) => /^0\d+$/.test(v) && v.length === width)!;
  const out: RosterWarning[] = [];
  values.forEach((v, i) => {
    if (!/^\d+$/.test(v) || v.length >= width) return;
    const to = v.padStart(width, '0');
    out.push({
      row: rowNumbers[i]!,
      column,
      from: v,
      to,
      zh: `${COLUMN_ZH[column]}“${v}”可能被 Excel 去掉了前导零（其他${COLUMN_ZH[column]}如“${example}”是 ${width} 位）；确认后按“${to}”导入。以后请把该列设为“文本”格式`,
      en: `${COLUMN_EN[column]} “${v}” may have lost its leading zeros to Excel (others, such as “${example}”, have ${width} digits); once confirmed it is imported as “${to}”. Format the column as text next time`,
    });
  });
  return out;
}

/** What is wrong with a name as read from a file of Excel's, if anything. */
export function nameProblem(name: string): { zh: string; en: string } | null {
  if (!name) return { zh: '姓名为空', en: 'the name is empty' };
  if ([...name].length > 50) return { zh: '姓名超过 50 个字', en: 'the name is longer than 50 characters' };
  if (INVISIBLE_CHARACTERS.test(name)) return { zh: '姓名中有控制字符或不可见字符（如双向覆盖符、零宽空格）', en: 'the name holds control or invisible characters (bidirectional overrides, zero-width spaces)' };
  if (/[?？\uFFFD]/.test(name)) {
    return {
      zh: `姓名“${name}”中有“?”：用“CSV（逗号分隔）”即 ANSI 编码另存时，编码以外的生僻字（如“𠮷”）会变成“?”。请另存为“CSV UTF-8（逗号分隔）”，或直接使用 .xlsx 文件`,
      en: `the name “${name}” has a “?”: saving as “CSV (Comma delimited)”, an ANSI encoding, turns rare characters (such as “𠮷”) into “?”. Save as “CSV UTF-8 (Comma delimited)” or use the .xlsx workbook`,
    };
  }
  return null;
}

/** What is wrong with an ID number as read from a file of Excel's, said with what Excel most likely did to it. */
export function idProblem(id: string): { zh: string; en: string } | null {
  if (/^\d(\.\d+)?E\+?\d+$/i.test(id)) {
    return {
      zh: `身份证号被 Excel 写成了科学计数法（${id}），后几位已经丢失：请把该列设为“文本”格式，重新填写身份证号后保存`,
      en: `Excel turned the ID number into scientific notation (${id}) and its last digits are lost: format the column as text, type the ID numbers again and save`,
    };
  }
  const problem = idNumberProblem(id);
  if (!problem) return null;
  if (/^\d{16,18}$/.test(id) && /0{2,}$/.test(id)) {
    return {
      zh: `身份证号 ${id} 的校验位不符，且末尾是 0：很可能是 Excel 把它当作数字保存，只保留了 15 位有效数字。请把该列设为“文本”格式，重新填写后保存`,
      en: `ID number ${id} fails its check and ends in zeros: Excel most likely kept it as a number, which holds only 15 significant digits. Format the column as text, type it again and save`,
    };
  }
  if (/check digit/.test(problem)) return { zh: `身份证号 ${id} 的校验位不符，请核对`, en: `the check digit of ID number ${id} is wrong` };
  return { zh: `身份证号 ${id || '（空）'} 不是 18 位（17 位数字加一位数字或 X）`, en: `ID number ${id || '(empty)'} is not 17 digits followed by a digit or X` };
}
