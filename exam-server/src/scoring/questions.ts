import type { InterviewSet } from '@exam/shared';
import type { ServerContext } from '../context';
import type { InterviewDaysTable } from '../db/schema/interview';

/** The day's interview questions once they are open; null while they are sealed. */
export function openedQuestions(ctx: ServerContext, day: InterviewDaysTable): InterviewSet | null {
  return ctx.opened.interview(day.questions_id) ?? null;
}
