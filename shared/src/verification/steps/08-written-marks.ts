import { allQuestions, isObjective } from '../../papers/paper';
import { autoMark } from '../../papers/marking';
import { markHash, type MarkObject } from '../../events/marking';
import { resolveVersions } from '../../scoring/versions';
import { formatHundredths as fmt } from '../../scoring/rounding';
import { short, type VerifyContext, type WrittenRow } from '../context';
import type { Step } from '../report';

export function addMarkSignatures(ctx: VerifyContext): void {
  for (const s of ctx.body.sessions) s.marks.forEach((m, i) => ctx.addJob(`mark:${s.id}:${i}`, { type: 'mark', object: m.mark, publicKey: m.mark.markerKey, signature: m.signature }));
}

/** An open answer is blank when absent, null, or text that is empty once trimmed: it scores 0 without a marker. */
export const isBlankAnswer = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * Step 8: with the opened paper and answer key, every objective answer is marked again (protocol
 * §9); an open answer left blank scores 0; every other open answer's mark is the current version of
 * its chain of signed marks (resolveVersions), counting only marks that verify, were recorded on the
 * log by a key admitted as a marker then (step 5), name a script of this session and an open
 * question of its paper, and stay within the question's points. Every mark the log recorded is in
 * the bundle. The sums are what step 9 compares.
 */
export function checkWrittenMarks(ctx: VerifyContext, s: Step): void {
  const logged = new Set(ctx.logOf('mark.recorded').map((e) => String(e.payload['hash'])));
  const inBundle = new Set<string>();
  for (const sess of ctx.body.sessions) {
    const paper = ctx.papers.get(sess.paperSealId);
    const key = ctx.answerKeys.get(sess.answerKeySealId);
    const questions = paper ? allQuestions(paper) : [];
    const byCode = new Map(sess.candidates.filter((c) => c.code).map((c) => [c.code!, c]));
    // Which marks count: signed, logged by an admitted marker, for a real open answer, in range.
    const chains = new Map<string, Array<{ m: MarkObject; hash: string; seq: number }>>();
    sess.marks.forEach((x, i) => {
      const h = markHash(x.mark);
      inBundle.add(h);
      const what = `${sess.id}: the mark ${short(h)} (script ${x.mark.code}, question ${x.mark.questionId})`;
      const whatZh = `${sess.id}：评分 ${short(h)}（答卷 ${x.mark.code}，第 ${x.mark.questionId} 题）`;
      if (!s.check(ctx.signed(`mark:${sess.id}:${i}`), () => `${whatZh}验签不通过，不计入 · ${what} does not verify: not counted`)) return;
      if (!ctx.admittedSigner.has(`mark:${sess.id}:${i}`)) return; // named at step 5
      const q = questions.find((y) => y.id === x.mark.questionId);
      const c = byCode.get(x.mark.code);
      if (!s.check(x.mark.sessionId === sess.id && !!c && (!paper || (!!q && !isObjective(q.type))), () => `${whatZh}所指不是本场次的答卷或主观题，不计入 · ${what} names no script or open question of this session: not counted`)) return;
      if (q && !s.check(x.mark.points <= q.points, () => `${whatZh}：${fmt(x.mark.points)} 分超过该题满分 ${fmt(q.points)} 分，不计入 · ${what}: ${fmt(x.mark.points)} is above the question’s ${fmt(q.points)}: not counted`)) return;
      if (c && !s.check(!isBlankAnswer(c.answers[x.mark.questionId]), () => `${whatZh}给空白答案评了分（空白应为 0 分），不计入 · ${what} marks an answer left blank, which scores 0: not counted`)) return;
      const seq = ctx.findLogged(['mark.recorded'], 'hash', h)!.seq;
      const k = `${c!.ticket}/${x.mark.questionId}`;
      const list = chains.get(k) ?? [];
      if (s.check(!list.some((y) => y.hash === h), () => `${whatZh}重复出现 · ${what} appears twice`)) list.push({ m: x.mark, hash: h, seq });
      chains.set(k, list);
    });
    const current = new Map<string, MarkObject>();
    for (const [k, list] of chains) {
      list.sort((a, b) => a.seq - b.seq);
      const r = resolveVersions(list, (v) => ({ hash: v.hash, replaces: v.m.replaces, counts: true }));
      for (const p of r.problems) s.check(false, () => `${sess.id} ${k}：评分版本有误，不计入 · ${sess.id} ${k}: the mark ${p}: not counted`);
      if (r.current) current.set(k, r.current.m);
    }
    if (!paper || !key) continue;
    const rows: WrittenRow[] = [];
    for (const c of sess.candidates.filter((x) => x.receipt)) {
      let objective = 0;
      let open = 0;
      let unmarked = 0;
      for (const q of questions) {
        const value = c.answers[q.id] ?? null;
        s.checked++;
        if (isObjective(q.type)) objective += autoMark(q, key, value) ?? 0;
        else if (isBlankAnswer(value)) continue;
        else {
          const m = current.get(`${c.ticket}/${q.id}`);
          if (m) open += m.points;
          else unmarked++;
        }
      }
      rows.push({ ticket: c.ticket, objective, open: unmarked === 0 ? open : null, total: unmarked === 0 ? objective + open : null });
    }
    ctx.written.set(sess.id, rows);
  }
  for (const h of logged) s.check(inBundle.has(h), () => `日志记录的评分 ${short(h)} 在核验包中缺失 · the mark ${short(h)} recorded on the log is missing from the bundle`);
}
