import { competitorsOf, paperOfPost, postGoesTo } from '../../selection/admission';
import { paperTotal } from '../../papers/paper';
import { interviewMax } from '../../interview/questions';
import { changeFixedBy, componentBegins, fixingComponents, isRerunSwap } from '../../ranking/fixing';
import { evaluationGaps } from '../../ranking/coverage';
import { rankingRulesSchema, type RankingRules } from '../../ranking/rules';
import { rankSelection, type ComponentSources, type ScoredSource } from '../../ranking/selection-ranking';
import type { PostRanking } from '../../ranking/shortlist';
import { appointmentsOf, decisionProblems, finalRankings, loggedDecisionSchema } from '../../ranking/decision';
import { canonicalize } from '../../encoding/canonical';
import type { VerifyContext } from '../context';
import type { Step } from '../report';
import { rowsOf, stringsOf } from './payload';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);

/**
 * Step 15 (docs/bundle.md): each selection's composite rankings, recomputed. Every
 * `ranking.rules-set` holds valid rules for a post of the selection that goes ahead, naming only
 * the selection's own components (the written one the paper that serves the post), logged before
 * any component that fixes them began (a later round: after the round before it, adding a
 * component of its own, and no round changed once a later one is set). The rankings published in
 * `results.rankings` are exactly `rankSelection` of the rules in force over the components the
 * earlier steps recomputed (written totals, step 8; panel scores, step 11; counts, step 14), with the
 * candidates and admission numbers of step 13.
 */
