import { ExamError, OBJECTION_RECORD_TYPE, SHIPPED_CALENDARS, bundleFileText, bundleHash, calendarsFrom, canonicalize, noticePeriod, objectHash, randomBytes, toHex, type AppointmentResult, type AppointmentState, type NoticeKind, noticeReplacement, WITHHOLDING_OUTCOMES, withholdingOutcome, type NoticeReplacement, type NoticeStatus, type ObjectionOutcome, type YearCalendar } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Db, Tx } from '../db/database';
import type { Handler } from '../realtime/requests';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { exportBundle } from '../verification/export';
import { findSelection } from '../selections/store';
import { noticeHtml } from './render';

/** The calendars in force: the shipped years and those the organiser entered (an entered year wins). */
export async function calendarsOf(db: Db | Tx): Promise<Map<number, YearCalendar>> {
  const rows = await db.selectFrom('calendars').select('calendar_json').orderBy('year').execute();
  return calendarsFrom(rows.map((r) => JSON.parse(r.calendar_json) as YearCalendar));
}

/** A year's holidays and make-up working days, entered by the organiser from the State Council's notice; logged. */
export const setCalendar: Handler<'organiser:set-calendar'> = async ({ ctx, device }, { calendar }) => {
  await transact(ctx.db, async (tx) => {
    const json = canonicalize(calendar);
    await tx.insertInto('calendars').values({ year: calendar.year, calendar_json: json, set_at: ctx.now() }).onConflict((oc) => oc.column('year').doUpdateSet({ calendar_json: json, set_at: ctx.now() })).execute();
    await appendAudit(tx, 'calendar.set', device.id, { calendar }, ctx.now());
  });
  return noticeStatus(ctx, null);
};

/**
 * Publishes a notice: the bundle as it stands is exported and kept with the notice, the page is
 * made from that bundle (so it shows nothing the bundle does not, and carries its hash), and the
 * period is worked out from the calendars — refused when it reaches a year without one.
 */
export const publishNotice: Handler<'organiser:publish-notice'> = async ({ ctx, device }, n) => {
  const sel = await findSelection(ctx.db, n.selectionId);
  const now = ctx.now();
  const period = noticePeriod(now, n.workingDays, await calendarsOf(ctx.db));
  if ('missingYear' in period) throw new ExamError('session-state', `the notice period reaches ${period.missingYear}, whose working days are not known: enter ${period.missingYear}'s holidays from the State Council's notice first`, [{ path: 'workingDays', message: `no calendar for ${period.missingYear}`, zh: `公示期跨入 ${period.missingYear} 年，尚未录入该年的节假日安排：请先在“工作日历”中按国务院办公厅的通知录入 ${period.missingYear} 年的放假与调休安排，再发布` }]);
  const bundle = await exportBundle(ctx);
  const hash = bundleHash(bundle.body);
  const { title, html } = noticeHtml(bundle, hash, sel.id, n.kind, n.target);
  const id = `n-${toHex(randomBytes(6))}`;
  await transact(ctx.db, async (tx) => {
    await tx
      .insertInto('notices')
      .values({ id, selection_id: sel.id, kind: n.kind, target: n.target, title, published_at: now, working_days: n.workingDays, first_day: period.firstDay, last_day: period.lastDay, ends_at: period.endsAt, bundle_hash: hash, html, bundle_text: bundleFileText(bundle) })
      .execute();
    await appendAudit(tx, 'notice.published', device.id, { selectionId: sel.id, noticeId: id, kind: n.kind, target: n.target, workingDays: n.workingDays, firstDay: period.firstDay, lastDay: period.lastDay, endsAt: period.endsAt, bundleHash: hash }, now);
  });
  return noticeStatus(ctx, sel.id);
};

/**
 * An objection received during a notice's period (异议 / 举报), signed or anonymous: its content is
 * kept here and committed to on the log (`objection.received`), never published.
 */
