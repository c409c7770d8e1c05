import { writtenRanks } from '../../scoring/panel';
import { formatHundredths as fmt } from '../../scoring/rounding';
import type { VerifyContext } from '../context';
import type { Step } from '../report';

const show = (n: number | null) => (n === null ? '—' : fmt(n));

/**
 * Step 9: the written results published are the ones recomputed at step 8: one row per hand-in,
 * in ticket order; objective and open sums, the total, and the competition rank by total (1, 2, 2,
 * 4), given only once every hand-in is fully marked (until then `open`, `total` and `rank` are
 * null where unmarked, and every rank is null). A session whose answer key is not open has no results.
 */
export function checkWrittenResults(ctx: VerifyContext, s: Step): void {
  const claimedAll = ctx.body.results.written;
  for (const sid of Object.keys(claimedAll)) s.check(ctx.written.has(sid), () => `公布了 ${sid} 的成绩，但无法重算（无此场次，或答案未启封） · results are published for ${sid}, which cannot be recomputed (no such session, or its answer key is not open)`);
  for (const [sid, rows] of ctx.written) {
    const ranks = writtenRanks(rows);
    const claimed = claimedAll[sid];
    if (!s.check(claimed !== undefined, () => `${sid}：缺少成绩 · ${sid}: the results are missing`)) continue;
    s.check(claimed!.map((r) => r.ticket).join() === rows.map((r) => r.ticket).sort().join(), () => `${sid}：成绩有 ${claimed!.length} 行，不是按准考证号顺序每份交卷一行（${rows.length}） · ${sid}: the results list ${claimed!.length} rows, not one per hand-in (${rows.length}) in ticket order`);
    for (const r of rows) {
      const c = claimed!.find((x) => x.ticket === r.ticket);
      const rank = ranks.get(r) ?? null;
      s.check(!!c && c.objective === r.objective && c.open === r.open && c.total === r.total && c.rank === rank, () => `${sid}/${r.ticket}：公布的成绩（${c ? `${show(c.total)}，名次 ${c.rank ?? '—'}` : '缺失'}）不是重算结果（${show(r.total)}，名次 ${rank ?? '—'}） · ${sid}/${r.ticket}: the result published (${c ? `${show(c.total)}, rank ${c.rank ?? '—'}` : 'missing'}) is not the recomputed one (${show(r.total)}, rank ${rank ?? '—'})`);
    }
  }
}