export function checkRankings(ctx: VerifyContext, s: Step): void {
  const published = ctx.body.results.rankings ?? {};
  const entries = ctx.logOf('ranking.rules-set');
  const ids = [...new Set([...entries.map((e) => str(e.payload['selectionId'])), ...Object.keys(published)])].sort();
  for (const id of ids) {
    const facts = ctx.selections.get(id);
    if (!s.check(!!facts, () => `${id}：有排名规则或公布的排名，但日志中没有这次竞争上岗 · ${id}: there are ranking rules or rankings for a selection the log does not hold`)) continue;
    const created = ctx.logOf('selection.created').find((e) => e.payload['selectionId'] === id)!;
    const steps = stringsOf(created.payload['steps']) ?? [];
    s.check(stringsOf(created.payload['steps']) !== null, () => `${id}：第 ${created.seq} 条记录的程序步骤不是步骤名称的列表 · ${id}: the steps logged at entry ${created.seq} are not a list of step names`);
    const begins = componentBegins(id, ctx.body.log);
    const inForce = new Map<string, RankingRules>();
    for (const e of entries.filter((x) => x.payload['selectionId'] === id)) {
      const where = `${id}：第 ${e.seq} 条的排名规则`;
      const whereEn = `${id}: the ranking rules at entry ${e.seq}`;
      const parsed = rankingRulesSchema.safeParse(e.payload['rules']);
      if (!s.check(parsed.success && parsed.data.selectionId === id && parsed.data.post === e.payload['postId'] && parsed.data.round === e.payload['round'], () => `${where}无效 · ${whereEn} are not valid rules for that post and round`)) continue;
      const rules = parsed.data!;
      const post = facts!.posts.find((p) => p.id === rules.post);
      if (!s.check(!!post && postGoesTo(facts!.posts, facts!.outcomes, rules.post) === rules.post, () => `${where}所属职位不存在，或已取消、已并入其他职位 · ${whereEn} are for a post that does not exist, or was cancelled or merged`)) continue;
      for (const c of rules.components) {
        const before = (type: string, field: string) => ctx.logOf(type).some((x) => x.payload[field] === c.source && x.payload['selectionId'] === id && x.seq < e.seq);
        const ok = steps.includes(c.kind) && (c.kind === 'written' ? c.source === paperOfPost(facts!.posts, facts!.outcomes, rules.post) : c.kind === 'interview' ? before('interview.day-created', 'dayId') : before('evaluation.created', 'evaluationId'));
        s.check(ok, () => `${where}含有本次竞争上岗没有的环节 ${c.kind}/${c.source} · ${whereEn} name a component the selection does not have, ${c.kind}/${c.source}`);
      }
      const earlier = [...inForce.values()].filter((r) => r.post === rules.post && r.round < rules.round);
      if (rules.round > 1) {
        s.check(earlier.some((r) => r.round === rules.round - 1), () => `${where}之前没有第 ${rules.round - 1} 轮 · ${whereEn} come before any round ${rules.round - 1}`);
        s.check(fixingComponents(rules, earlier).length > 0, () => `${where}没有增加新的环节 · ${whereEn} add no component of their own`);
      }
      const later = [...inForce.values()].find((r) => r.post === rules.post && r.round > rules.round);
      s.check(!later, () => `${where}在第 ${later?.round} 轮已设定后修改本轮 · ${whereEn} change a round after round ${later?.round} was set`);
      const fixed = changeFixedBy(rules, inForce.get(`${rules.post}/${rules.round}`), earlier, begins);
      // Fixed rules may change only to name the evaluation run again in place of one decided `rerun` before
      // the entry, before the new one opened (protocol §25).
      const rerun = new Set(ctx.logOf('evaluation.decided').filter((x) => x.seq < e.seq && x.payload['decision'] === 'rerun').map((x) => String(x.payload['evaluationId'])));
      const beganBefore = new Map([...begins].filter(([, seq]) => seq < e.seq));
      const swap = isRerunSwap(inForce.get(`${rules.post}/${rules.round}`), rules, earlier, rerun, beganBefore);
      s.check(!fixed || fixed.seq > e.seq || swap, () => `${where}在环节 ${fixed!.component} 开始（第 ${fixed!.seq} 条）之后设定 · ${whereEn} were set after ${fixed!.component} began (entry ${fixed!.seq})`);
      inForce.set(`${rules.post}/${rules.round}`, rules);
    }
    const competitors = competitorsOf(facts!.posts, facts!.qualified, facts!.outcomes, (r) => facts!.preference.get(r) ?? []);
    const recomputed = rankSelection(
      {
        posts: facts!.posts,
        competitors,
        admissions: new Map((facts!.admissions ?? []).map((a) => [a.registrationId, a.admissionNo])),
        rules: [...inForce.values()],
      },
      sourcesOf(ctx, id),
    );
    const claimed = (published[id] ?? null) as PostRanking[] | null;
    if (!s.check(claimed !== null || recomputed.length === 0, () => `${id}：缺少公布的排名 · ${id}: the rankings are not published`)) continue;
    for (const r of recomputed) {
      // Every evaluation the round's rules name rates the whole field, and lists it on the post's recommendation part if it has one.
      for (const comp of inForce.get(`${r.post}/${r.round}`)?.components.filter((x) => x.kind === 'evaluation') ?? []) {
        const settings = ctx.evaluations.get(comp.source)?.settings;
        if (!settings) continue; // named above, or by step 14
        const gaps = evaluationGaps(settings, r.post, r.rows.map((x) => x.admissionNo));
        s.check(gaps.unrated.length === 0 && gaps.unlisted.length === 0, () => `${id}/${r.post} 第 ${r.round} 轮：测评 ${comp.source} 未评价（或推荐票未列入）本轮人选 ${[...gaps.unrated, ...gaps.unlisted].join('、')} · ${id}/${r.post} round ${r.round}: evaluation ${comp.source} leaves ${[...gaps.unrated, ...gaps.unlisted].join(', ')} of the round's field ${gaps.unrated.length > 0 ? 'unrated' : 'off its recommendation part for the post'}`);
      }
      const c = claimed!.find((x) => x?.post === r.post && x?.round === r.round);
      s.check(!!c && same(c, r), () => `${id}/${r.post} 第 ${r.round} 轮：公布的排名${c ? describe(c, r) : '缺失'} · ${id}/${r.post} round ${r.round}: the ranking published ${c ? describeEn(c, r) : 'is missing'}`);
    }
    // The committee's decisions: each fits the final rankings, and its appointments are deferred acceptance's.
    const finals = finalRankings(recomputed);
    for (const e of ctx.logOf('ranking.decided').filter((x) => x.payload['selectionId'] === id)) {
      const d = loggedDecisionSchema.safeParse(e.payload['decision']);
      if (!s.check(d.success && d.data.selectionId === id, () => `${id}：第 ${e.seq} 条的党组决定格式无效 · ${id}: the committee's decision at entry ${e.seq} is not in the documented form`)) continue;
      const problems = decisionProblems(d.data!, finals);
      s.check(problems.length === 0, () => `${id}：第 ${e.seq} 条的党组决定与重算的考察人选不符（${problems[0]}） · ${id}: the committee's decision at entry ${e.seq} does not fit the recomputed shortlists: ${problems[0]}`);
      if (problems.length > 0) continue;
      const expected = appointmentsOf(d.data!, finals, (r) => competitors.get(r) ?? []);
      s.check(same(e.payload['result'], expected), () => `${id}：第 ${e.seq} 条记录的任用结果不是按本人志愿和党组提名重算的结果 · ${id}: the appointments logged at entry ${e.seq} are not those the proposals and each person's preference give`);
    }
    // In the documented order — by post, then round — as rankPost's are recomputed: a list reordered is not the one published.
    const order = (rs: ReadonlyArray<{ post?: unknown; round?: unknown } | null>) => rs.map((x) => `${String(x?.post)}/${String(x?.round)}`).join(' ');
    s.check(!claimed || order(claimed) === order(recomputed) || claimed.length !== recomputed.length, () => `${id}：公布的排名不是按职位、轮次排列的 · ${id}: the rankings are not published in order of post, then round`);
    s.check((claimed ?? []).length === recomputed.length, () => `${id}：公布了 ${(claimed ?? []).length} 个排名，重算得到 ${recomputed.length} 个 · ${id}: ${(claimed ?? []).length} rankings are published, ${recomputed.length} recomputed`);
  }
}

