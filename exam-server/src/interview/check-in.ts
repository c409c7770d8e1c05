import { ExamError, type InterviewCandidateRow } from '@exam/shared';
import type { Handler } from '../realtime/requests';
import type { InterviewCandidatesTable } from '../db/schema/interview';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { announceRoom, getDay } from './day';
import { latestDraw } from '../lots/status';

export const candidateRow = (c: InterviewCandidatesTable): InterviewCandidateRow => ({
  ticket: c.ticket,
  name: c.name,
  room: c.room,
  state: c.state,
  phoneHandedIn: c.phone_handed_in === 1,
  lot: c.lot,
});

/**
 * Check-in to the holding room (候考室), with whether the phone was handed in (手机统一保管).
 * Once a draw is open the list of candidates is fixed: a later arrival cannot join it.
 */
export const checkIn: Handler<'interview:check-in'> = async ({ ctx, device }, { dayId, ticket, phoneHandedIn }) => {
  await getDay(ctx.db, dayId);
  const draw = await latestDraw(ctx.db, dayId);
  if (draw && draw.state !== 'abandoned') throw new ExamError('session-state', 'the draw has begun: the list of candidates is fixed');
  const row = await transact(ctx.db, async (tx) => {
    const c = await tx.selectFrom('interview_candidates').selectAll().where('day_id', '=', dayId).where('ticket', '=', ticket).executeTakeFirst();
    if (!c) throw new ExamError('unknown-ticket', `no candidate ${ticket} on ${dayId}`);
    if (c.state !== 'registered' && c.state !== 'holding') throw new ExamError('session-state', `${ticket} is ${c.state}`);
    const now = ctx.now();
    await tx.updateTable('interview_candidates').set({ state: 'holding', phone_handed_in: phoneHandedIn ? 1 : 0, checked_in_at: c.checked_in_at ?? now }).where('day_id', '=', dayId).where('ticket', '=', ticket).execute();
    await appendAudit(tx, 'candidate.checked-in', device.id, { dayId, ticket, phoneHandedIn });
    return { ...c, state: 'holding' as const, phone_handed_in: phoneHandedIn ? 1 : 0 };
  });
  await announceRoom(ctx, dayId, row.room);
  return candidateRow(row);
};

export const markAbsent: Handler<'interview:absent'> = async ({ ctx, device }, { dayId, ticket, reason }) => {
  const row = await transact(ctx.db, async (tx) => {
    const c = await tx.selectFrom('interview_candidates').selectAll().where('day_id', '=', dayId).where('ticket', '=', ticket).executeTakeFirst();
    if (!c) throw new ExamError('unknown-ticket', `no candidate ${ticket} on ${dayId}`);
    if (c.state !== 'registered') throw new ExamError('session-state', `${ticket} has already checked in`);
    await tx.updateTable('interview_candidates').set({ state: 'absent' }).where('day_id', '=', dayId).where('ticket', '=', ticket).execute();
    await appendAudit(tx, 'candidate.absent', device.id, { dayId, ticket, reason });
    return { ...c, state: 'absent' as const };
  });
  return candidateRow(row);
};

export const listCandidates: Handler<'interview:candidates'> = async ({ ctx }, { dayId }) => {
  await getDay(ctx.db, dayId);
  const rows = await ctx.db.selectFrom('interview_candidates').selectAll().where('day_id', '=', dayId).orderBy('ticket').execute();
  return { candidates: rows.map(candidateRow) };
};
