import { ExamError, SIGNER_RULES, canonicalize, admissionAllows, fromBase64, outliers, sheetHash, sheetProblems, signingBytes, twiceMedian, type SignedSheet } from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import type { DevicesTable } from '../db/schema/devices';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { verifyEd25519Fast } from '../identity/verify-fast';
import { announceRoom, getDay, panelState } from '../interview/day';
import { freeRoomIfDone } from '../rooms/moves';
import { openedQuestions } from './questions';
import { examinerRecused } from '../interview/recusal';

/** A device's admission as the shared signer rules read it (protocol/signers.ts). */
const admissionOf = (d: DevicesTable) => ({ role: d.role ?? '', dayId: d.day_id, room: d.room, person: d.person });

/** The lot number of the candidate a room is busy with, or a refusal naming why the examiner cannot score. */
async function currentLot(ctx: ServerContext, examiner: DevicesTable, dayId: string, room: string): Promise<number> {
  if (!admissionAllows(SIGNER_RULES['score-sheet'], admissionOf(examiner), { dayId, room })) throw new ExamError('forbidden', `this examiner scores in room ${examiner.room} on ${examiner.day_id}, not ${room} on ${dayId}`);
  const r = await ctx.db.selectFrom('interview_rooms').select('current_ticket').where('day_id', '=', dayId).where('room', '=', room).executeTakeFirst();
  if (!r?.current_ticket) throw new ExamError('session-state', `no candidate is in room ${room}`);
  const c = await ctx.db.selectFrom('interview_candidates').select(['lot', 'state']).where('day_id', '=', dayId).where('ticket', '=', r.current_ticket).executeTakeFirstOrThrow();
  return c.lot!;
}

/**
 * An examiner's signed score sheet. The server checks that it comes from that examiner's own
 * tablet, for the candidate now in the examiner's room, with every rubric item in range and on
 * its step, and with a valid signature — then stores it as signed, never changing a byte.
 * A correction (a sheet that `replaces` another) waits for the room's supervisor to countersign.
 */
export const submitSheet: Handler<'score:submit'> = async ({ ctx, device }, { sheet, signature }) => {
  if (sheet.examinerKey !== device.public_key) throw new ExamError('forbidden', 'a sheet must carry the key of the tablet that sends it');
  const day = await getDay(ctx.db, sheet.dayId);
  const lot = await currentLot(ctx, device, sheet.dayId, sheet.room);
  if (sheet.lot !== lot) throw new ExamError('forbidden', `lot ${sheet.lot} is not the candidate in room ${sheet.room} (lot ${lot} is)`);
  const questions = openedQuestions(ctx, day);
  if (!questions) throw new ExamError('session-state', 'the interview questions are still sealed');
  const problems = sheetProblems(sheet, questions);
  if (problems.length > 0) throw new ExamError('bad-request', `the sheet does not fit the rubric: ${problems[0]}`, problems.map((m) => ({ message: m })));
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('score-sheet', sheet), fromBase64(signature))) {
    throw new ExamError('signature-invalid', 'the sheet’s signature does not verify: it was changed after signing, or signed by another key');
  }
  const hash = sheetHash(sheet);
  const now = ctx.now();
  if (Math.abs(sheet.signedAt - now) > 10 * 60_000) throw new ExamError('bad-request', 'the sheet’s time is more than ten minutes from the server’s clock');
  const existing = await ctx.db.selectFrom('score_sheets').select(['hash', 'state']).where('hash', '=', hash).executeTakeFirst();
  if (existing?.state === 'superseded') throw new ExamError('conflict', 'this sheet has been replaced by a countersigned correction: an older version is never accepted again');
  if (existing) return { hash, state: existing.state === 'awaiting-countersign' ? 'awaiting-countersign' : 'current' };
  const state = await transact(ctx.db, async (tx) => {
    const mine = await tx.selectFrom('score_sheets').select(['hash', 'state']).where('day_id', '=', sheet.dayId).where('lot', '=', sheet.lot).where('examiner_key', '=', device.public_key).where('state', '!=', 'superseded').execute();
    const conflict = await tx.selectFrom('conflicts').select('lot').where('day_id', '=', sheet.dayId).where('lot', '=', sheet.lot).where('examiner_key', '=', device.public_key).executeTakeFirst();
    const inRoom = await tx.selectFrom('interview_candidates').select('ticket').where('day_id', '=', sheet.dayId).where('lot', '=', sheet.lot).executeTakeFirstOrThrow();
    if (await examinerRecused(tx, sheet.dayId, inRoom.ticket, device.public_key)) throw new ExamError('forbidden', 'this examiner declared a relation to the candidate in the room: declare the conflict instead of scoring');
    if (conflict) throw new ExamError('conflict', `this examiner declared a conflict of interest for lot ${sheet.lot}`);
    if (sheet.replaces === undefined && mine.length > 0) throw new ExamError('conflict', `this examiner has signed a sheet for lot ${sheet.lot}: a change is a correction that names it, with a reason, countersigned by the supervisor`);
    if (sheet.replaces !== undefined) {
      const target = mine.find((m) => m.hash === sheet.replaces && m.state === 'current');
      if (!target) throw new ExamError('conflict', 'a correction must replace this examiner’s own current sheet for this candidate');
      if (mine.some((m) => m.state === 'awaiting-countersign')) throw new ExamError('conflict', 'a correction is already waiting for the supervisor');
    }
    const state = sheet.replaces === undefined ? ('current' as const) : ('awaiting-countersign' as const);
    await tx
      .insertInto('score_sheets')
      .values({ hash, day_id: sheet.dayId, room: sheet.room, lot: sheet.lot, examiner_key: device.public_key, sheet_json: canonicalize(sheet), signature, replaces: sheet.replaces ?? null, countersign_json: null, state, received_at: now, flagged_at: null })
      .execute();
    await appendAudit(tx, sheet.replaces ? 'score.correction-signed' : 'score.signed', device.id, { dayId: sheet.dayId, room: sheet.room, lot: sheet.lot, hash, total: sheet.total, replaces: sheet.replaces ?? null, reason: sheet.reason ?? null });
    return state;
  });
  const signed: SignedSheet = { sheet, signature };
  ctx.io.to([rooms.desk, rooms.day(sheet.dayId)]).emit('score:sheet', { dayId: sheet.dayId, room: sheet.room, lot: sheet.lot, sheet: signed, state });
  await afterAnswer(ctx, sheet.dayId, sheet.room, sheet.lot);
  return { hash, state };
};