export const recordObjection: Handler<'organiser:record-objection'> = async ({ ctx, device }, o) => {
  const notice = await ctx.db.selectFrom('notices').selectAll().where('id', '=', o.noticeId).executeTakeFirst();
  if (!notice) throw new ExamError('not-found', `no notice ${o.noticeId}`);
  const now = ctx.now();
  if (now >= notice.ends_at) throw new ExamError('session-state', `the notice's period ended on ${notice.last_day} at 24:00 (Beijing time)`);
  if (o.about !== null) {
    const reg = await ctx.db.selectFrom('registrations').select('selection_id').where('id', '=', o.about).executeTakeFirst();
    if (reg?.selection_id !== notice.selection_id) throw new ExamError('bad-request', `${o.about} is not a registration of this selection`, [{ path: 'about', message: 'not a registration of the selection' }]);
  }
  const id = `o-${toHex(randomBytes(6))}`;
  const salt = toHex(randomBytes(32));
  const commitment = objectHash(OBJECTION_RECORD_TYPE, { objectionId: id, noticeId: o.noticeId, about: o.about, name: o.name, contact: o.contact, via: o.via, text: o.text, salt });
  await transact(ctx.db, async (tx) => {
    await tx.insertInto('objections').values({ id, notice_id: o.noticeId, about: o.about, name: o.name, contact: o.contact, via: o.via, text: o.text, salt, commitment, received_at: now, outcome: null, reason: null, handled_at: null }).execute();
    await appendAudit(tx, 'objection.received', device.id, { selectionId: notice.selection_id, noticeId: o.noticeId, objectionId: id, about: o.about, signed: o.name !== null, commitment }, now);
  });
  return noticeStatus(ctx, notice.selection_id);
};

/** The outcome of an objection, once, with the reason: logged. */
export const handleObjection: Handler<'organiser:handle-objection'> = async ({ ctx, device }, { objectionId, outcome, reason }) => {
  const selectionId = await transact(ctx.db, async (tx) => {
    const o = await tx.selectFrom('objections').innerJoin('notices', 'notices.id', 'objections.notice_id').select(['objections.outcome', 'notices.selection_id']).where('objections.id', '=', objectionId).executeTakeFirst();
    if (!o) throw new ExamError('not-found', `no objection ${objectionId}`);
    if (o.outcome !== null) throw new ExamError('conflict', 'this objection has been handled already');
    // Once the appointments are final, no outcome withholds one: the product does not record an effect it cannot have.
    if (WITHHOLDING_OUTCOMES.includes(outcome) && (await appointmentsFinal(tx, o.selection_id))) {
      throw new ExamError('session-state', `the appointments are final: an objection received now cannot end ${outcome}; record what was found (no-effect or unfounded) and take the matter on as the rules for appointed cadres provide`, [
        { path: 'outcome', message: 'the appointments are final', zh: '任用已确定：此后收到的异议不能再以“暂缓任用”或“不予任用”办结；请按“不影响任用”或“反映问题不实”办结，已任职干部的问题按有关规定另行处理' },
      ]);
    }
    await tx.updateTable('objections').set({ outcome, reason, handled_at: ctx.now() }).where('id', '=', objectionId).execute();
    await appendAudit(tx, 'objection.handled', device.id, { objectionId, outcome, reason }, ctx.now());
    return o.selection_id;
  });
  return noticeStatus(ctx, selectionId);
};

/** Whether a selection's appointments have been made final (after which neither the decision nor an appointment changes). */
export async function appointmentsFinal(db: Db | Tx, selectionId: string): Promise<boolean> {
  return (await db.selectFrom('appointment_finals').select('selection_id').where('selection_id', '=', selectionId).executeTakeFirst()) !== undefined;
}

