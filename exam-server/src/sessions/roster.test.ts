import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { ExamError } from '@exam/shared';
import { parseRoster } from './roster';

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
      expect(details.some((d) => d.row === 3 && /also on row 2/.test(d.message))).toBe(true);
    }
  });

  it('asks for the header row it needs', () => {
    expect(() => parseRoster(new TextEncoder().encode('a,b\n1,2\n'))).toThrow(/missing: 姓名/);
  });
});
