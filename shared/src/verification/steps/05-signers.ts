import { admissionAllows, SIGNER_RULES, type SignedByPeople } from '../../protocol/signers';
import { markHash } from '../../events/marking';
import { short, type VerifyContext } from '../context';
import type { Step } from '../report';

/**
 * Step 5: every object a person signed — score sheets, countersignatures, conflict declarations,
 * marks, checkpoint cosignatures, commitments to a draw — is recorded on the log (by the entry type
 * and member of SIGNER_RULES), and its key was admitted, before that entry and not revoked since,
 * with the role, day and room the object needs. An object that fails is named here and counted
 * nowhere (steps 8 and 11 leave it out).
 */
export function checkSigners(ctx: VerifyContext, s: Step): void {
  const check = (id: string, kind: SignedByPeople, key: string, field: string, value: string, where: { dayId?: string | null; room?: string | null }, what: string, whatZh: string) => {
    const rule = SIGNER_RULES[kind];
    const entry = ctx.findLogged(rule.loggedAs, field, value);
    if (!s.check(entry !== undefined, () => `${whatZh}从未记入日志 · ${what} was never recorded on the log (${rule.loggedAs.join(' or ')})`)) return;
    const a = ctx.timeline.at(key, entry!.seq);
    const ok = s.check(admissionAllows(rule, a, where), () =>
      a
        ? `${whatZh}（第 ${entry!.seq} 条）的签名密钥当时的准入身份不符合要求 · ${what}, recorded at entry ${entry!.seq}, is signed by a key admitted then as ${a.role} (${a.dayId ?? 'no day'}, ${a.room ?? 'no room'}), not as ${rule.roles.join(' or ')} of ${where.dayId ?? 'the venue'}${where.room ? `, ${where.room}` : ''}`
        : `${whatZh}（第 ${entry!.seq} 条）的签名密钥当时未获准入（准入在后，或此前已注销） · ${what}, recorded at entry ${entry!.seq}, is signed by a key that was not admitted at that moment (admitted later, or revoked before)`,
    );
    if (ok) ctx.admittedSigner.add(id);
  };
  for (const sess of ctx.body.sessions) {
    sess.marks.forEach((m, i) => check(`mark:${sess.id}:${i}`, 'mark', m.mark.markerKey, 'hash', markHash(m.mark), {}, `the mark ${short(markHash(m.mark))} (${sess.id}, script ${m.mark.code}, question ${m.mark.questionId})`, `评分 ${short(markHash(m.mark))}（${sess.id}，答卷 ${m.mark.code}，第 ${m.mark.questionId} 题）`));
  }
  for (const d of ctx.body.days) {
    d.sheets.forEach((x, i) => {
      const where = { dayId: x.sheet.dayId, room: x.sheet.room };
      check(`sheet:${d.id}:${i}`, 'score-sheet', x.sheet.examinerKey, 'hash', ctx.hashOf(x.sheet), where, `the score sheet ${short(ctx.hashOf(x.sheet))} (${d.id}, lot ${x.sheet.lot})`, `评分表 ${short(ctx.hashOf(x.sheet))}（${d.id}，${x.sheet.lot} 号）`);
      if (x.countersign) check(`countersign:${d.id}:${i}`, 'sheet-countersign', x.countersign.countersign.supervisorKey, 'countersignature', x.countersign.signature, where, `the countersignature of ${short(ctx.hashOf(x.sheet))}`, `对 ${short(ctx.hashOf(x.sheet))} 的会签`);
    });
    d.conflicts.forEach((c, i) => check(`conflict:${d.id}:${i}`, 'conflict-declaration', c.declaration.examinerKey, 'signature', c.signature, { dayId: c.declaration.dayId, room: c.declaration.room }, `the conflict declaration for lot ${c.declaration.lot} (${d.id})`, `对 ${c.declaration.lot} 号的回避申请（${d.id}）`));
  }
  for (const cp of ctx.body.checkpoints) {
    for (const c of cp.cosignatures) check(`checkpoint:${cp.seq}:${c.supervisorKey}`, 'checkpoint', c.supervisorKey, 'signature', c.signature, {}, `a cosignature of the checkpoint at entry ${cp.seq}`, `第 ${cp.seq} 条处检查点的会签`);
  }
  // A seat draw belongs to no day (its `dayId` is null): its supervisors are admitted for the venue, with no day.
  const dayOfDraw = new Map(ctx.logOf('lot.draw-opened').map((e) => [String(e.payload['drawId']), typeof e.payload['dayId'] === 'string' ? e.payload['dayId'] : null]));
  for (const e of ctx.logOf('lot.committed')) {
    const contributor = String(e.payload['contributor']);
    if (contributor === ctx.body.serverKey) continue; // the server's own contribution
    const a = ctx.timeline.at(contributor, e.seq);
    const dayId = dayOfDraw.get(String(e.payload['drawId'])) ?? null;
    s.check(admissionAllows(SIGNER_RULES['lot-commit'], a, { dayId }), () => `第 ${e.seq} 条日志中对抽签 ${String(e.payload['drawId'])} 的承诺，来自当时未以监督员或抽签参与人身份准入的密钥 · the commitment to ${String(e.payload['drawId'])} at entry ${e.seq} is from a key not admitted then as a supervisor or contributor of ${dayId ?? 'the venue (no day)'}`);
  }
}
