import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { ExamError } from '@exam/shared';

/** A roster's cells as text, row by row, the header row first, whichever file it came in. */
export interface RosterRecords {
  records: string[][];
  /** how the file was read: 'utf-8', 'gb18030' or 'xlsx' */
  encoding: 'utf-8' | 'gb18030' | 'xlsx';
}

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

/** An .xlsx workbook is a ZIP file: it begins with a local file header, "PK\x03\x04". */
export const isXlsx = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const notEmpty = (r: string[]) => r.some((c) => c.trim() !== '');

/** A cell holding the character U+0000 is a damaged file, not a name: refused, with its row (docs/protocol.md §1). */
function withoutNul(r: RosterRecords): RosterRecords {
  const row = r.records.findIndex((cells) => cells.some((c) => c.includes('\u0000')));
  if (row >= 0) throw new ExamError('invalid-roster', `row ${row + 1} holds the character U+0000: the file is damaged`, [{ message: `第 ${row + 1} 行含有空字符（U+0000），文件已损坏 / row ${row + 1} holds the character U+0000: the file is damaged` }]);
  return r;
}

export function csvRecords(bytes: Uint8Array): RosterRecords {
  const { text, encoding } = decodeRoster(bytes);
  try {
    // Rows Excel leaves as bare commas (",,,") are as empty as blank lines.
    const records = (parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][]).filter(notEmpty);
    return withoutNul({ records, encoding });
  } catch (err) {
    if (err instanceof ExamError) throw err;
    throw new ExamError('invalid-roster', `the file is not CSV: ${(err as Error).message}`, [{ message: `文件不是 CSV 格式 / the file is not CSV: ${(err as Error).message}` }]);
  }
}

/**
 * The first worksheet of an .xlsx workbook, each cell as text. A number stays a number's digits
 * (an ID number Excel kept as a number has already lost its last three digits, and the checks say
 * so); a formula gives its result; a date its ISO day.
 */
export async function xlsxRecords(bytes: Uint8Array): Promise<RosterRecords> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw new ExamError('invalid-roster', `the workbook cannot be read: ${(err as Error).message}`, [{ message: `无法读取该 Excel 文件 / the workbook cannot be read` }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new ExamError('invalid-roster', 'the workbook has no worksheet', [{ message: '工作簿中没有工作表 / the workbook has no worksheet' }]);
  const records: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (notEmpty(cells)) records.push(cells);
  });
  return withoutNul({ records, encoding: 'xlsx' });
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Excel keeps 15 significant digits of a number: an 18-digit ID number typed into a number cell
  // is stored (and shown) as 110105194912310000, whatever digits it had; say it as Excel would.
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? (Math.abs(v) >= 1e15 ? Number(v.toPrecision(15)) : v).toFixed(0) : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: string; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if (typeof o.text === 'string') return o.text;
    if (o.error) return o.error;
  }
  return String(v);
}
