import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { ExamError } from '@exam/shared';
import ExcelJS from 'exceljs';
import { parseRoster, readRoster } from './parse';

const csv = '姓名,身份证号,准考证号,座位号\r\n张伟,11010519491231002X,2026001,01\r\n𠮷田,440524188001010014,2026002,02\r\n';

describe('rosters from Excel', () => {
  it('reads GB18030 (what Excel writes on Chinese Windows), UTF-8 with a BOM, and plain UTF-8 alike', () => {
    const gb = parseRoster(iconv.encode(csv.replace('𠮷', '吉'), 'gb18030'));
    expect(gb.encoding).toBe('gb18030');
    expect(gb.rows[0]).toEqual({ name: '张伟', idNumber: '11010519491231002X', ticket: '2026001', seat: '01' });
    const bom = parseRoster(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]));
    expect(bom.rows[1]!.name).toBe('𠮷田');
    expect(parseRoster(new TextEncoder().encode(csv)).rows).toHaveLength(2);
  });

  it('keeps names outside the BMP whole, even in GB18030', () => {
    const r = parseRoster(iconv.encode(csv, 'gb18030'));
    expect(r.rows[1]!.name).toBe('𠮷田');
  });

  it('names every bad row and imports nothing', () => {
    const bad = '姓名,身份证号,准考证号,座位号\n张伟,110105194912310021,2026001,01\n,11010519491231002X,2026001,01\n王芳,11010519491231002X,20 26,\n';
    try {
      parseRoster(new TextEncoder().encode(bad));
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(ExamError);
      const details = (err as ExamError).details!;
      expect(details.map((d) => d.row)).toEqual(expect.arrayContaining([2, 3, 4]));
      expect(details.find((d) => d.row === 2)!.message).toMatch(/check digit/);
      expect(details.find((d) => d.row === 2)!.zh).toMatch(/校验位不符/);
      expect(details.some((d) => d.row === 3 && /also on row 2/.test(d.message))).toBe(true);
    }
  });

  it('asks for the header row it needs', () => {
    expect(() => parseRoster(new TextEncoder().encode('a,b\n1,2\n'))).toThrow(/missing: 姓名/);
  });
});

const HEAD = '姓名,身份证号,准考证号,座位号\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
/** The details of the refusal parseRoster gives, or a failure if it accepted the roster. */
function refusal(bytes: Uint8Array, accepted: 'all' | number[] = []) {
  try {
    parseRoster(bytes, 'seat', accepted);
  } catch (err) {
    expect(err).toBeInstanceOf(ExamError);
    return (err as ExamError).details!;
  }
  throw new Error('the roster was accepted');
}