/** After a sheet or a conflict: flag totals far from the median once the panel is complete, free the room, tell everyone. */
export async function afterAnswer(ctx: ServerContext, dayId: string, room: string, lot: number): Promise<void> {
  const day = await getDay(ctx.db, dayId);
  const p = await panelState(ctx, ctx.db, day, room, lot);
  if (p.complete) {
    const median2 = twiceMedian(p.totals);
    for (const i of outliers(p.totals, day.outlier_distance)) {
      const flag = { dayId, room, lot, examiner: ctx.devices.nameOf(p.sheets[i]!.examiner_key), total: p.totals[i]!, median2 };
      const hash = p.sheets[i]!.hash;
      const fresh = await transact(ctx.db, async (tx) => {
        const r = await tx.updateTable('score_sheets').set({ flagged_at: ctx.now() }).where('hash', '=', hash).where('flagged_at', 'is', null).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await appendAudit(tx, 'score.flagged', 'server', { ...flag, hash, distance: day.outlier_distance });
        return true;
      });
      if (fresh) ctx.io.to([rooms.desk, rooms.day(dayId)]).emit('interview:flag', flag);
    }
    await freeRoomIfDone(ctx, dayId, room);
  }
  await announceRoom(ctx, dayId, room);
}

/** An examiner declares a conflict of interest for the candidate in the room; the panel's rule then works with the sheets that remain. */
export const declareConflict: Handler<'score:conflict'> = async ({ ctx, device }, { declaration, signature }) => {
  if (declaration.examinerKey !== device.public_key) throw new ExamError('forbidden', 'a declaration must carry the key of the tablet that sends it');
  const lot = await currentLot(ctx, device, declaration.dayId, declaration.room);
  if (declaration.lot !== lot) throw new ExamError('forbidden', `lot ${declaration.lot} is not the candidate in room ${declaration.room}`);
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('conflict-declaration', declaration), fromBase64(signature))) throw new ExamError('signature-invalid', 'the declaration’s signature does not verify');
  await transact(ctx.db, async (tx) => {
    const signed = await tx.selectFrom('score_sheets').select('hash').where('day_id', '=', declaration.dayId).where('lot', '=', lot).where('examiner_key', '=', device.public_key).executeTakeFirst();
    if (signed) throw new ExamError('conflict', 'this examiner has already signed a sheet for this candidate');
    const dup = await tx.selectFrom('conflicts').select('lot').where('day_id', '=', declaration.dayId).where('lot', '=', lot).where('examiner_key', '=', device.public_key).executeTakeFirst();
    if (dup) throw new ExamError('conflict', 'the conflict is already declared');
    await tx.insertInto('conflicts').values({ day_id: declaration.dayId, room: declaration.room, lot, examiner_key: device.public_key, declaration_json: JSON.stringify(declaration), signature, at: ctx.now() }).execute();
    await appendAudit(tx, 'score.conflict-declared', device.id, { dayId: declaration.dayId, room: declaration.room, lot, reason: declaration.reason, signature });
  });
  await afterAnswer(ctx, declaration.dayId, declaration.room, lot);
  return { recorded: true };
};

