import { z } from 'zod';
import { freeTextSchema, reasonSchema } from '../events/common';
import { selectionIdSchema } from '../selection/selection';
import { MAX_NOTICE_WORKING_DAYS, MIN_NOTICE_WORKING_DAYS, yearCalendarSchema } from './calendar';
import { bilingual } from '../schema-issues';

/**
 * Public notice (公示, docs/protocol.md §26): every step's result, published as a page the server
 * serves on the venue network (no login), as a PDF, and in the bundle published with it; each
 * carries the bundle's hash and lasts at least five working days. Objections (异议 / 举报) received
 * during the period are registered and handled, all on the log; an appointment becomes final only
 * after its notice's period has ended with no objection about it still open.
 */

/** What a notice publishes, in the procedure's order. */
export const NOTICE_KINDS = ['posts', 'qualified', 'written', 'evaluation', 'interview', 'ranking', 'appointees', 'appointed'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NOTICE_NAMES: Record<NoticeKind, { zh: string; en: string }> = {
  posts: { zh: '竞争上岗职位公告', en: 'Posts' },
  qualified: { zh: '资格审查结果公示', en: 'Qualification review' },
  written: { zh: '笔试成绩公示', en: 'Written exam results' },
  evaluation: { zh: '民主测评结果公示', en: 'Democratic evaluation results' },
  interview: { zh: '面试成绩公示', en: 'Interview results' },
  ranking: { zh: '综合成绩及考察人选公示', en: 'Composite scores and shortlist' },
  appointees: { zh: '拟任人选公示', en: 'Proposed appointees' },
  appointed: { zh: '任用结果公布', en: 'Appointments made' },
};
/** The kinds that name one part of the selection: a written session, an interview day, an evaluation. */
export const TARGETED_KINDS: readonly NoticeKind[] = ['written', 'evaluation', 'interview'];

const idSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/);
export const noticeIdSchema = z.string().regex(/^n-[0-9a-f]{12}$/);

export const publishNoticeSchema = z
  .object({
    selectionId: selectionIdSchema,
    kind: z.enum(NOTICE_KINDS),
    /** The session, day or evaluation a `written`, `interview` or `evaluation` notice publishes; null for the others. */
    target: idSchema.nullable(),
    /** At least five working days (the regulation's minimum; a setting, never fewer). */
    workingDays: z.number().int().min(MIN_NOTICE_WORKING_DAYS).max(MAX_NOTICE_WORKING_DAYS),
  })
  .strict()
  .refine((n) => TARGETED_KINDS.includes(n.kind) === (n.target !== null), { ...bilingual('written, interview and evaluation notices name what they publish; the others name nothing', '笔试、面试和民主测评的公告须写明所公布的对象；其他公告不写'), path: ['target'] });

export const setCalendarSchema = z.object({ calendar: yearCalendarSchema }).strict();

/** Who objects: signed (实名, with a name and a way to reach them) or anonymous (匿名). */
export const OBJECTION_OUTCOMES = ['no-effect', 'deferred', 'not-appointed', 'unfounded'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];
export const OBJECTION_OUTCOME_NAMES: Record<ObjectionOutcome, { zh: string; en: string }> = {
  'no-effect': { zh: '反映问题属实但不影响任用', en: 'true, but no effect on the appointment' },
  deferred: { zh: '暂缓任用', en: 'appointment deferred' },
  'not-appointed': { zh: '不予任用', en: 'not appointed' },
  unfounded: { zh: '反映问题不实', en: 'unfounded' },
};
const registrationIdSchema = z.string().regex(/^r-[0-9a-f]{16}$/);

export const recordObjectionSchema = z
  .object({
    noticeId: noticeIdSchema,
    /** The person it is about (a registration of the selection), or null for the notice as a whole. */
    about: registrationIdSchema.nullable(),
    /** Signed (实名) with the objector's name and contact, or anonymous (both null). */
    name: z.string().trim().min(1).max(50).nullable(),
    contact: z.string().trim().min(1).max(100).nullable(),
    /** How it came: in person, by letter, by telephone, by e-mail. */
    via: z.enum(['in-person', 'letter', 'telephone', 'email']),
    text: freeTextSchema(2, 5000),
  })
  .strict()
  .refine((o) => (o.name === null) === (o.contact === null), { ...bilingual('a signed objection gives a name and a contact; an anonymous one neither', '实名反映须同时留姓名和联系方式；匿名反映两者都不留'), path: ['name'] });