/** The appointees of the decision standing, and what any objection about them decided. */
async function appointmentsNow(db: Db | Tx, selectionId: string) {
  const d = await db.selectFrom('appointment_decisions').select(['result_json', 'decided_at']).where('selection_id', '=', selectionId).executeTakeFirst();
  if (!d) return null;
  const result = JSON.parse(d.result_json) as AppointmentResult;
  const objections = await db.selectFrom('objections').innerJoin('notices', 'notices.id', 'objections.notice_id').select(['objections.about', 'objections.outcome']).where('notices.selection_id', '=', selectionId).execute();
  const notice = await db.selectFrom('notices').selectAll().where('selection_id', '=', selectionId).where('kind', '=', 'appointees').where('published_at', '>=', d.decided_at).orderBy('published_at', 'desc').limit(1).executeTakeFirst();
  const people = result.posts.flatMap((p) => p.appointed.map((registrationId) => ({ post: p.post, registrationId })));
  const verdict = (r: string): ObjectionOutcome | null => withholdingOutcome(objections.filter((o) => o.about === r).map((o) => o.outcome));
  const open = objections.filter((o) => o.outcome === null);
  return { people, verdict, open, notice };
}

/**
 * Makes the appointments final once the appointees' notice has run its period with no objection
 * still open: those an objection's outcome defers or refuses are withheld. Logged once.
 */
export const finaliseAppointments: Handler<'organiser:finalise-appointments'> = async ({ ctx, device }, { selectionId }) => {
  await findSelection(ctx.db, selectionId);
  await transact(ctx.db, async (tx) => {
    const a = await appointmentsNow(tx, selectionId);
    if (!a) throw new ExamError('session-state', 'the committee has not decided yet');
    if (!a.notice) throw new ExamError('session-state', 'the proposed appointees have not been on notice since the decision');
    if (ctx.now() < a.notice.ends_at) throw new ExamError('session-state', `the notice runs until ${a.notice.last_day} 24:00 (Beijing time)`);
    if (a.open.length > 0) throw new ExamError('conflict', `${a.open.length} objection(s) are still open: handle them first`);
    if (await appointmentsFinal(tx, selectionId)) throw new ExamError('conflict', 'the appointments are final already');
    const final = a.people.filter((p) => a.verdict(p.registrationId) === null);
    const withheld = a.people.filter((p) => a.verdict(p.registrationId) !== null).map((p) => ({ ...p, outcome: a.verdict(p.registrationId)! }));
    await tx.insertInto('appointment_finals').values({ selection_id: selectionId, notice_id: a.notice.id, final_json: canonicalize({ final, withheld }), finalised_at: ctx.now() }).execute();
    await appendAudit(tx, 'appointments.finalised', device.id, { selectionId, noticeId: a.notice.id, final, withheld }, ctx.now());
  });
  return noticeStatus(ctx, selectionId);
};

