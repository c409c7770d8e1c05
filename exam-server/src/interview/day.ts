import { currentSheets } from '../scoring/current';
import { ExamError, panelScore, type DaySummary, type RoomStatus } from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { Db, Tx } from '../db/database';
import type { InterviewDaysTable } from '../db/schema/interview';
import { loadSealedFile } from '../papers/store';
import { drawStatus, latestDraw } from '../lots/status';

export async function getDay(db: Db | Tx, dayId: string): Promise<InterviewDaysTable> {
  const day = await db.selectFrom('interview_days').selectAll().where('id', '=', dayId).executeTakeFirst();
  if (!day) throw new ExamError('not-found', `no interview day ${dayId}`);
  return day;
}

/** The examiners admitted to a room's panel (their keys, base64). */
export function panelOf(ctx: ServerContext, dayId: string, room: string): string[] {
  return ctx.devices
    .all()
    .filter((d) => d.status === 'admitted' && d.role === 'examiner' && d.day_id === dayId && d.room === room)
    .map((d) => d.public_key);
}

/** The current sheets and conflicts for one candidate, and whether the whole panel has answered. */
export async function panelState(ctx: ServerContext, db: Db | Tx, day: InterviewDaysTable, room: string, lot: number) {
  const panel = panelOf(ctx, day.id, room);
  const sheets = await currentSheets(db, day.id, lot);
  const conflicts = await db.selectFrom('conflicts').select('examiner_key').where('day_id', '=', day.id).where('lot', '=', lot).execute();
  const answered = new Set([...sheets.map((s) => s.examiner_key), ...conflicts.map((c) => c.examiner_key)]);
  const complete = panel.length > 0 && panel.every((k) => answered.has(k)) && sheets.length > 0;
  const totals = sheets.map((s) => (JSON.parse(s.sheet_json) as { total: number }).total);
  const result = complete ? panelScore(totals, { trimWhenAtLeast: day.trim_when_at_least }).score : null;
  return { panel, sheets, conflicts, totals, complete, result };
}

export async function roomStatus(ctx: ServerContext, db: Db | Tx, day: InterviewDaysTable, room: string): Promise<RoomStatus> {
  const r = await db.selectFrom('interview_rooms').selectAll().where('day_id', '=', day.id).where('room', '=', room).executeTakeFirst();
  if (!r) throw new ExamError('not-found', `no interview room ${room} on ${day.id}`);
  const candidates = await db.selectFrom('interview_candidates').select(['ticket', 'state', 'lot']).where('day_id', '=', day.id).where('room', '=', room).execute();
  const current = r.current_ticket ? candidates.find((c) => c.ticket === r.current_ticket) : undefined;
  const waiting = candidates.filter((c) => c.state === 'holding' && c.lot !== null).sort((a, b) => a.lot! - b.lot!);
  const state = current?.lot ? await panelState(ctx, db, day, room, current.lot) : null;
  return {
    room,
    currentLot: current?.lot ?? null,
    currentState: current?.state ?? null,
    panelSize: panelOf(ctx, day.id, room).length,
    signed: state?.sheets.length ?? 0,
    conflicts: state?.conflicts.length ?? 0,
    result: state?.result ?? null,
    nextLot: waiting[0]?.lot ?? null,
    waiting: waiting.length,
    finished: candidates.filter((c) => c.state === 'finished').length,
  };
}

export async function roomStatuses(ctx: ServerContext, day: InterviewDaysTable): Promise<RoomStatus[]> {
  const rs = await ctx.db.selectFrom('interview_rooms').select('room').where('day_id', '=', day.id).orderBy('room').execute();
  return Promise.all(rs.map((r) => roomStatus(ctx, ctx.db, day, r.room)));
}

export async function daySummary(ctx: ServerContext, dayId: string): Promise<DaySummary> {
  const day = await getDay(ctx.db, dayId);
  const questions = await loadSealedFile(ctx.db, day.questions_id);
  const draw = await latestDraw(ctx.db, dayId);
  return {
    id: day.id,
    label: day.label,
    holdingRoom: day.holding_room,
    finishedRoom: day.finished_room,
    rooms: await roomStatuses(ctx, day),
    questionsOpen: questions.key !== null,
    questionShares: { threshold: questions.file.threshold, count: questions.file.count, entered: questions.key ? [] : await ctx.vault.indices(day.questions_id) },
    rule: { trimWhenAtLeast: day.trim_when_at_least, outlierDistance: day.outlier_distance, announceOnSpot: day.announce_on_spot === 1 },
    draw: draw ? await drawStatus(ctx.db, draw) : null,
  };
}

/** Tells everyone who watches a room (desks, supervisors, escorts, its examiners) how it stands. */
export async function announceRoom(ctx: ServerContext, dayId: string, room: string): Promise<void> {
  const day = await getDay(ctx.db, dayId);
  const status = { dayId, ...(await roomStatus(ctx, ctx.db, day, room)) };
  ctx.io.to([rooms.desk, rooms.day(dayId), rooms.panel(dayId, room)]).emit('interview:room', status);
}
