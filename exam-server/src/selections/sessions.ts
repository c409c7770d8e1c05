import { ExamError, fromBase64 } from '@exam/shared';
import type { Handler } from '../realtime/requests';
import { readRoster } from '../sessions/roster/parse';
import { createSession } from '../sessions/create';
import { announceSession } from '../desk/overview';
import { createInterviewDay } from '../interview/setup';
import { daySummary } from '../interview/day';
import { rooms } from '../context';
import { findSelection } from './store';
import { rosterFromAdmissions, rosterFromSeats } from './seats';
import { assertAdmitted, takesPersonsFromAdmissions } from './persons';

/**
 * A written session created from the organiser's console while the server runs: the sealed files
 * made offline, the roster as Excel saved it (its warnings confirmed by the organiser), logged as
 * the CLI's are. The desks see it at once; no restart.
 */
export const createSessionFromConsole: Handler<'organiser:create-session'> = async ({ ctx, device }, s) => {
  if (s.selectionId) {
    const sel = await findSelection(ctx.db, s.selectionId);
    if (!(JSON.parse(sel.steps_json) as string[]).includes('written')) throw new ExamError('bad-request', `selection ${s.selectionId} has no written exam`);
    // Who sits where is the seat draw's, which nobody can steer: a roster file would be the organiser's choice.
    if (s.roster && (await takesPersonsFromAdmissions(ctx.db, s.selectionId))) throw new ExamError('bad-request', `the candidates and seats of selection ${s.selectionId} come from its seat draw: name the paper instead of a roster file`, [{ path: 'paper', message: 'the paper this session sits', zh: '请选择本场考试的科目（按座位抽签结果生成考生名单），不要上传名单文件' }]);
  }
  if (s.scheduledStart <= ctx.now()) throw new ExamError('bad-request', 'the scheduled start is in the past', [{ path: 'scheduledStart', message: 'in the past' }]);
  // From the seat draw (admission numbers and seats drawn) or from a roster file as Excel saved it.
  const { rows, encoding } = s.paper ? { rows: await rosterFromSeats(ctx, s.selectionId!, s.paper), encoding: 'seat-draw' } : await readRoster(fromBase64(s.roster!.contentBase64), 'seat', s.roster!.accept ?? []);
  const r = await createSession(
    ctx.db,
    {
      id: s.id,
      label: s.label,
      room: s.room,
      seats: [],
      sealedPaper: s.sealedPaper,
      sealedAnswerKey: s.sealedAnswerKey,
      scheduledStart: s.scheduledStart,
      durationMinutes: s.durationMinutes,
      lateEntryMinutes: s.lateEntryMinutes,
      roster: rows,
      selectionId: s.selectionId,
      paper: s.paper ?? null,
    },
    device.id,
  );
  await ctx.live.reloadSession(ctx.db, s.id);
  await announceSession(ctx, s.id);
  return { sessionId: s.id, candidates: rows.length, sealedHash: r.sealedHash, encoding };
};

/**
 * An interview day created from the console while the server runs: the sealed questions made
 * offline, the rooms, a roster naming each candidate's interview room, the panel's rule. Desks
 * hear of it at once.
 */
export const createDayFromConsole: Handler<'organiser:create-day'> = async ({ ctx, device }, d) => {
  if (d.selectionId) {
    const sel = await findSelection(ctx.db, d.selectionId);
    if (!(JSON.parse(sel.steps_json) as string[]).includes('interview')) throw new ExamError('bad-request', `selection ${d.selectionId} has no interview`);
  }
  // From the selection's admissions (rooms given per post) or from a roster file naming each one's room.
  const { rows, encoding } = d.postRooms ? { rows: await rosterFromAdmissions(ctx, d.selectionId!, d.postRooms), encoding: 'admissions' } : await readRoster(fromBase64(d.roster!.contentBase64), 'room', d.roster!.accept ?? []);
  const r = await createInterviewDay(
    ctx.db,
    { id: d.id, label: d.label, holdingRoom: d.holdingRoom, finishedRoom: d.finishedRoom, sealedQuestions: d.sealedQuestions, roster: rows, trimWhenAtLeast: d.trimWhenAtLeast, outlierDistance: d.outlierDistance, announceOnSpot: d.announceOnSpot, selectionId: d.selectionId, postRooms: d.postRooms ?? null },
    device.id,
    // A roster file for a selection names its candidates as the seat draw admitted them.
    d.selectionId && !d.postRooms ? (tx) => assertAdmitted(tx, d.selectionId!, rows.map((r, i) => ({ ref: r.ticket, name: r.name, idNumber: r.idNumber, at: 'roster', row: i + 2 }))) : undefined,
  );
  ctx.io.to(rooms.desk).emit('interview:day', await daySummary(ctx, d.id));
  return { dayId: d.id, candidates: rows.length, rooms: [...new Set(rows.map((x) => x.seat))].sort(), questionsHash: r.questionsHash, encoding };
};