describe('Excel’s habits, met by row in Chinese and English', () => {
  it('a seat that lost its leading zero is a warning: nothing imports until it is confirmed, then it imports as padded', () => {
    const roster = utf8(`${HEAD}张伟,11010519491231002X,2026001,02\n王芳,440524188001010014,2026002,03\n李娜,110101199003074477,2026003,4\n`);
    const d = refusal(roster);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ row: 4, warning: true });
    expect(d[0]!.zh).toContain('座位号“4”可能被 Excel 去掉了前导零');
    expect(d[0]!.zh).toContain('按“04”导入');
    expect(d[0]!.message).toContain('imported as “04”');
    // Confirming another row's warning is not confirming this one.
    expect(refusal(roster, [3])).toHaveLength(1);
    expect(parseRoster(roster, 'seat', [4]).rows.map((r) => r.seat)).toEqual(['02', '03', '04']);
    expect(parseRoster(roster, 'seat', 'all').rows[2]!.seat).toBe('04');
  });

  it('a padded value that is already taken is an error, not a warning', () => {
    const d = refusal(utf8(`${HEAD}张伟,11010519491231002X,2026001,01\n王芳,440524188001010014,2026002,1\n`), 'all');
    expect(d).toEqual([expect.objectContaining({ row: 3, zh: expect.stringContaining('与第 2 行重复') })]);
    expect(d[0]!.warning).toBeUndefined();
  });

  it('tickets lose their zeros too', () => {
    const d = refusal(utf8(`${HEAD}张伟,11010519491231002X,0012026,01\n王芳,440524188001010014,12027,02\n`));
    expect(d).toEqual([expect.objectContaining({ row: 3, warning: true, zh: expect.stringContaining('准考证号“12027”') })]);
    expect(parseRoster(utf8(`${HEAD}张伟,11010519491231002X,0012026,01\n王芳,440524188001010014,12027,02\n`), 'seat', 'all').rows[1]!.ticket).toBe('0012027');
  });

  it('an ID number in scientific notation, or with its last digits zeroed, says what Excel did and what to do', () => {
    const d = refusal(utf8(`${HEAD}张伟,1.10105E+17,2026001,01\n王芳,110105194912310000,2026002,02\n`));
    expect(d.map((x) => x.row)).toEqual([2, 3]);
    expect(d[0]!.zh).toContain('科学计数法（1.10105E+17）');
    expect(d[0]!.zh).toContain('设为“文本”格式');
    expect(d[0]!.message).toContain('scientific notation');
    expect(d[1]!.zh).toContain('只保留了 15 位有效数字');
    expect(d[1]!.message).toContain('15 significant digits');
  });

  it('a name saved through ANSI, where a rare character became “?”, is refused with the way to save it', () => {
    // What Excel's "CSV (Comma delimited)" does on Chinese Windows: GBK has no 𠮷, so it writes "?".
    const ansi = iconv.encode(`${HEAD}张伟,11010519491231002X,2026001,01\n𠮷田,440524188001010014,2026002,02\n`, 'gbk');
    const d = refusal(ansi);
    expect(d).toEqual([expect.objectContaining({ row: 3, zh: expect.stringContaining('“?田”中有“?”') })]);
    expect(d[0]!.zh).toContain('CSV UTF-8');
    expect(d[0]!.message).toContain('CSV UTF-8');
  });

  it('full-width digits, an apostrophe before an ID number and rows of bare commas are read as meant', () => {
    const r = parseRoster(utf8(`${HEAD}张伟,'11010519491231002x,２０２６００１,０１\n,,,\n王芳,440524188001010014,2026002,02\n,,,\n`));
    expect(r.rows).toEqual([
      { name: '张伟', idNumber: '11010519491231002X', ticket: '2026001', seat: '01' },
      { name: '王芳', idNumber: '440524188001010014', ticket: '2026002', seat: '02' },
    ]);
  });
});

describe('rosters as .xlsx workbooks', () => {
  async function workbook(rows: unknown[][]): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    for (const r of rows) ws.addRow(r);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet as the CSV would be read', async () => {
    const bytes = await workbook([['姓名', '身份证号', '准考证号', '座位号'], ['张伟', '11010519491231002X', '2026001', '01'], ['𠮷田', '440524188001010014', '2026002', '02']]);
    const r = await readRoster(bytes);
    expect(r.encoding).toBe('xlsx');
    expect(r.rows).toEqual(parseRoster(utf8(csv)).rows);
  });

  it('numbers Excel kept as numbers get the same checks: a seat without its zero, an ID number without its last digits', async () => {
    const bytes = await workbook([['姓名', '身份证号', '准考证号', '座位号'], ['张伟', '11010519491231002X', '2026001', '01'], ['王芳', 110105194912310021, 2026002, 2]]);
    try {
      await readRoster(bytes);
      throw new Error('accepted');
    } catch (err) {
      const d = (err as ExamError).details!;
      expect(d.map((x) => [x.row, x.warning ?? false])).toEqual([[3, false], [3, true]]);
      expect(d[0]!.zh).toContain('只保留了 15 位有效数字');
      expect(d[1]!.zh).toContain('座位号“2”');
    }
  });

  it('a file that is neither a workbook nor CSV is refused in both languages', async () => {
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    await expect(readRoster(broken)).rejects.toMatchObject({ code: 'invalid-roster', details: [{ message: expect.stringContaining('无法读取该 Excel 文件') }] });
  });
});
