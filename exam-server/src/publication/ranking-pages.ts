import { COMPONENT_NAMES, OBJECTION_OUTCOME_NAMES, OUTCOME_NAMES, VACANCY_NAMES, DECISION_VACANCY_NAMES, formatHundredths, type AppointmentResult, type Bundle, type EvaluationCount, type EvaluationSettings, type LoggedDecision, type ObjectionOutcome, type PostRanking, type RankingRules } from '@exam/shared';
import { esc, page } from './pages';
import { selectionsIn } from './selection-pages';

const pts = (h: number | null) => (h === null ? '—' : formatHundredths(h));
const pct = (bp: number | null) => (bp === null ? '—' : `${formatHundredths(bp)}%`);
const both = (n: { zh: string; en: string }) => `${esc(n.zh)} ${esc(n.en)}`;

/** Names by admission number, from what the bundle publishes anyway: the sessions', days' and evaluations' lists. */
function namesIn(b: Bundle): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of b.body.sessions) for (const c of s.candidates) names.set(c.ticket, c.name);
  for (const d of b.body.days) for (const c of d.candidates) names.set(c.ticket, c.name);
  for (const e of b.body.evaluations ?? []) for (const c of (e.settings as EvaluationSettings).candidates) names.set(c.ref, c.name);
  return names;
}

/** The evaluation's result (民主测评结果): turnout, and per candidate the rates, the score and whether they go forward. */
export function evaluationResultsPage(b: Bundle, bundleHash: string, evaluationId: string): string {
  const e = b.body.evaluations!.find((x) => x.id === evaluationId)!;
  const s = e.settings as EvaluationSettings;
  const c = e.count as EvaluationCount;
  const decided = b.body.log.find((x) => x.type === 'evaluation.decided' && x.payload['evaluationId'] === evaluationId);
  const dissatisfied = s.scale.filter((k) => s.dissatisfied.includes(k.id)).map((k) => k.zh).join('、');
  return page(
    `民主测评结果公示 · Democratic evaluation results — ${s.title}`,
    bundleHash,
    `<p>应参加 Entitled ${c.entitled}，实参加 Cast ${c.cast}（${pct(c.turnoutBp)}）${c.valid ? '' : `；未达最低参评率 below the minimum turnout${decided ? `，党组决定 committee decision: ${esc(String(decided.payload['reason']))}` : ''}`}<br>
各组权重 Group weights: ${s.groups.map((g) => `${esc(g.name)} ${pct(c.weightsBp[g.id] ?? null)}`).join('、')}</p>
<table><thead><tr><th>准考证号 No.</th><th>姓名 Name</th><th>满意率 Approval</th><th>不满意率（${esc(dissatisfied)}）Dissatisfied</th><th>测评得分 Score</th><th>结果 Result</th></tr></thead><tbody>
${c.candidates.map((x) => `<tr><td>${esc(x.ref)}</td><td>${esc(x.name)}</td><td>${pct(x.approvalBp)}</td><td>${pct(x.dissatisfiedBp)}</td><td>${pts(x.score)}</td><td>${x.goesForward ? '—' : `不满意率超过 ${s.thresholdPercent}% · over ${s.thresholdPercent}%`}</td></tr>`).join('\n')}
</tbody></table>
${s.recommendation
  .map(
    (r) => `<h2>推荐票 Recommendation — ${esc(r.title)}</h2><table><thead><tr><th>准考证号 No.</th><th>姓名 Name</th><th>得票 Marks</th><th>得票率（加权）Rate (weighted)</th></tr></thead><tbody>
${c.candidates
  .flatMap((x) => x.recommendation.filter((y) => y.post === r.post).map((y) => `<tr><td>${esc(x.ref)}</td><td>${esc(x.name)}</td><td>${y.marks}</td><td>${pct(y.weightedBp)}</td></tr>`))
  .join('\n')}</tbody></table>`,
  )
  .join('\n')}
<p>比率按四舍五入保留两位小数显示，比较时用精确值 · Rates are shown rounded to hundredths of a percent; comparisons use the exact value.</p>`,
  );
}

