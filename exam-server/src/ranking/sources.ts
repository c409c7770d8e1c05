import { evaluationStands, type ComponentSources, type EvaluationSettings, type EvaluationSource, type ScoredSource } from '@exam/shared';
import type { ServerContext } from '../context';
import { sessionResults } from '../marking/results';
import { interviewResults } from '../scoring/results';
import { decisionOfEvaluation, evaluationBoard } from '../evaluation/evaluations';

/**
 * A selection's components as the server holds them (docs/protocol.md §25): per paper, the written
 * totals of the selection's sessions that sat it; per interview day, the panel scores; per closed
 * evaluation, its count. A score is known once its results are complete (every hand-in marked, every
 * panel signed); a written candidate is absent (缺考) once the session closed without their signing
 * in, an interviewed one once marked absent at check-in or as a no-show.
 */
/** Results already worked out by the caller (the export computes every session's and day's), by session and day id. */
export interface KnownResults {
  written: Map<string, Awaited<ReturnType<typeof sessionResults>>>;
  interview: Map<string, Awaited<ReturnType<typeof interviewResults>>>;
}

export async function componentSources(ctx: ServerContext, selectionId: string, known?: KnownResults): Promise<ComponentSources> {
  const written = new Map<string, ScoredSource>();
  const sessions = await ctx.db.selectFrom('sessions').select(['id', 'paper', 'state']).where('selection_id', '=', selectionId).where('paper', 'is not', null).execute();
  for (const s of sessions) {
    const source = written.get(s.paper!) ?? { max: null, results: new Map() };
    written.set(s.paper!, source);
    const live = ctx.live.get(s.id);
    const opened = live && ctx.opened.paper(live.session.paper_id) && ctx.opened.answerKey(live.session.answer_key_id);
    if (!opened) continue;
    const r = known?.written.get(s.id) ?? (await sessionResults(ctx, s.id));
    source.max = r.paperTotal;
    const results = source.results as Map<string, number | 'absent' | 'pending'>;
    for (const row of r.rows) {
      if (row.absent) results.set(row.ticket, s.state === 'closed' ? 'absent' : 'pending');
      else results.set(row.ticket, r.markedComplete && row.total !== null ? row.total : 'pending');
    }
  }
  const interview = new Map<string, ScoredSource>();
  const days = await ctx.db.selectFrom('interview_days').select(['id', 'questions_id']).where('selection_id', '=', selectionId).execute();
  for (const d of days) {
    const results = new Map<string, number | 'absent' | 'pending'>();
    const absent = await ctx.db.selectFrom('interview_candidates').select('ticket').where('day_id', '=', d.id).where('state', '=', 'absent').execute();
    for (const a of absent) results.set(a.ticket, 'absent');
    let max: number | null = null;
    if (ctx.opened.interview(d.questions_id)) {
      const r = known?.interview.get(d.id) ?? (await interviewResults(ctx, d.id));
      max = r.max;
      // A no-show drew a lot and has no score: absent, not pending.
      for (const row of r.rows) if (row.score !== null || !results.has(row.ticket)) results.set(row.ticket, row.score ?? 'pending');
    }
    interview.set(d.id, { max, results });
  }
  const evaluations = new Map<string, EvaluationSource>();
  const evs = await ctx.db.selectFrom('evaluations').select(['id', 'state', 'settings_json', 'decision_json']).where('selection_id', '=', selectionId).execute();
  for (const e of evs) {
    const settings = JSON.parse(e.settings_json) as EvaluationSettings;
    if (e.state !== 'closed') {
      evaluations.set(e.id, { settings, count: null, stands: false });
      continue;
    }
    const { count } = await evaluationBoard(ctx, e.id);
    evaluations.set(e.id, { settings, count, stands: evaluationStands(count, [decisionOfEvaluation(e)?.decision]) });
  }
  return { written, interview, evaluations };
}
