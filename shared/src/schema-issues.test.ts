import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bilingual, schemaProblems } from './schema-issues';
import { presetRules, rankingRulesSchema } from './ranking/rules';

/**
 * A refusal names each problem by field in both languages: the schemas' own problems carry their
 * Chinese (`bilingual`), the rest are worded from what zod found, with the input still at hand.
 */
describe('schema problems in both languages', () => {
  const schema = z
    .object({
      name: z.string().min(1).max(5),
      code: z.string().min(1),
      year: z.number().int().min(2000).max(2100),
      step: z.number().multipleOf(5),
      kind: z.enum(['a', 'b']),
      format: z.literal('paper/1'),
      list: z.array(z.string()).min(1).max(2),
      id: z.string().regex(/^[a-z]+$/),
      either: z.union([z.number(), z.boolean()]),
      odd: z.number().refine((n) => n % 2 === 1, bilingual('must be odd', '应为奇数')),
      plain: z.number().refine((n) => n > 0, { message: 'must be positive' }),
      missing: z.string(),
    })
    .strict();
  const input = { name: 'toolong', code: '', year: 1999.5, step: 7, kind: 'c', format: 'paper/2', list: [], id: 'X1', either: 'x', odd: 2, plain: -1, extra: 1 };

  it('says what a number is when it is not the one asked for: a fraction, or one too large to hold (1e309 in JSON)', () => {
    const big = JSON.parse('{"n": 1e309}') as { n: number };
    const words = (schema: z.ZodType, n: number) => schemaProblems(z.object({ n: schema }), { n }, Infinity).map((p) => [p.message, p.zh]);
    expect(words(z.number().int(), 2.5)).toEqual([['must be a whole number, not a fraction', '应为整数，而不是小数']]);
    expect(words(z.number(), big.n)).toEqual([['must be a number, not a number too large to hold (such as 1e309)', '应为数字，而不是过大、无法表示的数（如 1e309）']]);
  });

  it('words each kind of problem, each one distinctly, by its path', () => {
    const problems = schemaProblems(schema, input, Infinity);
    const byPath = Object.fromEntries(problems.map((p) => [p.at.join('.') || '(top)', { en: p.message, zh: p.zh }]));
    expect(byPath).toEqual({
      name: { en: 'at most 5 characters', zh: '最多 5 个字符' },
      code: { en: 'must not be empty', zh: '不能为空' },
      year: { en: 'must be a whole number, not a fraction', zh: '应为整数，而不是小数' },
      step: { en: 'must be a multiple of 5', zh: '应为 5 的倍数' },
      kind: { en: 'must be one of: “a”, “b”', zh: '应为以下之一：“a”、“b”' },
      format: { en: 'must be “paper/1”', zh: '应为 “paper/1”' },
      list: { en: 'at least 1 item', zh: '至少 1 项' },
      id: { en: expect.stringContaining('/^[a-z]+$/'), zh: '格式不对' },
      either: { en: 'is not a valid value here', zh: '此处的值不符合任何一种允许的形式' },
      odd: { en: 'must be odd', zh: '应为奇数' },
      plain: { en: 'must be positive', zh: undefined },
      missing: { en: 'is required', zh: '必填：缺少此项' },
      '(top)': { en: 'unknown field(s): extra', zh: '有不认识的字段：extra' },
    });
    // Thirteen problems, thirteen places: none lost, none counted twice.
    expect(problems).toHaveLength(13);
    expect(new Set(problems.map((p) => p.zh ?? p.message)).size).toBe(13);
  });

  it('bounds numbers and sizes from both sides', () => {
    const n = z.object({ a: z.number().max(3), b: z.number().lt(3), c: z.number().min(3), d: z.number().gt(3), e: z.string().min(3), f: z.array(z.number()).max(1) });
    const problems = schemaProblems(n, { a: 4, b: 3, c: 2, d: 3, e: 'x', f: [1, 2] });
    expect(problems.map((p) => [p.at.join('.'), p.message, p.zh])).toEqual([
      ['a', 'at most 3', '不能大于 3'],
      ['b', 'must be less than 3', '应小于 3'],
      ['c', 'at least 3', '不能小于 3'],
      ['d', 'must be more than 3', '应大于 3'],
      ['e', 'at least 3 characters', '至少 3 个字符'],
      ['f', 'at most 1 item', '最多 1 项'],
    ]);
  });

  it('gives at most the number asked for, and none for input that passes', () => {
    expect(schemaProblems(schema, input, 3)).toHaveLength(3);
    expect(schemaProblems(z.string(), 'fine')).toEqual([]);
  });

  it('keeps English out of the Chinese', () => {
    for (const p of schemaProblems(schema, input, Infinity)) if (p.zh) expect(p.zh.replace(/“[^”]*”|extra/g, ''), p.message).not.toMatch(/[A-Za-z]{2,}/);
  });

  it('gives the protocol schemas’ own problems in Chinese too', () => {
    const rules = { ...presetRules('sel-1', 'p1', { written: 'paper-1', interview: 'day-1' }), tieBreak: [1, 1], compositeBars: [40, 50, 60] };
    const problems = schemaProblems(rankingRulesSchema, rules, Infinity);
    expect(problems).toEqual([
      { at: ['tieBreak', 1], message: 'component 1 is listed twice', zh: '成分 1 列了两次' },
      { at: ['compositeBars'], message: 'a smaller field never has a lower bar', zh: '竞争人数较少时的综合成绩线不能低于人数较多时' },
    ]);
  });
});
