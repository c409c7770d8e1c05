import { ExamError, NOTICE_NAMES, type Bundle, type NoticeKind, type QualifiedList } from '@exam/shared';
import { interviewResultsPage, writtenResultsPage } from '../publication/pages';
import { postsPage, qualifiedCountsPage, qualifiedPage, selectionsIn } from '../publication/selection-pages';
import { appointedPage, appointeesPage, evaluationResultsPage, rankingPage } from '../publication/ranking-pages';

/**
 * A notice's page, made from the bundle published with it: what the page shows is what the bundle
 * holds (no ID numbers, no reasons, no ballots' voters), and it carries the bundle's hash. Refused
 * when the bundle does not yet hold what the notice would publish.
 */
export function noticeHtml(b: Bundle, hash: string, selectionId: string, kind: NoticeKind, target: string | null): { title: string; html: string } {
  const sel = selectionsIn(b).find((s) => s.id === selectionId)!;
  const missing = (what: string, zh: string) => new ExamError('session-state', `there is nothing to publish yet: ${what}`, [{ message: what, zh: `还没有可以公示的内容：${zh}` }]);
  const log = (type: string) => b.body.log.filter((e) => e.type === type && e.payload['selectionId'] === selectionId);
  let html: string;
  switch (kind) {
    case 'posts':
      html = postsPage(b, hash, selectionId);
      break;
    case 'qualified': {
      const e = log('qualified.published').at(-1);
      if (!e) throw missing('the list of those who qualify is not published', '资格审查合格人员名单尚未发布');
      const posts = e.payload['posts'] as Record<string, string[]>;
      const list = qualifiedFromLog(b, selectionId, posts, e.at);
      html = list ? qualifiedPage(list, hash) : qualifiedCountsPage({ title: sel.title, publishedAt: e.at, posts: sel.posts.map((p) => ({ title: p.title, seats: p.seats, count: (posts[p.id] ?? []).length })) }, hash);
      break;
    }
    case 'written': {
      const s = b.body.log.find((e) => e.type === 'session.created' && e.payload['sessionId'] === target && e.payload['selectionId'] === selectionId);
      if (!s || !b.body.results.written[target!]) throw missing(`session ${target} of this selection has no results`, `本次竞争上岗的笔试场次 ${target} 还没有成绩`);
      html = writtenResultsPage(b, hash, target!);
      break;
    }
    case 'interview': {
      const d = b.body.log.find((e) => e.type === 'interview.day-created' && e.payload['dayId'] === target && e.payload['selectionId'] === selectionId);
      if (!d || !b.body.results.interview[target!]) throw missing(`interview day ${target} of this selection has no results`, `本次竞争上岗的面试日 ${target} 还没有成绩`);
      html = interviewResultsPage(b, hash, target!);
      break;
    }
    case 'evaluation': {
      const e = b.body.evaluations?.find((x) => x.id === target && (x.settings as { selectionId?: string }).selectionId === selectionId);
      if (!e) throw missing(`evaluation ${target} of this selection is not closed`, `民主测评 ${target} 尚未结束投票`);
      html = evaluationResultsPage(b, hash, target!);
      break;
    }
    case 'ranking':
      if (!b.body.results.rankings?.[selectionId]?.length) throw missing('no post has a ranking', '还没有任何职位有综合成绩排名');
      html = rankingPage(b, hash, selectionId);
      break;
    case 'appointees':
      if (log('ranking.decided').length === 0) throw missing('the committee has not decided', '党组尚未作出决定');
      html = appointeesPage(b, hash, selectionId);
      break;
    case 'appointed':
      if (log('appointments.finalised').length === 0) throw missing('the appointments are not final yet', '任用尚未确定（拟任人选公示期满、异议处理完毕后确定任用）');
      html = appointedPage(b, hash, selectionId);
      break;
  }
  return { title: `${NOTICE_NAMES[kind].zh} · ${NOTICE_NAMES[kind].en} — ${sel.title}`, html };
}

/**
 * The published list (names per post) as the bundle can show it: the names come from the sessions'
 * and days' lists where the seat draw has given admission numbers. Null while any name is not in the
 * bundle (before the draw, or before the sessions list them): the notice then gives how many qualify.
 */
function qualifiedFromLog(b: Bundle, selectionId: string, posts: Record<string, string[]>, at: number): QualifiedList | null {
  const sel = selectionsIn(b).find((s) => s.id === selectionId)!;
  const admissions = b.body.log.filter((e) => e.type === 'seats.assigned' && e.payload['selectionId'] === selectionId).at(-1)?.payload['admissions'] as Array<{ registrationId: string; admissionNo: string }> | undefined;
  const names = new Map<string, string>();
  for (const s of b.body.sessions) for (const c of s.candidates) names.set(c.ticket, c.name);
  for (const d of b.body.days) for (const c of d.candidates) names.set(c.ticket, c.name);
  const nameOf = (r: string) => {
    const no = admissions?.find((a) => a.registrationId === r)?.admissionNo;
    return no ? names.get(no) : undefined;
  };
  const listed = sel.posts.map((p) => ({ post: p.id, title: p.title, seats: p.seats, names: (posts[p.id] ?? []).map(nameOf) }));
  if (listed.some((p) => p.names.some((n) => n === undefined))) return null;
  return { selectionId, title: sel.title, publishedAt: at, posts: listed.map((p) => ({ ...p, names: p.names as string[] })) };
}
