import { z } from 'zod';
import { bilingual } from '../schema-issues';

/** The kinds of question a paper may hold (docs/papers.md). */
export const QUESTION_TYPES = ['single', 'multiple', 'true-false', 'fill-in', 'short-answer', 'essay'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
/** Each type as authors and markers call it. */
export const QUESTION_TYPE_ZH: Record<QuestionType, string> = { single: '单选题', multiple: '多选题', 'true-false': '判断题', 'fill-in': '填空题', 'short-answer': '简答题', essay: '论述题' };

/** Objective questions are marked by the machine; the rest by markers. */
export const isObjective = (t: QuestionType): boolean => t === 'single' || t === 'multiple' || t === 'true-false' || t === 'fill-in';

const text = (max: number) => z.string().min(1).max(max);
const id = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'an id is 1–32 letters, digits, dot, dash or underscore');
const hundredths = z.number().int().positive().max(100_000);

/** One question as it travels inside the sealed paper: no answers in it. */
export const questionSchema = z
  .object({
    id,
    type: z.enum(QUESTION_TYPES),
    prompt: text(20_000),
    /** Choice texts in the author's order (single and multiple choice only). */
    options: z.array(text(2_000)).min(2).max(10).optional(),
    /** True when the options must not be shuffled (e.g. "all of the above"). */
    fixedOrder: z.boolean().optional(),
    /** Number of blanks (fill-in only). */
    blanks: z.number().int().min(1).max(20).optional(),
    /** Maximum points, in hundredths. */
    points: hundredths,
    /** Suggested length of an essay, in characters. */
    wordLimit: z.number().int().positive().max(100_000).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const choice = q.type === 'single' || q.type === 'multiple';
    if (choice && !q.options) ctx.addIssue({ code: 'custom', path: ['options'], ...bilingual(`a ${q.type} question needs options`, `${QUESTION_TYPE_ZH[q.type]}须有选项`) });
    if (!choice && q.options) ctx.addIssue({ code: 'custom', path: ['options'], ...bilingual(`a ${q.type} question has no options`, `${QUESTION_TYPE_ZH[q.type]}没有选项`) });
    if (q.type === 'fill-in' && !q.blanks) ctx.addIssue({ code: 'custom', path: ['blanks'], ...bilingual('a fill-in question needs blanks', '填空题须写明空的个数') });
  });
export type Question = z.infer<typeof questionSchema>;

export const sectionSchema = z.object({ title: text(500), questions: z.array(questionSchema).min(1).max(500) }).strict();
export type Section = z.infer<typeof sectionSchema>;

/** The plaintext inside a sealed paper. */
export const paperSchema = z
  .object({
    format: z.literal('paper/1'),
    title: text(500),
    instructions: z.string().max(20_000).default(''),
    durationMinutes: z.number().int().min(1).max(24 * 60),
    sections: z.array(sectionSchema).min(1).max(50),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.sections.forEach((s, si) =>
      s.questions.forEach((q, qi) => {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'questions', qi, 'id'], ...bilingual(`question id ${q.id} is used twice`, `题号 ${q.id} 用了两次`) });
        seen.add(q.id);
      }),
    );
  });
export type Paper = z.infer<typeof paperSchema>;

/** The correct answer of one question, inside the sealed answer key. */
export const keyEntrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('single'), correct: z.number().int().min(0).max(9) }).strict(),
  z
    .object({
      type: z.literal('multiple'),
      correct: z.array(z.number().int().min(0).max(9)).min(1).max(10),
      /** Points for a correct, non-empty subset with no wrong choice (hundredths); 0 if absent. */
      partialPoints: z.number().int().min(0).max(100_000).optional(),
    })
    .strict(),
  z.object({ type: z.literal('true-false'), correct: z.boolean() }).strict(),
  /** For each blank, the accepted answers. */
  z.object({ type: z.literal('fill-in'), correct: z.array(z.array(text(500)).min(1).max(20)).min(1).max(20) }).strict(),
  z.object({ type: z.literal('short-answer'), reference: z.string().max(20_000) }).strict(),
  z.object({ type: z.literal('essay'), reference: z.string().max(20_000) }).strict(),
]);
export type KeyEntry = z.infer<typeof keyEntrySchema>;

export const answerKeySchema = z
  .object({
    format: z.literal('answer-key/1'),
    /** The seal id of the paper this key belongs to. */
    paperSealId: z.string().regex(/^[0-9a-f]{8}$/),
    answers: z.record(id, keyEntrySchema),
  })
  .strict();
export type AnswerKey = z.infer<typeof answerKeySchema>;

/** Every question of the paper in the author's order. */
export function allQuestions(paper: Paper): Question[] {
  return paper.sections.flatMap((s) => s.questions);
}

/** The paper's total points in hundredths. */
export function paperTotal(paper: Paper): number {
  return allQuestions(paper).reduce((n, q) => n + q.points, 0);
}
