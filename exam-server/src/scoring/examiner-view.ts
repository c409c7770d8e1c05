import { ExamError, type ExaminerView } from '@exam/shared';
import type { Handler } from '../realtime/requests';
import { getDay, panelState } from '../interview/day';
import { openedQuestions } from './questions';
import { examinerRecused } from '../interview/recusal';

/**
 * What an examiner's tablet shows: the room, the questions once open, the lot number of the
 * candidate in the room — never a name — and the panel's progress. Other examiners' totals are
 * not shown; the panel's result appears only when every examiner has signed.
 */
export const examinerView: Handler<'examiner:view'> = async ({ ctx, device }) => {
  if (!device.day_id || !device.room) throw new ExamError('forbidden', 'this examiner has no room');
  const day = await getDay(ctx.db, device.day_id);
  const r = await ctx.db.selectFrom('interview_rooms').select('current_ticket').where('day_id', '=', day.id).where('room', '=', device.room).executeTakeFirstOrThrow();
  const c = r.current_ticket ? await ctx.db.selectFrom('interview_candidates').select(['lot', 'state', 'entered_at']).where('day_id', '=', day.id).where('ticket', '=', r.current_ticket).executeTakeFirstOrThrow() : null;
  let mine: ExaminerView['mine'] = null;
  let panel: ExaminerView['panel'] = { size: 0, signed: 0, result: null };
  if (c?.lot) {
    const p = await panelState(ctx, ctx.db, day, device.room, c.lot);
    const own = p.sheets.find((s) => s.examiner_key === device.public_key);
    const awaiting = own
      ? await ctx.db.selectFrom('score_sheets').select(['hash', 'sheet_json']).where('day_id', '=', day.id).where('lot', '=', c.lot).where('examiner_key', '=', device.public_key).where('replaces', '=', own.hash).where('countersign_json', 'is', null).orderBy('received_at', 'desc').executeTakeFirst()
      : undefined;
    const totalOf = (json: string) => (JSON.parse(json) as { total: number }).total;
    mine = own
      ? { hash: own.hash, total: totalOf(own.sheet_json), awaitingCountersign: awaiting ? { hash: awaiting.hash, total: totalOf(awaiting.sheet_json) } : null }
      : p.conflicts.some((x) => x.examiner_key === device.public_key)
        ? 'conflict'
        : null;
    panel = { size: p.panel.length, signed: p.sheets.length + p.conflicts.length, result: p.result };
  }
  return {
    dayId: day.id,
    room: device.room,
    examiner: device.person ?? device.fingerprint,
    rule: { trimWhenAtLeast: day.trim_when_at_least, announceOnSpot: day.announce_on_spot === 1 },
    questions: openedQuestions(ctx, day),
    current: c?.lot ? { lot: c.lot, state: c.state, enteredAt: c.entered_at, recused: await examinerRecused(ctx.db, day.id, r.current_ticket!, device.public_key) } : null,
    mine,
    panel,
  };
};
