import { ExamError, allQuestions, competitionRanks, isObjective, paperTotal, type ResultRow } from '@exam/shared';
import type { Handler } from '../realtime/requests';
import type { ServerContext } from '../context';

/**
 * The results table: objective marks plus markers' marks per candidate who handed in, ranked by
 * total (equal totals share a rank: 1, 2, 2, 4) once every open answer is marked.
 */
export const results: Handler<'desk:results'> = async ({ ctx }, { sessionId }) => sessionResults(ctx, sessionId);

export async function sessionResults(ctx: ServerContext, sessionId: string) {
  const live = ctx.live.get(sessionId);
  if (!live) throw new ExamError('not-found', `no session ${sessionId}`);
  const paper = ctx.opened.paper(live.session.paper_id);
  if (!paper || !ctx.opened.answerKey(live.session.answer_key_id)) throw new ExamError('session-state', 'results exist once the answer key is open');
  const open = allQuestions(paper).filter((q) => !isObjective(q.type));
  const marks = await ctx.db.selectFrom('marks').selectAll().where('session_id', '=', sessionId).execute();
  const rows: ResultRow[] = [...live.candidates.values()]
    .filter((c) => c.submitted_at !== null)
    .map((c): ResultRow => {
      const mine = marks.filter((m) => m.ticket === c.ticket);
      const isOpen = (qid: string) => open.some((q) => q.id === qid);
      const objective = mine.filter((m) => !isOpen(m.question_id)).reduce((s, m) => s + m.points, 0);
      const marked = mine.filter((m) => isOpen(m.question_id));
      const unmarked = open.filter((q) => !marked.some((m) => m.question_id === q.id)).length;
      const openSum = marked.reduce((s, m) => s + m.points, 0);
      return { ticket: c.ticket, name: c.name, seat: c.seat, objective, open: unmarked === 0 ? openSum : null, total: unmarked === 0 ? objective + openSum : null, rank: null, unmarked, absent: false };
    });
  // Candidates who never signed in are listed as absent (缺考), after the ranked rows.
  const absent: ResultRow[] = [...live.candidates.values()]
    .filter((c) => c.signed_in_at === null)
    .map((c) => ({ ticket: c.ticket, name: c.name, seat: c.seat, objective: 0, open: null, total: null, rank: null, unmarked: 0, absent: true }));
  const complete = rows.every((r) => r.unmarked === 0);
  if (complete) {
    for (const [r, rank] of competitionRanks(rows, (x) => x.total)) r.rank = rank;
  }
  rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.ticket.localeCompare(b.ticket));
  return { rows: [...rows, ...absent], questionCount: allQuestions(paper).length, markedComplete: complete, paperTotal: paperTotal(paper) };
}