function rulesText(r: RankingRules): string {
  const weights = r.components.map((c) => `${both(COMPONENT_NAMES[c.kind])} ${c.weight}`).join(' : ');
  const bars = (b: readonly number[] | null, f: (n: number) => string) => (b ? `${f(b[0]!)} / ${f(b[1]!)} / ${f(b[2]!)}` : '不设 none');
  return `权重 Weights ${weights}；综合成绩线 Composite bars (1 / 2 / 3+ 人 candidates) ${bars(r.compositeBars, pts)}（001 列出 40、50、60 分未说明对应人数，按得票率要求的对应关系理解 · 001 lists 40, 50, 60 points without the field sizes; read beside the vote rates）；推荐得票率线 Vote-rate bars ${bars(r.voteBars, pct)}；考察人选 Shortlist: 一个职数 one seat ≤ ${r.shortlist.oneSeat} 人，多个职数 several seats 1 : ${r.shortlist.perSeat}；并列 Ties: ${r.ties === 'all' ? '并列者均进入 all tied go forward' : '按笔试、面试、测评成绩依次比较 by the tie-break'}`;
}

/** The composite scores and shortlist (综合成绩及考察人选), per post and round, with the rules and every vacancy. */
export function rankingPage(b: Bundle, bundleHash: string, selectionId: string): string {
  const sel = selectionsIn(b).find((x) => x.id === selectionId)!;
  const rankings = (b.body.results.rankings?.[selectionId] ?? []) as PostRanking[];
  const rules = new Map(b.body.log.filter((e) => e.type === 'ranking.rules-set' && e.payload['selectionId'] === selectionId).map((e) => [`${String(e.payload['postId'])}/${String(e.payload['round'])}`, e.payload['rules'] as RankingRules]));
  const names = namesIn(b);
  const title = (id: string) => sel.posts.find((p) => p.id === id)?.title ?? id;
  return page(
    `综合成绩及考察人选公示 · Composite scores and shortlist — ${sel.title}`,
    bundleHash,
    rankings
      .map((r) => {
        const rl = rules.get(`${r.post}/${r.round}`)!;
        return `<h2>${esc(title(r.post))}（职数 seats ${r.seats}）${r.round > 1 ? ` 第 ${r.round} 轮 round ${r.round}` : ''}</h2>
<p>${rulesText(rl)}<br>参加人数 Field size ${r.fieldSize}；适用的综合成绩线 composite bar ${pts(r.compositeBar)}；得票率线 vote-rate bar ${r.voteBarApplies === 'yes' ? pct(r.voteBar) : r.voteBarApplies === 'no-recommendation' ? '不适用（测评无推荐票） does not apply: no recommendation vote' : '不设 none'}</p>
<table><thead><tr><th>名次 Rank</th><th>准考证号 No.</th><th>姓名 Name</th>${rl.components.map((c) => `<th>${both(COMPONENT_NAMES[c.kind])}</th>`).join('')}<th>综合成绩 Composite</th><th>推荐得票率 Vote rate</th><th>结果 Result</th></tr></thead><tbody>
${r.rows.map((x) => `<tr><td>${x.rank ?? '—'}</td><td>${esc(x.admissionNo)}</td><td>${esc(names.get(x.admissionNo) ?? '')}</td>${x.scores.map((s, i) => `<td>${x.missing.includes(i) ? '缺考 absent' : pts(s)}</td>`).join('')}<td>${pts(x.composite)}</td><td>${pct(x.voteBp)}</td><td>${both(OUTCOME_NAMES[x.outcome])}</td></tr>`).join('\n')}
</tbody></table>${r.vacancies ? `<p>空缺 Vacant: ${r.vacancies.seats} 个职数 seat(s) — ${both(VACANCY_NAMES[r.vacancies.rule])}</p>` : ''}`;
      })
      .join('\n') + `<p>各项成绩折合为百分制，四舍五入保留两位小数；综合成绩由公布的各项成绩加权计算，四舍五入一次 · Each component out of 100, rounded once to hundredths; the composite from the published components, rounded once.</p>`,
  );
}

/** The proposed appointees (拟任人选), from the committee's decision: post, name, probation. */
/** The vacancy row of a post: seats, and why (a ranking's rule, or the decision's). */
const vacancyRow = (postTitle: string, v: { seats: number; rule: string }) =>
  `<tr><td>${esc(postTitle)}</td><td>—</td><td>空缺 ${v.seats} 个职数 vacant: ${both(v.rule in VACANCY_NAMES ? VACANCY_NAMES[v.rule as keyof typeof VACANCY_NAMES] : DECISION_VACANCY_NAMES[v.rule as keyof typeof DECISION_VACANCY_NAMES])}</td></tr>`;

