import { sheetProblems, type ScoreSheet } from '../../interview/score-sheet';
import { sealedHash } from '../../protocol/sealed';
import { resolveVersions } from '../../scoring/versions';
import { panelScore } from '../../scoring/panel';
import { short, type InterviewRow, type VerifyContext } from '../context';
import type { Step } from '../report';
import { rowsOf } from './payload';

export function addSheetSignatures(ctx: VerifyContext): void {
  for (const d of ctx.body.days) {
    d.sheets.forEach((x, i) => {
      ctx.addJob(`sheet:${d.id}:${i}`, { type: 'score-sheet', object: x.sheet, publicKey: x.sheet.examinerKey, signature: x.signature });
      if (x.countersign) ctx.addJob(`countersign:${d.id}:${i}`, { type: 'sheet-countersign', object: x.countersign.countersign, publicKey: x.countersign.countersign.supervisorKey, signature: x.countersign.signature });
    });
    d.conflicts.forEach((c, i) => ctx.addJob(`conflict:${d.id}:${i}`, { type: 'conflict-declaration', object: c.declaration, publicKey: c.declaration.examinerKey, signature: c.signature }));
  }
}

interface DayFacts {
  rooms: Map<string, string>;
  rule: { trimWhenAtLeast: number };
  questionsSealedHash: string;
}

/**
 * Step 11: the day is the one the log created (its roster and rooms, its sealed questions). A sheet
 * counts only if it verifies, was recorded on the log as received (`score.signed`, or
 * `score.correction-signed` for a correction) from a key admitted then as an examiner of its day and
 * room (step 5), is for the lot a candidate of that room drew (step 10), and fits the rubric. A
 * correction counts once a countersignature that verifies, by a supervisor admitted then for that
 * room or the whole day, was recorded (`score.corrected`). Which sheet of each examiner and candidate
 * is current is derived from the chain of `replaces` (resolveVersions) — never read from the
 * bundle. A conflict declaration counts if it verifies, was recorded, and came before any sheet of
 * that examiner for that candidate; later sheets then do not count. Nothing recorded on the log is
 * missing from the bundle. Each candidate's panel score is computed here for step 12.
 */
export function checkScoreSheets(ctx: VerifyContext, s: Step): void {
  const sealedIds = new Map(ctx.body.sealed.map((x) => [x.file.sealId, sealedHash(x.file)]));
  for (const d of ctx.body.days) {
    const created = ctx.logOf('interview.day-created').find((e) => e.payload['dayId'] === d.id);
    if (!s.check(created !== undefined, () => `面试日 ${d.id} 从未在日志中创建 · the interview day ${d.id} was never created on the log`)) continue;
    const p = created!.payload;
    const facts: DayFacts = {
      // A roster logged as anything but a list of rows is no roster (step 13 names it): the check below then fails, never throws.
      rooms: new Map(rowsOf(p['candidates']).map((c) => [c['ticket'] as string, c['room'] as string])),
      rule: p['rule'] as { trimWhenAtLeast: number },
      questionsSealedHash: String(p['questionsSealedHash']),
    };
    const names = new Map(rowsOf(p['candidates']).map((c) => [c['ticket'], c['name']]));
    s.check(facts.rooms.size === d.candidates.length && d.candidates.every((c) => facts.rooms.get(c.ticket) === c.room && names.get(c.ticket) === c.name), () => `${d.id}：考生、面试室与姓名不是创建当天时记录的名单 · ${d.id}: the candidates, rooms and names are not the roster logged when the day was created`);
    s.check(sealedIds.get(d.questionsSealId) === facts.questionsSealedHash, () => `${d.id}：面试题本不是日志为当天公布的密封文件 · ${d.id}: its questions are not the sealed file the log announced for the day`);
    ctx.interview.set(d.id, scoreDay(ctx, s, d, facts));
  }
}

type Day = VerifyContext['body']['days'][number];