/** The notices of a selection (all of them without one), its objections, the calendars, where each appointee stands. */
export async function noticeStatus(ctx: ServerContext, selectionId: string | null): Promise<NoticeStatus> {
  const now = ctx.now();
  let q = ctx.db.selectFrom('notices').select(['id', 'selection_id', 'kind', 'target', 'title', 'published_at', 'working_days', 'first_day', 'last_day', 'ends_at', 'bundle_hash']).orderBy('published_at');
  if (selectionId) q = q.where('selection_id', '=', selectionId);
  const notices = await q.execute();
  const replaced = await replacementsOf(ctx.db, selectionId);
  const ids = notices.map((n) => n.id);
  const objections = ids.length === 0 ? [] : await ctx.db.selectFrom('objections').selectAll().where('notice_id', 'in', ids).orderBy('received_at').execute();
  const entered = await ctx.db.selectFrom('calendars').select(['year', 'calendar_json']).execute();
  const calendars = [...(await calendarsOf(ctx.db))].map(([year, c]) => ({ year, source: c.source, shipped: !entered.some((e) => e.year === year) && SHIPPED_CALENDARS.some((s) => s.year === year) }));
  const a = selectionId ? await appointmentsNow(ctx.db, selectionId) : null;
  const finals = selectionId ? await ctx.db.selectFrom('appointment_finals').selectAll().where('selection_id', '=', selectionId).executeTakeFirst() : undefined;
  const finalList = finals ? (JSON.parse(finals.final_json) as { final: Array<{ registrationId: string }> }).final : [];
  return {
    selectionId: selectionId ?? '',
    notices: notices.map((n) => ({ id: n.id, selectionId: n.selection_id, kind: n.kind as NoticeKind, target: n.target, title: n.title, publishedAt: n.published_at, workingDays: n.working_days, firstDay: n.first_day, lastDay: n.last_day, endsAt: n.ends_at, bundleHash: n.bundle_hash, ended: now >= n.ends_at, replaced: replacedBy(replaced.get(n.id)) })),
    objections: objections.map((o) => ({ id: o.id, noticeId: o.notice_id, about: o.about, signed: o.name !== null, via: o.via, receivedAt: o.received_at, text: o.text, name: o.name, contact: o.contact, outcome: o.outcome ? { outcome: o.outcome as ObjectionOutcome, reason: o.reason!, at: o.handled_at! } : null })),
    calendars: calendars.sort((x, y) => x.year - y.year),
    appointments: (a?.people ?? []).map((p) => ({
      ...p,
      state: (finalList.some((f) => f.registrationId === p.registrationId) ? 'final' : (a!.verdict(p.registrationId) as AppointmentState | null) ?? (a!.notice ? 'on-notice' : 'proposed')) as AppointmentState,
    })),
    finalisedAt: finals?.finalised_at ?? null,
  };
}

export const noticesOf: Handler<'notice:status'> = async ({ ctx }, { selectionId }) => {
  await findSelection(ctx.db, selectionId);
  return noticeStatus(ctx, selectionId);
};

/** What the public pages need: a notice's page (the bundle published with it is read only where it is downloaded). */
export async function publicNotice(db: Db, id: string) {
  const n = await db.selectFrom('notices').select(['id', 'selection_id', 'kind', 'target', 'title', 'published_at', 'first_day', 'last_day', 'ends_at', 'bundle_hash', 'html']).where('id', '=', id).executeTakeFirst();
  if (!n) return undefined;
  return { ...n, replaced: (await replacementsOf(db, n.selection_id)).get(n.id) ?? null };
}

const replacedBy = (r: (NoticeReplacement & { title: string | null }) | undefined): NoticeReplacement | null => (r ? { by: r.by, at: r.at } : null);

/** Every notice of a selection (of all, without one) that is no longer the one in force, with what replaced it (and that notice's title). */
export async function replacementsOf(db: Db, selectionId: string | null): Promise<Map<string, NoticeReplacement & { title: string | null }>> {
  let q = db.selectFrom('notices').select(['id', 'selection_id', 'kind', 'target', 'title', 'published_at']);
  if (selectionId) q = q.where('selection_id', '=', selectionId);
  const all = await q.execute();
  const decidedAt = new Map((await db.selectFrom('appointment_decisions').select(['selection_id', 'decided_at']).execute()).map((d) => [d.selection_id, d.decided_at]));
  const rows = all.map((n) => ({ id: n.id, selectionId: n.selection_id, kind: n.kind as NoticeKind, target: n.target, publishedAt: n.published_at, title: n.title }));
  const out = new Map<string, NoticeReplacement & { title: string | null }>();
  for (const r of rows) {
    const replaced = noticeReplacement(r, rows.filter((x) => x.selectionId === r.selectionId), decidedAt.get(r.selectionId) ?? null);
    if (replaced) out.set(r.id, { ...replaced, title: replaced.by === null ? null : rows.find((x) => x.id === replaced.by)!.title });
  }
  return out;
}
export async function publicNoticeBundle(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('notices').select('bundle_text').where('id', '=', id).executeTakeFirst())?.bundle_text;
}
