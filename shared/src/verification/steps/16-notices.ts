import { calendarsFrom, noticePeriod, MAX_NOTICE_WORKING_DAYS, MIN_NOTICE_WORKING_DAYS, yearCalendarSchema, type YearCalendar } from '../../notice/calendar';
import { NOTICE_KINDS, OBJECTION_OUTCOMES, TARGETED_KINDS, WITHHOLDING_OUTCOMES, withholdingOutcome, type NoticeKind, type ObjectionOutcome } from '../../notice/notices';
import { isObject, rowsOf, stringsOf } from './payload';
import { canonicalize } from '../../encoding/canonical';
import { objectHash } from '../../crypto/hash';
import type { BundleAuditEntry } from '../bundle';
import type { VerifyContext } from '../context';
import type { Step } from '../report';

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const same = (a: unknown, b: unknown) => canonicalize(a) === canonicalize(b);
type TargetedKind = 'written' | 'interview' | 'evaluation';
const TARGET_NAMES: Record<TargetedKind, { zh: string; en: string }> = {
  written: { zh: '笔试场次', en: 'written session' },
  interview: { zh: '面试日', en: 'interview day' },
  evaluation: { zh: '已结束的民主测评', en: 'closed evaluation' },
};

/**
 * Step 16 (docs/bundle.md): public notice. Every `calendar.set` holds a valid year; every
 * `notice.published` names a selection created before it on the log, a kind (with a target for
 * written, interview and evaluation notices — a session, a day, a closed evaluation of that
 * selection, logged before it — null for the others), an id no earlier notice has, five to thirty working
 * days, and the period those days give from
 * the entry's time under the shipped calendars and those set before it (refused where a year has no
 * calendar); an appointees' notice follows a committee's decision, an appointments-made notice their
 * finalisation. Every objection is received on a notice of its selection during that notice's period,
 * about no one or a registration of that selection logged before it,
 * and handled at most once, after it, with a documented outcome — one that withholds an appointment
 * only before the appointments are final. `appointments.finalised` comes once per selection, on its
 * last appointees' notice since the decision standing, at or after that notice's end, with every
 * objection of the selection received before it handled before it; `final` and `withheld` are that
 * decision's appointees, withheld exactly those an objection's outcome defers or refuses (not
 * appointed over deferred, whatever their order: withholdingOutcome); no
 * committee decision of the selection follows it.
 */
