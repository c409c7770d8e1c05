import { z } from 'zod';
import { LineCounter, parseDocument } from 'yaml';
import { ExamError, QUESTION_TYPES, QUESTION_TYPE_ZH, answerKeySchema, bilingual, paperSchema, parseHundredths, schemaProblems, type AnswerKey, type KeyEntry, type Paper, type Question } from '@exam/shared';
import { placesIn, refuseBrokenYaml, type FileProblem } from './authored-file';

/**
 * The paper an author writes (docs/papers.md): YAML (or JSON), answers inline. Sealing splits it
 * into the paper, which candidates see after the start, and the answer key, sealed apart.
 */
const LETTERS = 'ABCDEFGHIJ';
const points = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const h = parseHundredths(v);
  if (h === null || h <= 0) {
    ctx.addIssue({ code: 'custom', ...bilingual('points are a positive number with at most two decimals', '分值应为正数，至多两位小数') });
    return z.NEVER;
  }
  return h;
});
const letter = z.string().refine((v) => /^[A-J]$/.test(v), bilingual('an answer is an option letter A–J', '答案应为选项字母 A–J'));
const truth = z.union([z.boolean(), z.enum(['对', '错', '√', '×', 'T', 'F'])]).transform((v) => v === true || v === '对' || v === '√' || v === 'T');

const authoredQuestion = z
  .object({
    id: z.string().optional(),
    type: z.enum(QUESTION_TYPES),
    prompt: z.string().min(1),
    options: z.array(z.string().min(1)).optional(),
    fixed_order: z.boolean().optional(),
    answer: z.union([letter, z.array(letter), truth]).optional(),
    partial_points: points.optional(),
    blanks: z.array(z.union([z.string(), z.array(z.string()).min(1)])).optional(),
    points,
    reference: z.string().optional(),
    word_limit: z.number().int().positive().optional(),
  })
  .strict();

/** The paper's frame; each question is checked on its own, so one bad question hides no other problem. */
const authoredPaper = z
  .object({
    title: z.string().min(1),
    instructions: z.string().optional(),
    duration_minutes: z.number().int().positive(),
    sections: z.array(z.object({ title: z.string().min(1), questions: z.array(z.unknown()).min(1) }).strict()).min(1),
  })
  .strict();

type Authored = z.infer<typeof authoredQuestion>;

function toQuestion(a: Authored, id: string, problems: FileProblem[], path: string): { q: Question; key: KeyEntry } | null {
  const base = { id, type: a.type, prompt: a.prompt, points: a.points } as Question;
  const fail = (field: string, message: string, zh: string) => {
    problems.push({ path: `${path}.${field}`, message, zh });
    return null;
  };
  const kind = QUESTION_TYPE_ZH[a.type];
  switch (a.type) {
    case 'single':
    case 'multiple': {
      if (!a.options) return fail('options', `a ${a.type} question needs options`, `${kind}须有选项（options）`);
      const answers = Array.isArray(a.answer) ? a.answer : typeof a.answer === 'string' ? [a.answer] : null;
      if (!answers || answers.length === 0) return fail('answer', 'give the correct option letter(s)', '请给出正确选项的字母（answer）');
      if (new Set(answers).size !== answers.length) return fail('answer', 'an option letter is given twice', '同一个选项字母写了两次');
      if (new Set(a.options).size !== a.options.length) return fail('options', 'two options have the same text', '有两个选项的文字相同');
      const idx = answers.map((l) => LETTERS.indexOf(l));
      if (idx.some((i) => i >= a.options!.length)) return fail('answer', `the answer names an option the question does not have (it has ${a.options.length})`, `答案中的选项本题没有（本题共 ${a.options.length} 个选项）`);
      if (a.type === 'single' && idx.length !== 1) return fail('answer', 'a single choice has exactly one correct option', '单选题恰有一个正确选项');
      const q = { ...base, options: a.options, ...(a.fixed_order ? { fixedOrder: true } : {}) };
      const key: KeyEntry =
        a.type === 'single'
          ? { type: 'single', correct: idx[0]! }
          : { type: 'multiple', correct: [...new Set(idx)].sort(), ...(a.partial_points !== undefined ? { partialPoints: a.partial_points } : {}) };
      if (a.partial_points !== undefined && a.partial_points >= a.points) return fail('partial_points', 'partial points must be below the full points', '部分得分应低于该题满分');
      return { q, key };
    }
    case 'true-false':
      if (typeof a.answer !== 'boolean') return fail('answer', 'a true/false question needs answer: true or false (对/错)', '判断题须写 answer: 对 或 错');
      return { q: base, key: { type: 'true-false', correct: a.answer } };
    case 'fill-in': {
      if (!a.blanks || a.blanks.length === 0) return fail('blanks', 'list the accepted answers of each blank', '请列出每个空可接受的答案（blanks）');
      const correct = a.blanks.map((b) => (Array.isArray(b) ? b : [b]));
      return { q: { ...base, blanks: correct.length }, key: { type: 'fill-in', correct } };
    }
    default:
      return { q: { ...base, ...(a.word_limit ? { wordLimit: a.word_limit } : {}) }, key: { type: a.type, reference: a.reference ?? '' } };
  }
}

