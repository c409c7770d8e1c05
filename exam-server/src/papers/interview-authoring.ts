import { z } from 'zod';
import { LineCounter, parseDocument } from 'yaml';
import { ExamError, bilingual, interviewSetSchema, parseHundredths, schemaProblems, type InterviewSet } from '@exam/shared';
import { placesIn, refuseBrokenYaml } from './authored-file';

/**
 * Authored interview questions (题本), YAML: each question with its answer time and its rubric
 * (测评要素): items with a maximum and a step, in points (at most two decimals). docs/interviews.md.
 */
const pts = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const h = parseHundredths(v);
  if (h === null || h <= 0) {
    ctx.addIssue({ code: 'custom', ...bilingual('a positive number with at most two decimals', '应为正数，至多两位小数') });
    return z.NEVER;
  }
  return h;
});
const authored = z
  .object({
    title: z.string().min(1),
    questions: z
      .array(
        z
          .object({
            id: z.string().optional(),
            prompt: z.string().min(1),
            answer_minutes: z.number().int().positive(),
            rubric: z.array(z.object({ id: z.string().min(1), label: z.string().min(1), max: pts, step: pts }).strict()).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export function parseInterviewQuestions(source: string): InterviewSet {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false });
  refuseBrokenYaml(doc, lc, 'the questions are');
  const { problem } = placesIn(doc, lc);
  const fail = (schema: z.ZodType, input: unknown) => {
    const problems = schemaProblems(schema, input, Infinity);
    return new ExamError('invalid-paper', `the questions have ${problems.length} problem(s)`, problems.map((p) => problem(p)));
  };
  const js: unknown = doc.toJS();
  const a = authored.safeParse(js);
  if (!a.success) throw fail(authored, js);
  const built = {
    format: 'interview/1',
    title: a.data.title,
    questions: a.data.questions.map((q, i) => ({ id: q.id ?? `i${i + 1}`, prompt: q.prompt, answerMinutes: q.answer_minutes, rubric: q.rubric })),
  };
  const set = interviewSetSchema.safeParse(built);
  if (!set.success) throw fail(interviewSetSchema, built);
  return set.data;
}