export const handleObjectionSchema = z.object({ objectionId: z.string().regex(/^o-[0-9a-f]{12}$/), outcome: z.enum(OBJECTION_OUTCOMES), reason: reasonSchema }).strict();
export const finaliseAppointmentsSchema = z.object({ selectionId: selectionIdSchema }).strict();

/** An objection's commitment on the log: its content stays with the organiser and the supervisors. */
export const OBJECTION_RECORD_TYPE = 'objection-record';

export interface NoticeRow {
  id: string;
  selectionId: string;
  kind: NoticeKind;
  target: string | null;
  title: string;
  publishedAt: number;
  workingDays: number;
  firstDay: string;
  lastDay: string;
  endsAt: number;
  bundleHash: string;
  /** Whether its period is over at the time of asking. */
  ended: boolean;
  /**
   * Null while it is the notice in force for its step; otherwise what replaced it: a later notice of
   * the same kind and target (`by` its id), or, for proposed appointees, a later committee decision
   * (`by` null) — `at` when.
   */
  replaced: NoticeReplacement | null;
}

export interface NoticeReplacement {
  by: string | null;
  at: number;
}

/**
 * What replaced a notice: the first later notice of its selection, kind and target; for proposed
 * appointees, a committee decision recorded after it, if that came first. Null: it is in force.
 */
export function noticeReplacement(notice: { id: string; kind: NoticeKind; target: string | null; publishedAt: number }, all: ReadonlyArray<{ id: string; kind: NoticeKind; target: string | null; publishedAt: number }>, decidedAt: number | null): NoticeReplacement | null {
  const later = all.filter((n) => n.id !== notice.id && n.kind === notice.kind && n.target === notice.target && n.publishedAt > notice.publishedAt).sort((a, b) => a.publishedAt - b.publishedAt)[0];
  const decided = notice.kind === 'appointees' && decidedAt !== null && decidedAt > notice.publishedAt ? decidedAt : null;
  if (decided !== null && (!later || decided < later.publishedAt)) return { by: null, at: decided };
  return later ? { by: later.id, at: later.publishedAt } : null;
}

/** Objection outcomes that withhold an appointment: once the appointments are final, none can be given. */
export const WITHHOLDING_OUTCOMES: readonly ObjectionOutcome[] = ['deferred', 'not-appointed'];

/**
 * What the outcomes of the objections about one person make of their appointment: not appointed if
 * any says so, else deferred if any defers it, else nothing withheld — whatever order they came in
 * (docs/bundle.md, step 16). Outcomes still pending (null) and the others withhold nothing.
 */
export function withholdingOutcome(outcomes: ReadonlyArray<string | null>): 'not-appointed' | 'deferred' | null {
  if (outcomes.includes('not-appointed')) return 'not-appointed';
  return outcomes.includes('deferred') ? 'deferred' : null;
}

export interface ObjectionRow {
  id: string;
  noticeId: string;
  about: string | null;
  signed: boolean;
  via: string;
  receivedAt: number;
  /** The text and who sent it, for the organiser only. */
  text: string;
  name: string | null;
  contact: string | null;
  outcome: { outcome: ObjectionOutcome; reason: string; at: number } | null;
}

/** Where each appointee stands: proposed by the committee; on notice; final; deferred or not appointed after an objection. */
export type AppointmentState = 'proposed' | 'on-notice' | 'final' | 'deferred' | 'not-appointed';

export interface NoticeStatus {
  selectionId: string;
  notices: NoticeRow[];
  objections: ObjectionRow[];
  /** The years whose working days are known (shipped, or entered), with their source. */
  calendars: Array<{ year: number; source: string; shipped: boolean }>;
  appointments: Array<{ post: string; registrationId: string; state: AppointmentState }>;
  finalisedAt: number | null;
}
