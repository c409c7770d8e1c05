import { describe, expect, it } from 'vitest';
import { autoMark } from './marking';
import type { AnswerKey, Question } from './paper';

const key: AnswerKey = {
  format: 'answer-key/1',
  paperSealId: '01020304',
  answers: {
    s: { type: 'single', correct: 2 },
    m: { type: 'multiple', correct: [0, 2], partialPoints: 100 },
    t: { type: 'true-false', correct: false },
    f: { type: 'fill-in', correct: [['民主集中制'], ['Ａ', 'alpha']] },
    e: { type: 'essay', reference: '' },
  },
};
const q = (id: string, type: Question['type'], extra: Partial<Question> = {}): Question => ({ id, type, prompt: 'p', points: 300, ...extra });

describe('automatic marking', () => {
  it('marks single, true/false and multiple choice', () => {
    expect(autoMark(q('s', 'single', { options: ['a', 'b', 'c'] }), key, 2)).toBe(300);
    expect(autoMark(q('s', 'single', { options: ['a', 'b', 'c'] }), key, 1)).toBe(0);
    expect(autoMark(q('s', 'single', { options: ['a', 'b', 'c'] }), key, null)).toBe(0);
    expect(autoMark(q('t', 'true-false'), key, false)).toBe(300);
    expect(autoMark(q('t', 'true-false'), key, null)).toBe(0);
    const m = q('m', 'multiple', { options: ['a', 'b', 'c'] });
    expect(autoMark(m, key, [2, 0])).toBe(300);
    expect(autoMark(m, key, [0])).toBe(100);
    expect(autoMark(m, key, [0, 1])).toBe(0);
    expect(autoMark(m, key, [])).toBe(0);
  });
  it('marks fill-in blanks after NFKC, case and white-space folding', () => {
    const f = q('f', 'fill-in', { blanks: 2 });
    expect(autoMark(f, key, [' 民主集中制 ', 'A'])).toBe(300);
    expect(autoMark(f, key, ['民主集中制', 'b'])).toBe(150);
    expect(autoMark(f, key, ['x', 'ALPHA'])).toBe(150);
  });
  it('leaves open answers to markers and refuses a key that does not fit', () => {
    expect(autoMark(q('e', 'essay'), key, 'text')).toBeNull();
    expect(() => autoMark(q('zz', 'single', { options: ['a', 'b'] }), key, 0)).toThrow(/no entry/);
    expect(() => autoMark(q('s', 'true-false'), key, true)).toThrow(/single in the key/);
  });
});
