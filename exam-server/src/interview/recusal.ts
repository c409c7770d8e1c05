import { ExamError, canonicalize, fromBase64, objectHash, signingBytes } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import type { Handler } from '../realtime/requests';
import { verifyEd25519Fast } from '../identity/verify-fast';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { getDay } from './day';

/** Whether this examiner's key declared a relation to the candidate with this ticket on this day. */
export async function examinerRecused(db: Db | Tx, dayId: string, ticket: string, examinerKey: string): Promise<boolean> {
  return !!(await db.selectFrom('interview_recusals').select('hash').where('day_id', '=', dayId).where('ticket', '=', ticket).where('declarant_key', '=', examinerKey).executeTakeFirst());
}

/** The day's candidates by name, for an examiner to declare relations against before the interviews. */
export const examinerRoster: Handler<'examiner:roster'> = async ({ ctx, device }, { dayId }) => {
  if (device.day_id !== dayId) throw new ExamError('forbidden', `this examiner is admitted for ${device.day_id ?? 'no day'}, not ${dayId}`);
  await getDay(ctx.db, dayId);
  const rows = await ctx.db.selectFrom('interview_candidates').select(['ticket', 'name']).where('day_id', '=', dayId).execute();
  const declared = await ctx.db.selectFrom('interview_recusals').select('ticket').where('day_id', '=', dayId).where('declarant_key', '=', device.public_key).execute();
  return { candidates: rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')), declared: declared.map((d) => d.ticket).sort() };
};

/**
 * An examiner declares a relation to a candidate of the day (回避), by name, signed. When that
 * candidate is in the examiner's room, a sheet of theirs is refused and the tablet offers the
 * conflict declaration instead. Refused once the examiner has signed a sheet for that candidate:
 * the sheet stands as signed, and the supervisors must be told.
 */
export const declareExaminerRelation: Handler<'examiner:declare-relation'> = async ({ ctx, device }, { declaration: d, signature }) => {
  if (d.declarantKey !== device.public_key) throw new ExamError('forbidden', 'a declaration must carry the key of the tablet that sends it');
  if (device.day_id !== d.dayId) throw new ExamError('forbidden', `this examiner is admitted for ${device.day_id ?? 'no day'}, not ${d.dayId}`);
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('interview-recusal', d), fromBase64(signature))) throw new ExamError('signature-invalid', 'the declaration’s signature does not verify');
  const hash = objectHash('interview-recusal', d);
  await transact(ctx.db, async (tx) => {
    const c = await tx.selectFrom('interview_candidates').select('lot').where('day_id', '=', d.dayId).where('ticket', '=', d.ticket).executeTakeFirst();
    if (!c) throw new ExamError('not-found', `${d.dayId} has no candidate ${d.ticket}`);
    if (await examinerRecused(tx, d.dayId, d.ticket, device.public_key)) throw new ExamError('conflict', 'this relation is already declared');
    if (c.lot !== null && (await tx.selectFrom('score_sheets').select('hash').where('day_id', '=', d.dayId).where('lot', '=', c.lot).where('examiner_key', '=', device.public_key).executeTakeFirst())) {
      throw new ExamError('conflict', 'this tablet has already scored this candidate: tell the supervisors');
    }
    await tx.insertInto('interview_recusals').values({ hash, day_id: d.dayId, ticket: d.ticket, declarant_key: device.public_key, declaration_json: canonicalize(d), signature, declared_at: ctx.now() }).execute();
    await appendAudit(tx, 'interview.recusal-declared', device.id, { dayId: d.dayId, commitment: hash, declarantKey: device.public_key }, ctx.now());
  });
  return { recorded: true };
};