/** The room's supervisor countersigns a correction: it becomes the examiner's sheet, and the one it replaces is kept, superseded. */
export const countersign: Handler<'score:countersign'> = async ({ ctx, device }, { countersign: cs, signature }) => {
  if (cs.supervisorKey !== device.public_key) throw new ExamError('forbidden', 'a countersignature must carry the key of the tablet that sends it');
  const sheet = await ctx.db.selectFrom('score_sheets').selectAll().where('hash', '=', cs.sheetHash).executeTakeFirst();
  if (!sheet) throw new ExamError('not-found', 'no such sheet');
  if (!admissionAllows(SIGNER_RULES['sheet-countersign'], admissionOf(device), { dayId: sheet.day_id, room: sheet.room })) throw new ExamError('forbidden', `only the supervisor of room ${sheet.room} countersigns its corrections`);
  if (sheet.state !== 'awaiting-countersign') throw new ExamError('session-state', 'this sheet is not a correction waiting for a countersignature');
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('sheet-countersign', cs), fromBase64(signature))) throw new ExamError('signature-invalid', 'the countersignature does not verify');
  await transact(ctx.db, async (tx) => {
    await tx.updateTable('score_sheets').set({ state: 'superseded' }).where('hash', '=', sheet.replaces!).execute();
    await tx.updateTable('score_sheets').set({ state: 'current', countersign_json: JSON.stringify({ countersign: cs, signature }) }).where('hash', '=', sheet.hash).execute();
    await appendAudit(tx, 'score.corrected', device.id, { dayId: sheet.day_id, room: sheet.room, lot: sheet.lot, hash: sheet.hash, replaces: sheet.replaces, countersignature: signature });
  });
  await afterAnswer(ctx, sheet.day_id, sheet.room, sheet.lot);
  return { hash: sheet.hash, state: 'current' };
};

/** What waits for a supervisor: corrections to countersign (in the supervisor's room), and totals flagged as far from the median. */
export const pendingForSupervisor: Handler<'score:pending'> = async ({ ctx, device }, { dayId }) => {
  await getDay(ctx.db, dayId);
  const room = device.role === 'supervisor' ? device.room : null;
  let q = ctx.db.selectFrom('score_sheets').selectAll().where('day_id', '=', dayId).where('state', '=', 'awaiting-countersign');
  if (room) q = q.where('room', '=', room);
  const waiting = await q.execute();
  const corrections = [];
  for (const s of waiting) {
    const old = await ctx.db.selectFrom('score_sheets').select('sheet_json').where('hash', '=', s.replaces!).executeTakeFirstOrThrow();
    const sheet = JSON.parse(s.sheet_json) as SignedSheet['sheet'];
    corrections.push({
      hash: s.hash,
      room: s.room,
      lot: s.lot,
      examiner: ctx.devices.nameOf(s.examiner_key),
      reason: sheet.reason ?? '',
      oldTotal: (JSON.parse(old.sheet_json) as { total: number }).total,
      newTotal: sheet.total,
      sheet: { sheet, signature: s.signature },
    });
  }
  let f = ctx.db.selectFrom('score_sheets').selectAll().where('day_id', '=', dayId).where('flagged_at', 'is not', null);
  if (room) f = f.where('room', '=', room);
  const day = await getDay(ctx.db, dayId);
  const flags = [];
  for (const s of await f.execute()) {
    const median2 = twiceMedian((await panelState(ctx, ctx.db, day, s.room, s.lot)).totals);
    flags.push({ dayId, room: s.room, lot: s.lot, examiner: ctx.devices.nameOf(s.examiner_key), total: (JSON.parse(s.sheet_json) as { total: number }).total, median2 });
  }
  return { corrections, flags };
};
