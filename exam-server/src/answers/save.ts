import { ExamError, answerShapeProblem } from '@exam/shared';
import type { Handler } from '../realtime/requests';
import { boundCandidate } from './candidate';
import { SAVE_GRACE_MS, endsAt } from '../sessions/timing';

/** One autosave: checked against the candidate's state and the question, then written durably. */
export const saveAnswer: Handler<'answer:save'> = async ({ ctx, device }, { questionId, value, rev }) => {
  const { session, candidate } = boundCandidate(ctx, device.id);
  if (session.state !== 'running') throw new ExamError('session-state', session.state === 'scheduled' ? 'the exam has not started' : 'the exam is closed');
  if (candidate.submitted_at !== null || candidate.submitting) throw new ExamError('already-submitted', 'the paper has been handed in');
  if (candidate.paused_at !== null) throw new ExamError('paused', 'the invigilator has paused this seat');
  const now = ctx.now();
  if (now > endsAt(session, candidate, now)! + SAVE_GRACE_MS) throw new ExamError('time-up', 'time is up');
  const question = ctx.opened.question(session.paper_id, questionId);
  if (!question) throw new ExamError('not-found', `the paper has no question ${questionId}`);
  const problem = answerShapeProblem(question, value);
  if (problem) throw new ExamError('bad-request', `question ${questionId}: ${problem}`);
  await ctx.answers.save({ sessionId: session.id, ticket: candidate.ticket, questionId, valueJson: JSON.stringify(value), rev, at: now });
  ctx.seats.saved(session.id);
  return { rev };
};