/** What differs first between a published ranking and the recomputed one (for people; not normative). */
function firstDifference(c: PostRanking, r: PostRanking): { who: string; what: string; zh: string } | null {
  for (const row of r.rows) {
    const got = (rowsOf(c.rows) as unknown as PostRanking['rows']).find((x) => x.registrationId === row.registrationId);
    if (!got) return { who: row.admissionNo, what: 'is missing', zh: '缺失' };
    if (got.composite !== row.composite) return { who: row.admissionNo, what: `has composite ${got.composite ?? '—'}, not ${row.composite ?? '—'}`, zh: `综合成绩为 ${got.composite ?? '—'}，应为 ${row.composite ?? '—'}` };
    if (got.outcome !== row.outcome) return { who: row.admissionNo, what: `is ${got.outcome}, not ${row.outcome}`, zh: `结果为 ${got.outcome}，应为 ${row.outcome}` };
  }
  return null;
}
const describe = (c: PostRanking, r: PostRanking) => {
  const d = firstDifference(c, r);
  return d ? `中 ${d.who} ${d.zh}` : '不是重算结果';
};
const describeEn = (c: PostRanking, r: PostRanking) => {
  const d = firstDifference(c, r);
  return d ? `is not the recomputed one: ${d.who} ${d.what}` : 'is not the recomputed one';
};

/**
 * The selection's components from what the earlier steps recomputed: per paper, its sessions'
 * totals by ticket (known once every hand-in is marked; absent once the session closed without
 * the candidate's hand-in); per interview day, the panel scores (absent: logged absent or a
 * no-show without a score); per evaluation, its count and whether it stands.
 */
function sourcesOf(ctx: VerifyContext, selectionId: string): ComponentSources {
  const written = new Map<string, ScoredSource>();
  for (const e of ctx.logOf('session.created').filter((x) => x.payload['selectionId'] === selectionId && typeof x.payload['paper'] === 'string')) {
    const sessionId = str(e.payload['sessionId']);
    const paperId = str(e.payload['paper']);
    const source = written.get(paperId) ?? { max: null, results: new Map<string, number | 'absent' | 'pending'>() };
    written.set(paperId, source);
    const rows = ctx.written.get(sessionId);
    const session = ctx.body.sessions.find((x) => x.id === sessionId);
    const paper = session ? ctx.papers.get(session.paperSealId) : undefined;
    if (!rows || !paper) continue;
    source.max = paperTotal(paper);
    const complete = rows.every((r) => r.total !== null);
    const closed = ctx.logOf('exam.closed').some((x) => x.payload['sessionId'] === sessionId);
    const results = source.results as Map<string, number | 'absent' | 'pending'>;
    for (const ticket of rowsOf(e.payload['candidates']).map((c) => str(c['ticket']))) {
      const row = rows.find((r) => r.ticket === ticket);
      results.set(ticket, row ? (complete ? row.total! : 'pending') : closed ? 'absent' : 'pending');
    }
  }
  const interview = new Map<string, ScoredSource>();
  for (const e of ctx.logOf('interview.day-created').filter((x) => x.payload['selectionId'] === selectionId)) {
    const dayId = str(e.payload['dayId']);
    const results = new Map<string, number | 'absent' | 'pending'>();
    for (const a of ctx.logOf('candidate.absent', 'candidate.no-show')) if (a.payload['dayId'] === dayId) results.set(str(a.payload['ticket']), 'absent');
    const day = ctx.body.days.find((d) => d.id === dayId);
    const set = day ? ctx.questionSets.get(day.questionsSealId) : undefined;
    for (const row of (set && ctx.interview.get(dayId)) || []) if (row.score !== null || !results.has(row.ticket)) results.set(row.ticket, row.score ?? 'pending');
    interview.set(dayId, { max: set ? interviewMax(set) : null, results });
  }
  const evaluations = new Map([...ctx.evaluations].filter(([, e]) => e.settings.selectionId === selectionId));
  return { written, interview, evaluations };
}