export function checkNotices(ctx: VerifyContext, s: Step): void {
  checkObjectionRecords(ctx, s);
  const entered: YearCalendar[] = [];
  const notices = new Map<string, BundleAuditEntry>();
  const objections = new Map<string, { e: BundleAuditEntry; handled: BundleAuditEntry | null }>();
  // What a notice or an objection names, each at its first entry: it must be of the same selection and logged before it.
  const firstOf = (type: string, idKey: string) => {
    const m = new Map<string, BundleAuditEntry>();
    for (const e of ctx.logOf(type)) if (!m.has(str(e.payload[idKey]))) m.set(str(e.payload[idKey]), e);
    return m;
  };
  const named = { selection: firstOf('selection.created', 'selectionId'), written: firstOf('session.created', 'sessionId'), interview: firstOf('interview.day-created', 'dayId'), evaluation: firstOf('evaluation.created', 'evaluationId'), closed: firstOf('evaluation.closed', 'evaluationId'), registration: firstOf('registration.recorded', 'registrationId') };
  const earlier = (m: Map<string, BundleAuditEntry>, id: unknown, e: BundleAuditEntry, selectionId?: string) => {
    const x = typeof id === 'string' ? m.get(id) : undefined;
    return !!x && x.seq < e.seq && (selectionId === undefined || x.payload['selectionId'] === selectionId);
  };
  const finalised = new Set<string>();
  for (const e of ctx.logOf('calendar.set', 'notice.published', 'objection.received', 'objection.handled', 'appointments.finalised', 'ranking.decided')) {
    const p = e.payload;
    const where = `第 ${e.seq} 条`;
    const whereEn = `entry ${e.seq}`;
    if (e.type === 'ranking.decided') {
      s.check(!finalised.has(str(p['selectionId'])), () => `${where}在任用确定之后又作出党组决定 · ${whereEn} records a committee decision after the appointments of its selection were made final`);
    } else if (e.type === 'calendar.set') {
      const c = yearCalendarSchema.safeParse(p['calendar']);
      if (s.check(c.success, () => `${where}的工作日历无效 · ${whereEn} holds a calendar that is not valid`)) entered.push(c.data!);
    } else if (e.type === 'notice.published') {
      const kind = str(p['kind']) as NoticeKind;
      const target = p['target'];
      const selectionId = str(p['selectionId']);
      const days = p['workingDays'];
      const targeted = TARGETED_KINDS.includes(kind);
      s.check(earlier(named.selection, selectionId, e) && NOTICE_KINDS.includes(kind) && (targeted ? typeof target === 'string' : target === null), () => `${where}的公示不属于日志中在此之前设立的竞争上岗，或类型与对象不符 · ${whereEn} publishes a notice of no selection created before it on the log, or of an unknown kind or target`);
      // A written session, an interview day or a closed evaluation of the notice's own selection, logged before it (the server publishes no other's results).
      if (targeted && typeof target === 'string') {
        const there = kind === 'evaluation' ? earlier(named.evaluation, target, e, selectionId) && earlier(named.closed, target, e) : earlier(kind === 'written' ? named.written : named.interview, target, e, selectionId);
        s.check(there, () => `${where}公布的${TARGET_NAMES[kind as TargetedKind].zh} ${target} 不是本次竞争上岗在此之前记录的 · ${whereEn} publishes the results of ${target}, which is no ${TARGET_NAMES[kind as TargetedKind].en} of its selection logged before it`);
      }
      s.check(!notices.has(str(p['noticeId'])), () => `${where}重复使用公示编号 ${str(p['noticeId'])} · ${whereEn} publishes notice ${str(p['noticeId'])} a second time under the same id`);
      if (!s.check(typeof days === 'number' && Number.isInteger(days) && days >= MIN_NOTICE_WORKING_DAYS && days <= MAX_NOTICE_WORKING_DAYS, () => `${where}的公示期不在 ${MIN_NOTICE_WORKING_DAYS} 至 ${MAX_NOTICE_WORKING_DAYS} 个工作日之间 · ${whereEn} sets a notice period outside ${MIN_NOTICE_WORKING_DAYS} to ${MAX_NOTICE_WORKING_DAYS} working days`)) continue;
      const period = noticePeriod(e.at, days as number, calendarsFrom(entered));
      if ('missingYear' in period) s.check(false, () => `${where}的公示期延伸到 ${period.missingYear} 年，但当时没有该年的工作日历 · ${whereEn} has a period reaching ${period.missingYear}, for which no calendar was set before it`);
      else s.check(p['firstDay'] === period.firstDay && p['lastDay'] === period.lastDay && p['endsAt'] === period.endsAt, () => `${where}的公示期（${str(p['firstDay'])} 至 ${str(p['lastDay'])}）不是按工作日推算的（${period.firstDay} 至 ${period.lastDay}） · ${whereEn} gives the period ${str(p['firstDay'])} – ${str(p['lastDay'])}, not the ${period.firstDay} – ${period.lastDay} the working days give`);
      if (kind === 'appointed') s.check(finalised.has(selectionId), () => `${where}公布任用结果时任用尚未确定 · ${whereEn} publishes the appointments made before they were made final`);
      if (kind === 'appointees') s.check(ctx.logOf('ranking.decided').some((d) => d.payload['selectionId'] === selectionId && d.seq < e.seq), () => `${where}公示拟任人选时党组尚未作出决定 · ${whereEn} publishes proposed appointees before any committee decision`);
      notices.set(str(p['noticeId']), e);
    } else if (e.type === 'objection.received') {
      const n = notices.get(str(p['noticeId']));
      s.check(!!n && n.payload['selectionId'] === p['selectionId'] && e.at >= n.at && e.at < Number(n.payload['endsAt']), () => `${where}的异议不是在所针对公示的公示期内收到的 · ${whereEn} records an objection outside the period of the notice it names`);
      // The times are the server's clock; the order is the log's: once the appointments are final, their notice has ended.
      s.check(!(n?.payload['kind'] === 'appointees' && finalised.has(str(p['selectionId']))), () => `${where}在任用确定之后才收到对拟任人选公示的异议 · ${whereEn} records an objection to the proposed appointees’ notice after the appointments were made final`);
      s.check(p['about'] === null || earlier(named.registration, p['about'], e, str(p['selectionId'])), () => `${where}的异议所反映的 ${str(p['about'])} 不是该竞争上岗在此之前记录的报名 · ${whereEn} records an objection about ${str(p['about'])}, which is no registration of its selection logged before it`);
      s.check(!objections.has(str(p['objectionId'])), () => `${where}重复登记异议 ${str(p['objectionId'])} · ${whereEn} records objection ${str(p['objectionId'])} twice`);
      objections.set(str(p['objectionId']), { e, handled: null });
    } else if (e.type === 'objection.handled') {
      const o = objections.get(str(p['objectionId']));
      s.check(!!o && !o.handled && (OBJECTION_OUTCOMES as readonly string[]).includes(str(p['outcome'])), () => `${where}处理的异议不存在、已处理过，或处理结果无效 · ${whereEn} handles an objection that was not received, was handled already, or with an outcome the protocol does not name`);
      if (o && !o.handled) o.handled = e;
      s.check(!(o && WITHHOLDING_OUTCOMES.includes(str(p['outcome']) as ObjectionOutcome) && finalised.has(str(o.e.payload['selectionId']))), () => `${where}在任用确定之后以“${str(p['outcome'])}”办结异议，而任用已不能暂缓或撤回 · ${whereEn} handles an objection ${str(p['outcome'])} after the appointments were made final, which it can no longer withhold`);
    } else {
      const selectionId = str(p['selectionId']);
      s.check(!finalised.has(selectionId), () => `${where}再次确定 ${selectionId} 的任用 · ${whereEn} makes the appointments of ${selectionId} final a second time`);
      finalised.add(selectionId);
      const decided = ctx.logOf('ranking.decided').filter((d) => d.payload['selectionId'] === selectionId && d.seq < e.seq).at(-1);
      if (!s.check(!!decided, () => `${where}确定任用时党组尚未作出决定 · ${whereEn} makes appointments final with no committee decision`)) continue;
      const notice = [...notices.values()].filter((n) => n.payload['selectionId'] === selectionId && n.payload['kind'] === 'appointees' && n.seq > decided!.seq && n.seq < e.seq).at(-1);
      s.check(!!notice && notice.payload['noticeId'] === p['noticeId'] && e.at >= Number(notice.payload['endsAt']), () => `${where}在拟任人选公示期结束前确定任用，或未经公示 · ${whereEn} makes the appointments final before the proposed appointees' notice ended, or without one`);
      const mine = [...objections.values()].filter((o) => o.e.payload['selectionId'] === selectionId && o.e.seq < e.seq);
      s.check(mine.every((o) => o.handled && o.handled.seq < e.seq), () => `${where}确定任用时仍有未处理的异议 · ${whereEn} makes the appointments final with an objection still open`);
      // Per person, as the server decides it: not appointed if any objection's outcome says so, else deferred if any defers it (in whatever order they came).
      const verdict = (r: unknown) => withholdingOutcome(mine.filter((o) => o.e.payload['about'] === r).map((o) => (o.handled ? str(o.handled.payload['outcome']) : null)));
      // The decision's result as logged (step 15 holds it to the rankings); one not of the documented shape appoints no one here.
      const result = decided!.payload['result'];
      const people = rowsOf(isObject(result) ? result['posts'] : null).flatMap((x) => (stringsOf(x['appointed']) ?? []).map((registrationId) => ({ post: x['post'], registrationId })));
      const final = people.filter((x) => verdict(x.registrationId) === null);
      const withheld = people.filter((x) => verdict(x.registrationId) !== null).map((x) => ({ ...x, outcome: verdict(x.registrationId)! }));
      s.check(same(p['final'], final) && same(p['withheld'], withheld), () => `${where}确定的任用与党组决定和异议处理结果不符 · ${whereEn} makes final other appointments than the decision and the objections' outcomes give`);
    }
  }
}

/**
 * With the supervisors' bundle: every objection on the log opens its commitment with the record
 * the supervisors were given (`object_hash("objection-record", record)`), and no record matches nothing.
 */
function checkObjectionRecords(ctx: VerifyContext, s: Step): void {
  if (!ctx.supervisors) return;
  const records = new Map((ctx.supervisors.objections ?? []).map((r) => [r.objectionId, r]));
  for (const e of ctx.logOf('objection.received')) {
    const id = str(e.payload['objectionId']);
    const r = records.get(id);
    s.check(!!r && objectHash('objection-record', r) === e.payload['commitment'] && r.noticeId === e.payload['noticeId'] && r.about === e.payload['about'] && (r.name !== null) === e.payload['signed'], () => `第 ${e.seq} 条的异议 ${id} 在监督员核验包中没有能打开其承诺的记录 · the objection ${id} at entry ${e.seq} has no record in the supervisors’ bundle that opens its commitment`);
    records.delete(id);
  }
  for (const id of records.keys()) s.check(false, () => `监督员核验包中的异议 ${id} 不对应日志中的任何异议 · the supervisors’ bundle holds an objection ${id} that matches nothing on the log`);
}
