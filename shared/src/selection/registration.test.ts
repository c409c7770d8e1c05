import { describe, expect, it } from 'vitest';
import { sameName } from './registration';

describe('sameName: a name given later against the name on the form', () => {
  it('is the same after trimming and in NFC, and only then', () => {
    const cases: Array<[string, string, boolean]> = [
      ['吉𠮷', '吉𠮷', true],
      [' 吉𠮷　', '吉𠮷', true], // a space, an ideographic space, as a cell may keep them
      ['Zoe\u0301', 'Zo\u00e9', true], // the same letter, decomposed and composed
      ['甲乙', '甲一', false],
      ['Zoe', 'Zo\u00e9', false],
    ];
    expect(new Set(cases.map(([a, b]) => `${a}|${b}`)).size).toBe(cases.length);
    for (const [given, onForm, same] of cases) expect(sameName(given, onForm), `${given} / ${onForm}`).toBe(same);
  });
});
