import { competitionRanks } from '../../scoring/panel';
import { formatHundredths as fmt } from '../../scoring/rounding';
import type { InterviewRow, VerifyContext } from '../context';
import type { Step } from '../report';

const show = (n: number | null) => (n === null ? '—' : fmt(n));

/**
 * Step 12: the interview results published are the ones recomputed at step 11: one row per
 * candidate with a lot, in lot order; the score by the panel's rule (protocol §17) once the panel is
 * complete (null before), and the competition rank within the room (null without a score).
 */
export function checkInterviewResults(ctx: VerifyContext, s: Step): void {
  const claimedAll = ctx.body.results.interview;
  for (const dayId of Object.keys(claimedAll)) s.check(ctx.interview.has(dayId) && ctx.body.days.some((d) => d.id === dayId && ctx.questionSets.has(d.questionsSealId)), () => `公布了 ${dayId} 的成绩，但无法重算（无此面试日，或题本未启封） · results are published for ${dayId}, which cannot be recomputed (no such day, or its questions are not open)`);
  for (const [dayId, rows] of ctx.interview) {
    const day = ctx.body.days.find((d) => d.id === dayId)!;
    if (!ctx.questionSets.has(day.questionsSealId)) continue;
    const claimed = claimedAll[dayId];
    if (!s.check(claimed !== undefined, () => `${dayId}：缺少成绩 · ${dayId}: the results are missing`)) continue;
    const rankOf = new Map<InterviewRow, number>();
    for (const room of new Set(rows.map((r) => r.room))) for (const [r, k] of competitionRanks(rows.filter((x) => x.room === room), (x) => x.score)) rankOf.set(r, k);
    s.check(claimed!.map((r) => r.lot).join() === rows.map((r) => r.lot).join(), () => `${dayId}：成绩有 ${claimed!.length} 行，不是按签号顺序每个签号一行（${rows.length}） · ${dayId}: the results list ${claimed!.length} rows, not one per lot drawn (${rows.length}) in lot order`);
    for (const r of rows) {
      const c = claimed!.find((x) => x.ticket === r.ticket);
      const rank = rankOf.get(r) ?? null;
      s.check(!!c && c.score === r.score && c.lot === r.lot && c.room === r.room && c.rank === rank, () => `${dayId}/${r.lot} 号：公布的成绩（${c ? `${show(c.score)}，名次 ${c.rank ?? '—'}` : '缺失'}）不是重算结果（${show(r.score)}，名次 ${rank ?? '—'}） · ${dayId}/lot ${r.lot}: the result published (${c ? `${show(c.score)}, rank ${c.rank ?? '—'}` : 'missing'}) is not the recomputed one (${show(r.score)}, rank ${rank ?? '—'})`);
    }
  }
}