/**
 * Parses an authored paper. Every problem names the field path and the line in the file; all
 * problems are reported together, not only the first.
 */
export function parseAuthoredPaper(source: string, sealId = '00000000'): { paper: Paper; answerKey: AnswerKey } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  refuseBrokenYaml(doc, lineCounter, 'the paper is');
  const { lineOf, problem } = placesIn(doc, lineCounter);
  const js: unknown = doc.toJS();
  const parsed = authoredPaper.safeParse(js);
  if (!parsed.success) {
    throw new ExamError('invalid-paper', `the paper has ${parsed.error.issues.length} problem(s)`, schemaProblems(authoredPaper, js, Infinity).map((p) => problem(p)));
  }
  const problems: FileProblem[] = [];
  const answers: Record<string, KeyEntry> = {};
  let n = 0;
  const sections = parsed.data.sections.map((s, si) => ({
    title: s.title,
    questions: s.questions.flatMap((raw, qi) => {
      n++;
      const path = ['sections', si, 'questions', qi];
      const q = authoredQuestion.safeParse(raw);
      if (!q.success) {
        problems.push(...schemaProblems(authoredQuestion, raw, Infinity).map((p) => problem(p, path)));
        return [];
      }
      const a = q.data;
      const before = problems.length;
      const made = toQuestion(a, a.id ?? `q${n}`, problems, path.join('.'));
      for (const p of problems.slice(before)) p.line = lineOf([...path, p.path.split('.').pop()!]);
      if (!made) return [];
      if (answers[made.q.id]) problems.push({ path: `${path.join('.')}.id`, line: lineOf([...path, 'id']) ?? lineOf(path), message: `question id ${made.q.id} is used twice`, zh: `题号 ${made.q.id} 用了两次` });
      answers[made.q.id] = made.key;
      return [made.q];
    }),
  }));
  if (problems.length > 0) throw new ExamError('invalid-paper', `the paper has ${problems.length} problem(s)`, problems);
  const built = {
    format: 'paper/1',
    title: parsed.data.title,
    instructions: parsed.data.instructions ?? '',
    durationMinutes: parsed.data.duration_minutes,
    sections,
  };
  const paper = paperSchema.safeParse(built);
  if (!paper.success) throw new ExamError('invalid-paper', 'the paper breaks a limit', schemaProblems(paperSchema, built, Infinity).map((p) => problem(p)));
  const answerKey = answerKeySchema.parse({ format: 'answer-key/1', paperSealId: sealId, answers });
  return { paper: paper.data, answerKey };
}
