import { describe, expect, it } from 'vitest';
import { csvCell } from '../examiner-app/src/desk/csv';

describe('the desk’s results file', () => {
  it('keeps a name that begins like a formula as text, quotes what needs quoting, and leaves figures alone', () => {
    // Names reach the results from the public registration page: whatever a stranger typed there.
    const cases: Array<[string | number | null, string]> = [
      ['=HYPERLINK("http://x","点我")', `"'=HYPERLINK(""http://x"",""点我"")"`],
      ['+SUM(1)', "'+SUM(1)"],
      ['-post', "'-post"],
      ['@dept', "'@dept"],
      ['\tTAB', "'\tTAB"],
      ['张,三', '"张,三"'],
      ['王芳', '王芳'],
      [8650, '8650'],
      [-1, '-1'],
      [null, ''],
    ];
    expect(new Set(cases.map(([v]) => v)).size).toBe(cases.length);
    for (const [v, cell] of cases) expect(csvCell(v), String(v)).toBe(cell);
  });
});
