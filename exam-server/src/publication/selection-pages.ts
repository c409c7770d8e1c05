import { EDUCATION_NAMES, LEVEL_NAMES, STEP_NAMES, type Bundle, type PersonLevel, type Post, type QualifiedList, type SelectionStep } from '@exam/shared';
import { esc, page } from './pages';

const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The selections on the bundle's log, each with its posts as last saved (公开职位). */
export function selectionsIn(b: Bundle): Array<{ id: string; title: string; registrationOpens: number; registrationCloses: number; steps: SelectionStep[]; posts: Post[] }> {
  const out = new Map<string, { id: string; title: string; registrationOpens: number; registrationCloses: number; steps: SelectionStep[]; posts: Map<string, Post> }>();
  for (const e of b.body.log) {
    const p = e.payload as Record<string, unknown>;
    if (e.type === 'selection.created') out.set(String(p['selectionId']), { id: String(p['selectionId']), title: String(p['title']), registrationOpens: Number(p['registrationOpens']), registrationCloses: Number(p['registrationCloses']), steps: p['steps'] as SelectionStep[], posts: new Map() });
    if (e.type === 'post.saved') out.get(String(p['selectionId']))?.posts.set(String(p['postId']), p['post'] as Post);
  }
  return [...out.values()].map((s) => ({ ...s, posts: [...s.posts.values()].sort((x, y) => (x.id < y.id ? -1 : 1)) }));
}

/**
 * The published list of posts (公开职位), Chinese with English beside it: each post's department,
 * level, seats, qualifications as published and the checks a machine makes of them, the minimum
 * ratio; the registration window and the steps. Every figure is from the bundle's log.
 */
export function postsPage(b: Bundle, bundleHash: string, selectionId: string): string {
  const s = selectionsIn(b).find((x) => x.id === selectionId)!;
  const both = (n: { zh: string; en: string }) => `${esc(n.zh)} ${esc(n.en)}`;
  const checks = (p: Post) =>
    [
      p.checks.minYearsInRank !== null ? `任现职级满 ${p.checks.minYearsInRank} 年 · at least ${p.checks.minYearsInRank} years in rank` : '',
      p.checks.minEducation ? `${both(EDUCATION_NAMES[p.checks.minEducation])} 及以上 · or higher` : '',
      p.checks.maxAge !== null ? `报名截止日不超过 ${p.checks.maxAge} 周岁 · at most ${p.checks.maxAge} on the deadline` : '',
      p.checks.levels.length > 0 ? `现职级 current level: ${p.checks.levels.map((l: PersonLevel) => both(LEVEL_NAMES[l])).join('、')}` : '',
    ]
      .filter(Boolean)
      .join('<br>');
  return page(
    `公开职位 · Posts — ${s.title}`,
    bundleHash,
    `<p>报名时间 Registration: ${day(s.registrationOpens)} — ${day(s.registrationCloses)}（北京时间 China time）<br>
环节 Steps: ${s.steps.map((x) => both(STEP_NAMES[x])).join(' → ')}<br>
每人最多报两个职位，按志愿顺序填写 · Each person may apply for at most two posts, in order of preference.</p>
<table><thead><tr><th>职位 Post</th><th>部门 Department</th><th>职级 Level</th><th>职数 Seats</th><th>任职条件 Qualifications</th><th>开考比例 Minimum ratio</th></tr></thead><tbody>
${s.posts.map((p) => `<tr><td>${esc(p.title)}</td><td>${esc(p.department)}</td><td>${both(LEVEL_NAMES[p.level])}</td><td>${p.seats}</td><td>${esc(p.qualifications)}${checks(p) ? `<br><small>${checks(p)}</small>` : ''}</td><td>1 : ${p.minRatio}</td></tr>`).join('\n')}
</tbody></table>
<p>开考比例：合格人数少于“职数 × 比例”的职位，由组织者决定取消、合并或照常进行，并说明理由 · Minimum ratio: a post with fewer qualified candidates than seats × ratio is cancelled, merged or goes ahead by the organiser's decision, with a reason.</p>`,
  );
}

/**
 * The list of those who qualify (资格审查合格人员名单), per post, names only, as published; the
 * registration ids behind each name are on the bundle's log (`qualified.published`).
 */
export function qualifiedPage(list: QualifiedList, bundleHash: string): string {
  return page(
    `资格审查合格人员名单 · Those who qualify — ${list.title}`,
    bundleHash,
    `<p>公布时间 Published: ${day(list.publishedAt)}（北京时间 China time）。按姓名拼音排序 · In the order of the names' pinyin.</p>
${list.posts.map((p) => `<h2>${esc(p.title)}（职数 seats ${p.seats}）</h2><p>${p.names.length > 0 ? p.names.map(esc).join('　') : '无 none'}</p>`).join('\n')}`,
  );
}

/**
 * The list of those who qualify as a notice can show it before the seat draw: how many per post.
 * The bundle holds no name of a registration (only commitments to the forms); names come into it with
 * the admission numbers, in the sessions' and days' lists. The names are on the registration page.
 */
export function qualifiedCountsPage(list: { title: string; publishedAt: number; posts: Array<{ title: string; seats: number; count: number }> }, bundleHash: string): string {
  return page(
    `资格审查合格人员名单 · Those who qualify — ${list.title}`,
    bundleHash,
    `<p>公布时间 Published: ${day(list.publishedAt)}（北京时间 China time）。各职位合格人数如下，姓名见报名页面公布的名单；抽签确定准考证号后的公示列出姓名。 · How many qualify for each post; their names are on the registration page, and a notice after the seat draw lists them.</p>
${list.posts.map((p) => `<h2>${esc(p.title)}（职数 seats ${p.seats}）</h2><p>合格 ${p.count} 人 · ${p.count} qualify</p>`).join('\n')}`,
  );
}