/**
 * A committee decision's parts for a page: the selection, the decision (the last before `beforeSeq`,
 * or the last of all) and its result, and, per post, a person's row as admission number and name.
 */
function decisionOn(b: Bundle, selectionId: string, beforeSeq = Infinity) {
  const sel = selectionsIn(b).find((x) => x.id === selectionId)!;
  const decided = b.body.log.filter((e) => e.type === 'ranking.decided' && e.payload['selectionId'] === selectionId && e.seq < beforeSeq).at(-1)!;
  const names = namesIn(b);
  const admission = new Map<string, string>();
  for (const r of (b.body.results.rankings?.[selectionId] ?? []) as PostRanking[]) for (const x of r.rows) admission.set(x.registrationId, x.admissionNo);
  const title = (id: string) => sel.posts.find((p) => p.id === id)?.title ?? id;
  return {
    sel,
    d: decided.payload['decision'] as LoggedDecision,
    result: decided.payload['result'] as AppointmentResult,
    title,
    personRow: (post: string, r: string) => `<tr><td>${esc(title(post))}</td><td>${esc(admission.get(r) ?? '')}</td><td>${esc(names.get(admission.get(r) ?? '') ?? '')}</td></tr>`,
  };
}

/**
 * The appointments made (任用结果公布), from the log's `appointments.finalised` and the decision it
 * made final: per post, who is appointed and the probation; a seat whose appointee an objection's
 * outcome withheld is shown unfilled with that outcome, without the name (the objection stays private).
 */
export function appointedPage(b: Bundle, bundleHash: string, selectionId: string): string {
  const finalised = b.body.log.find((e) => e.type === 'appointments.finalised' && e.payload['selectionId'] === selectionId)!;
  const { sel, d, result, title, personRow } = decisionOn(b, selectionId, finalised.seq);
  const final = finalised.payload['final'] as Array<{ post: string; registrationId: string }>;
  const withheld = finalised.payload['withheld'] as Array<{ post: string; registrationId: string; outcome: ObjectionOutcome }>;
  return page(
    `任用结果公布 · Appointments made — ${sel.title}`,
    bundleHash,
    `<p>经${esc(d.meeting)}研究决定，拟任人选公示期满，下列同志任用为相应职位，试用期 ${d.probationMonths} 个月。 · Decided by the committee; the proposed appointees' notice has ended. Those below are appointed, on ${d.probationMonths} months' probation.</p>
<table><thead><tr><th>职位 Post</th><th>准考证号 No.</th><th>任用 Appointed</th></tr></thead><tbody>
${result.posts
  .map((p) =>
    [
      ...final.filter((f) => f.post === p.post).map((f) => personRow(p.post, f.registrationId)),
      ...withheld.filter((w) => w.post === p.post).map((w) => `<tr><td>${esc(title(p.post))}</td><td>—</td><td>1 个职数未任用 one seat not filled: ${both(OBJECTION_OUTCOME_NAMES[w.outcome])}</td></tr>`),
      ...p.vacancies.map((v) => vacancyRow(title(p.post), v)),
    ].join('\n'),
  )
  .join('\n')}
</tbody></table>`,
  );
}

export function appointeesPage(b: Bundle, bundleHash: string, selectionId: string): string {
  const { sel, d, result, title, personRow } = decisionOn(b, selectionId);
  return page(
    `拟任人选公示 · Proposed appointees — ${sel.title}`,
    bundleHash,
    `<p>${esc(d.meeting)}研究决定 · Decided by the committee. 试用期 ${d.probationMonths} 个月 · Probation ${d.probationMonths} months.</p>
<table><thead><tr><th>职位 Post</th><th>准考证号 No.</th><th>拟任人选 Proposed appointee</th></tr></thead><tbody>
${result.posts
  .map((p) =>
    [
      ...p.appointed.map((r) => personRow(p.post, r)),
      ...p.vacancies.map((v) => vacancyRow(title(p.post), v)),
    ].join('\n'),
  )
  .join('\n')}
</tbody></table>`,
  );
}
