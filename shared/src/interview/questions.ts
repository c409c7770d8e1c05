import { z } from 'zod';
import { bilingual } from '../schema-issues';

const id = z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/);
const hundredths = z.number().int().positive().max(100_000);

/** One item of a rubric (测评要素): a label, the most it can score, and the step scores move in. */
export const rubricItemSchema = z
  .object({ id, label: z.string().min(1).max(200), max: hundredths, step: hundredths })
  .strict()
  .refine((r) => r.max % r.step === 0, 'the maximum must be a whole number of steps');
export type RubricItem = z.infer<typeof rubricItemSchema>;

export const interviewQuestionSchema = z
  .object({
    id,
    prompt: z.string().min(1).max(20_000),
    /** Time the candidate has to answer, shown as a timer on the tablets. */
    answerMinutes: z.number().int().min(1).max(120),
    rubric: z.array(rubricItemSchema).min(1).max(20),
  })
  .strict();
export type InterviewQuestion = z.infer<typeof interviewQuestionSchema>;

/** The plaintext inside sealed interview questions (题本): the same questions for every candidate of the day. */
export const interviewSetSchema = z
  .object({
    format: z.literal('interview/1'),
    title: z.string().min(1).max(500),
    questions: z.array(interviewQuestionSchema).min(1).max(10),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    for (const q of s.questions) for (const r of q.rubric) {
      const k = `${q.id}/${r.id}`;
      if (seen.has(k)) ctx.addIssue({ code: 'custom', ...bilingual(`rubric item ${k} appears twice`, `评分要素 ${k} 出现了两次`) });
      seen.add(k);
    }
  });
export type InterviewSet = z.infer<typeof interviewSetSchema>;

/** The most a sheet can total, in hundredths. */
export const interviewMax = (set: InterviewSet): number => set.questions.reduce((s, q) => s + q.rubric.reduce((t, r) => t + r.max, 0), 0);
