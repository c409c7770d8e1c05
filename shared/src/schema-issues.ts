import type { z } from 'zod';

/** One problem a schema found: where (the field path, empty for the whole), and what, in English and, where the wording is ours, Chinese. */
export interface SchemaProblem {
  at: Array<string | number>;
  message: string;
  zh?: string;
}

type RawIssue = z.core.$ZodRawIssue;
type Text = { en?: string; zh: string };

// What a value is, in the words of someone correcting a form: zod's type names are a programmer's.
const KIND: Record<string, { en: string; zh: string }> = {
  string: { en: 'text', zh: '文字' },
  number: { en: 'a number', zh: '数字' },
  int: { en: 'a whole number', zh: '整数' },
  bigint: { en: 'a whole number', zh: '整数' },
  nan: { en: 'not a number', zh: '非数字' },
  fraction: { en: 'a fraction', zh: '小数' },
  infinite: { en: 'a number too large to hold (such as 1e309)', zh: '过大、无法表示的数（如 1e309）' },
  boolean: { en: 'true or false', zh: '是或否（true/false）' },
  object: { en: 'a set of fields', zh: '一组字段' },
  array: { en: 'a list', zh: '列表' },
  null: { en: 'empty (null)', zh: '空值（null）' },
  date: { en: 'a date', zh: '日期' },
};
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && Number.isNaN(v) ? 'nan' : typeof v === 'number' && !Number.isFinite(v) ? 'infinite' : typeof v === 'number' && !Number.isInteger(v) ? 'fraction' : typeof v);
const en = (kind: string) => KIND[kind]?.en ?? kind;
const zh = (kind: string) => KIND[kind]?.zh ?? kind;
const shown = (v: unknown) => (typeof v === 'string' ? `“${v}”` : String(v));
const SIZED: Record<string, { en: [string, string]; zh: string }> = {
  string: { en: ['character', 'characters'], zh: '个字符' },
  array: { en: ['item', 'items'], zh: '项' },
  set: { en: ['item', 'items'], zh: '项' },
  file: { en: ['byte', 'bytes'], zh: '字节' },
};
const unitEn = (unit: { en: [string, string] }, n: string) => `${n} ${unit.en[n === '1' ? 0 : 1]}`;

/**
 * A problem's wording, from the issue as the schema raises it (its input still at hand): English
 * where ours says more than zod's (undefined keeps zod's), Chinese always, except for the problems
 * a schema words itself (`custom`), which keep their own words. Used as a per-parse error map, which
 * a schema's own message overrides.
 */
export function issueText(iss: RawIssue): Text | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return { en: 'is required', zh: '必填：缺少此项' };
      return { en: `must be ${en(iss.expected)}, not ${en(kindOf(iss.input))}`, zh: `应为${zh(iss.expected)}，而不是${zh(kindOf(iss.input))}` };
    case 'invalid_value':
      if (iss.values.length === 1) return { en: `must be ${shown(iss.values[0])}`, zh: `应为 ${shown(iss.values[0])}` };
      return { en: `must be one of: ${iss.values.map(shown).join(', ')}`, zh: `应为以下之一：${iss.values.map(shown).join('、')}` };
    case 'too_big': {
      const unit = SIZED[iss.origin];
      const max = String(iss.maximum);
      if (unit) return { en: `at most ${unitEn(unit, max)}`, zh: `最多 ${max} ${unit.zh}` };
      return iss.inclusive !== false ? { en: `at most ${max}`, zh: `不能大于 ${max}` } : { en: `must be less than ${max}`, zh: `应小于 ${max}` };
    }
    case 'too_small': {
      const unit = SIZED[iss.origin];
      const min = String(iss.minimum);
      if (iss.origin === 'string' && Number(iss.minimum) === 1) return { en: 'must not be empty', zh: '不能为空' };
      if (unit) return { en: `at least ${unitEn(unit, min)}`, zh: `至少 ${min} ${unit.zh}` };
      return iss.inclusive !== false ? { en: `at least ${min}`, zh: `不能小于 ${min}` } : { en: `must be more than ${min}`, zh: `应大于 ${min}` };
    }
    case 'invalid_format':
      // zod's English names the pattern, which helps whoever reads the schema; the Chinese says what to do.
      return { zh: iss.format === 'regex' ? '格式不对' : `不是有效的 ${iss.format}` };
    case 'not_multiple_of':
      return { en: `must be a multiple of ${String(iss.divisor)}`, zh: `应为 ${String(iss.divisor)} 的倍数` };
    case 'unrecognized_keys':
      return { en: `unknown field(s): ${iss.keys.join(', ')}`, zh: `有不认识的字段：${iss.keys.join('、')}` };
    case 'invalid_union':
      return { en: 'is not a valid value here', zh: '此处的值不符合任何一种允许的形式' };
    case 'invalid_key':
      return { zh: '含有无效的键' };
    case 'invalid_element':
      return { zh: '含有无效的值' };
    default:
      return undefined;
  }
}

/**
 * The problems `schema` finds in `input`, at most `max`, each by path and in both languages. For
 * a refusal, after a parse has failed: the schema is run twice more, once for each language's
 * words, which costs nothing on the path of input that passes.
 */
export function schemaProblems(schema: z.ZodType, input: unknown, max = 10): SchemaProblem[] {
  const inEnglish = schema.safeParse(input, { error: (iss) => issueText(iss)?.en });
  const inChinese = schema.safeParse(input, { error: (iss) => issueText(iss)?.zh });
  if (inEnglish.success) return [];
  const zhIssues = inChinese.success ? [] : inChinese.error.issues;
  return inEnglish.error.issues.slice(0, max).map((i, k) => {
    const at = i.path.map((p) => (typeof p === 'number' ? p : String(p)));
    // A schema's own words come back the same from both runs; their Chinese, if any, is the issue's `params.zh` (see `bilingual`).
    const own = i.code === 'custom' ? (i.params as { zh?: unknown } | undefined)?.zh : undefined;
    if (typeof own === 'string') return { at, message: i.message, zh: own };
    const z = zhIssues[k];
    return z && z.message !== i.message && z.path.join('.') === i.path.join('.') ? { at, message: i.message, zh: z.message } : { at, message: i.message };
  });
}

/** A problem as an error's detail (`ErrorBody.details`): its path joined with dots, empty for the whole. */
export const problemDetail = (p: SchemaProblem): { path: string; message: string; zh?: string } => ({ path: p.at.join('.'), message: p.message, ...(p.zh ? { zh: p.zh } : {}) });

/**
 * A schema's own problem in both languages, for `refine` and `addIssue`: `{ message, params: { zh } }`.
 * schemaProblems gives the Chinese with the English.
 */
export const bilingual = (en: string, zh: string): { message: string; params: { zh: string } } => ({ message: en, params: { zh } });
