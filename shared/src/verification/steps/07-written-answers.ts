import { objectHash } from '../../crypto/hash';
import { sealedHash } from '../../protocol/sealed';
import { candidateSeed } from '../../papers/shuffle';
import type { VerifyContext } from '../context';
import type { Step } from '../report';
import { rowsOf } from './payload';

export function addReceiptSignatures(ctx: VerifyContext): void {
  for (const s of ctx.body.sessions) {
    for (const c of s.candidates) if (c.receipt) ctx.addJob(`receipt:${s.id}/${c.ticket}`, { type: 'receipt', object: c.receipt.receipt, publicKey: c.receipt.serverKey, signature: c.receipt.signature });
  }
}

/**
 * Step 7: each session is the one the log created (its paper and answer key by sealed hash, its seed,
 * its roster of tickets and seats), each candidate's shuffle seed derives from the session's, every
 * hand-in on the log has its receipt here and every receipt a hand-in on the log; each receipt is
 * signed by the server and every one of its fields is what it certifies: the session and ticket, the
 * answers hash recomputed from the answers, their count, the time and whether the server handed in,
 * as the log recorded them. Each script code is the one the log recorded when marking began.
 */
export function checkWrittenAnswers(ctx: VerifyContext, s: Step): void {
  const { body } = ctx;
  const sealed = new Map(body.sealed.map((x) => [x.file.sealId, sealedHash(x.file)]));
  const submitted = new Map(ctx.logOf('candidate.submitted').map((e) => [`${String(e.payload['sessionId'])}/${String(e.payload['ticket'])}`, e]));
  const inBundle = new Set<string>();
  for (const sess of body.sessions) {
    const created = ctx.logOf('session.created').find((e) => e.payload['sessionId'] === sess.id);
    if (!s.check(created !== undefined, () => `场次 ${sess.id} 从未在日志中创建 · session ${sess.id} was never created on the log`)) continue;
    const p = created!.payload;
    s.check(p['seed'] === sess.seed, () => `场次 ${sess.id} 的随机种子与创建时记录的不符 · session ${sess.id}: its seed is not the one logged when it was created`);
    s.check(sealed.get(sess.paperSealId) === p['paperSealedHash'] && sealed.get(sess.answerKeySealId) === p['answerKeySealedHash'], () => `场次 ${sess.id} 的试卷或答案不是日志为其公布的密封文件 · session ${sess.id}: its paper or answer key is not the sealed file the log announced for it`);
    const roster = new Map(rowsOf(p['candidates']).map((c) => [c['ticket'], c] as const));
    s.check(roster.size === sess.candidates.length && sess.candidates.every((c) => roster.get(c.ticket)?.['seat'] === c.seat && roster.get(c.ticket)?.['name'] === c.name), () => `场次 ${sess.id} 的考生、座位与姓名不是创建时记录的名单 · session ${sess.id}: the candidates, seats and names are not the roster logged when it was created`);
    const codes = ctx.logOf('marks.objective').find((e) => e.payload['sessionId'] === sess.id)?.payload['codes'] as Record<string, string> | undefined;
    for (const c of sess.candidates) {
      const where = `${sess.id}/${c.ticket}`;
      s.check(c.seed === candidateSeed(sess.seed, c.ticket), () => `${where}：选项乱序种子不是由场次种子导出的 · ${where}: the shuffle seed is not derived from the session seed`);
      s.check(c.code === (codes?.[c.ticket] ?? null), () => `${where}：答卷密号 ${c.code ?? '—'} 与阅卷开始时记录的不符（${codes?.[c.ticket] ?? '无'}） · ${where}: the script code ${c.code ?? '—'} is not the one logged when marking began (${codes?.[c.ticket] ?? 'none'})`);
      const sub = submitted.get(where);
      if (!c.receipt) continue;
      inBundle.add(where);
      const r = c.receipt.receipt;
      s.check(ctx.signed(`receipt:${where}`) && c.receipt.serverKey === body.serverKey, () => `${where}：回执不是服务器密钥签署的 · ${where}: the receipt is not signed by the server’s key`);
      const kept = Object.fromEntries(Object.entries(c.answers).filter(([, v]) => v !== null));
      s.check(r.sessionId === sess.id && r.ticket === c.ticket, () => `${where}：回执属于 ${r.sessionId}/${r.ticket} · ${where}: the receipt is for ${r.sessionId}/${r.ticket}`);
      s.check(r.answersHash === objectHash('answers', { sessionId: sess.id, ticket: c.ticket, answers: kept }), () => `${where}：答案与回执所对应的不符 · ${where}: the answers are not the ones the receipt was given for`);
      s.check(r.answerCount === Object.keys(kept).length, () => `${where}：回执记作答 ${r.answerCount} 题，交卷中有 ${Object.keys(kept).length} 题 · ${where}: the receipt counts ${r.answerCount} answers, the hand-in holds ${Object.keys(kept).length}`);
      const lp = sub?.payload;
      s.check(!!lp && lp['answersHash'] === r.answersHash && lp['answerCount'] === r.answerCount && lp['auto'] === r.auto && lp['submittedAt'] === r.submittedAt, () => `${where}：回执与日志记录的交卷不符 · ${where}: the receipt is not the hand-in the log recorded`);
    }
  }
  for (const [where, e] of submitted) s.check(inBundle.has(where), () => `第 ${e.seq} 条日志记录的 ${where} 交卷在核验包中没有回执 · the hand-in of ${where} logged at entry ${e.seq} has no receipt in the bundle`);
}