function scoreDay(ctx: VerifyContext, s: Step, d: Day, facts: DayFacts): InterviewRow[] {
  const set = ctx.questionSets.get(d.questionsSealId);
  const lots = ctx.lots.get(d.id) ?? new Map<string, number>();
  const roomOfLot = new Map([...lots].map(([ticket, lot]) => [lot, facts.rooms.get(ticket)]));
  const seqOf = (type: string, field: string, value: string) => ctx.findLogged([type], field, value)?.seq;
  const seen = new Set<string>();
  type Counted = { sheet: ScoreSheet; hash: string; seq: number; countersigned: boolean };
  const chains = new Map<string, Counted[]>();
  d.sheets.forEach((x, i) => {
    const h = ctx.hashOf(x.sheet);
    const what = `${d.id}: sheet ${short(h)} (lot ${x.sheet.lot})`;
    const whatZh = `${d.id}：评分表 ${short(h)}（${x.sheet.lot} 号）`;
    if (!s.check(!seen.has(h), () => `${whatZh}重复出现 · ${what} appears twice`)) return;
    seen.add(h);
    if (!s.check(ctx.signed(`sheet:${d.id}:${i}`), () => `${whatZh}验签不通过，不计入 · ${what} does not verify: not counted`)) return;
    if (!ctx.admittedSigner.has(`sheet:${d.id}:${i}`)) return; // named at step 5
    const seq = seqOf(x.sheet.replaces ? 'score.correction-signed' : 'score.signed', 'hash', h);
    if (!s.check(seq !== undefined, () => `${whatZh}的记录类型（首次评分或更正）与其内容不符，不计入 · ${what} was recorded as ${x.sheet.replaces ? 'a first sheet' : 'a correction'}, which it is not: not counted`)) return;
    if (!s.check(x.sheet.dayId === d.id && roomOfLot.get(x.sheet.lot) === x.sheet.room, () => `${whatZh}所评为 ${x.sheet.room} 的 ${x.sheet.lot} 号，该室没有考生抽到此号，不计入 · ${what} is for lot ${x.sheet.lot} in ${x.sheet.room}, which no candidate of that room drew: not counted`)) return;
    const misfit = set ? sheetProblems(x.sheet, set) : [];
    if (!s.check(misfit.length === 0, () => `${whatZh}不符合评分要素，不计入 · ${what} does not fit the rubric (${misfit[0]}): not counted`)) return;
    let countersigned = false;
    if (x.countersign) {
      const cs = x.countersign.countersign;
      countersigned =
        s.check(x.sheet.replaces !== undefined && cs.sheetHash === h, () => `${whatZh}所附的会签不是对这份更正的 · ${what} carries a countersignature that is not of this correction`) &&
        s.check(ctx.signed(`countersign:${d.id}:${i}`), () => `对 ${short(h)} 的会签验证不通过：更正不计入 · the countersignature of ${short(h)} does not verify: the correction does not count`) &&
        ctx.admittedSigner.has(`countersign:${d.id}:${i}`);
    }
    const k = `${x.sheet.lot}|${x.sheet.examinerKey}`;
    const list = chains.get(k);
    if (list) list.push({ sheet: x.sheet, hash: h, seq: seq!, countersigned });
    else chains.set(k, [{ sheet: x.sheet, hash: h, seq: seq!, countersigned }]);
  });
  // Conflicts: a declaration counts when it came before any sheet of that examiner for that lot.
  const conflictAt = new Map<string, number>();
  d.conflicts.forEach((c, i) => {
    const k = `${c.declaration.lot}|${c.declaration.examinerKey}`;
    const what = `${d.id}: the conflict declaration for lot ${c.declaration.lot}`;
    const whatZh = `${d.id}：对 ${c.declaration.lot} 号的回避申请`;
    if (!s.check(ctx.signed(`conflict:${d.id}:${i}`), () => `${what} does not verify: not counted`)) return;
    if (!ctx.admittedSigner.has(`conflict:${d.id}:${i}`)) return;
    const seq = seqOf('score.conflict-declared', 'signature', c.signature)!;
    const earlier = (chains.get(k) ?? []).some((x) => x.seq < seq);
    if (s.check(!earlier && roomOfLot.get(c.declaration.lot) === c.declaration.room, () => `${whatZh}在该考官评分表之后提出，或所指面试室不符，不计入 · ${what} came after the examiner’s sheet, or names another room: not counted`)) conflictAt.set(k, seq);
  });
  const current = new Map<number, Array<{ examinerKey: string; total: number }>>();
  for (const [k, list] of chains) {
    const declared = conflictAt.get(k);
    const kept = list.filter((x) => s.check(declared === undefined || x.seq < declared, () => `${d.id}：评分表 ${short(x.hash)} 签于该考官对 ${x.sheet.lot} 号申请回避之后，不计入 · ${d.id}: sheet ${short(x.hash)} was signed after the examiner declared a conflict for lot ${x.sheet.lot}: not counted`));
    kept.sort((a, b) => a.seq - b.seq);
    const r = resolveVersions(kept, (x) => ({ hash: x.hash, replaces: x.sheet.replaces, counts: x.countersigned }));
    for (const p of r.problems) s.check(false, () => `${d.id}：评分表版本有误，不计入 · ${d.id}: sheet ${p}: not counted`);
    if (r.current) {
      const lotSheets = current.get(r.current.sheet.lot) ?? [];
      lotSheets.push({ examinerKey: r.current.sheet.examinerKey, total: r.current.sheet.total });
      current.set(r.current.sheet.lot, lotSheets);
    }
  }
  // Nothing the log recorded is missing.
  const inBundle = new Set(d.sheets.map((x) => ctx.hashOf(x.sheet)));
  const countersigns = new Set(d.sheets.flatMap((x) => (x.countersign ? [x.countersign.signature] : [])));
  const declarations = new Set(d.conflicts.map((c) => c.signature));
  for (const e of ctx.logOf('score.signed', 'score.correction-signed', 'score.corrected', 'score.conflict-declared')) {
    if (e.payload['dayId'] !== d.id) continue;
    const [present, what, whatZh] =
      e.type === 'score.corrected'
        ? [countersigns.has(String(e.payload['countersignature'])), 'countersignature', '会签']
        : e.type === 'score.conflict-declared'
          ? [declarations.has(String(e.payload['signature'])), 'conflict declaration', '回避申请']
          : [inBundle.has(String(e.payload['hash'])), 'sheet', '评分表'];
    s.check(present, () => `${d.id}：第 ${e.seq} 条记录的${whatZh}（${String(e.payload['lot'])} 号）在核验包中缺失 · ${d.id}: the ${what} recorded at entry ${e.seq} (lot ${String(e.payload['lot'])}) is missing from the bundle`);
  }
  // Each candidate's panel: the keys whose last admission on the log (at its end) is as an examiner of this day and room.
  const panels = new Map<string, string[]>();
  const panel = (room: string) => {
    let keys = panels.get(room);
    if (!keys) {
      keys = ctx.timeline.keys().filter((k) => {
        const a = ctx.timeline.last(k);
        return a?.role === 'examiner' && a.dayId === d.id && a.room === room;
      });
      panels.set(room, keys);
    }
    return keys;
  };
  return [...lots]
    .sort((a, b) => a[1] - b[1])
    .map(([ticket, lot]) => {
      const room = facts.rooms.get(ticket)!;
      const sheets = current.get(lot) ?? [];
      const answered = new Set(sheets.map((x) => x.examinerKey));
      for (const k of conflictAt.keys()) if (k.startsWith(`${lot}|`)) answered.add(k.slice(k.indexOf('|') + 1));
      const complete = sheets.length > 0 && panel(room).every((k) => answered.has(k));
      return { ticket, lot, room, score: complete ? panelScore(sheets.map((x) => x.total), facts.rule).score : null };
    });
}
