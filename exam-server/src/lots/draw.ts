import {
  ExamError,
  fromBase64,
  lotCandidatesHash,
  lotCommitStatement,
  lotCommitment,
  lotOrder,
  lotSeed,
  randomBytes,
  sortedTickets,
  toHex,
  type LotTranscript,
  checkpointPhase,
} from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import type { Tx } from '../db/database';
import type { LotDrawsTable } from '../db/schema/interview';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { verifyObjectFast } from '../identity/verify-fast';
import { makeCheckpoint } from '../audit/checkpoints';
import { announceRoom, getDay, daySummary } from '../interview/day';
import { drawStatus, latestDraw } from './status';

async function loadDraw(tx: Tx | ServerContext['db'], drawId: string): Promise<LotDrawsTable> {
  const draw = await tx.selectFrom('lot_draws').selectAll().where('id', '=', drawId).executeTakeFirst();
  if (!draw) throw new ExamError('not-found', `no draw ${drawId}`);
  return draw;
}

async function announceDraw(ctx: ServerContext, drawId: string): Promise<void> {
  const draw = await loadDraw(ctx.db, drawId);
  const status = await drawStatus(ctx.db, draw);
  ctx.io.to([rooms.desk, rooms.day(draw.day_id)]).emit('lot:status', status);
  ctx.io.to(rooms.desk).emit('interview:day', await daySummary(ctx, draw.day_id));
}

/** The full transcript of a draw, as logged when it is done (docs/protocol.md, "The lot"). */
export async function transcriptOf(tx: Tx, draw: LotDrawsTable, order: string[]): Promise<LotTranscript> {
  const entries = await tx.selectFrom('lot_entries').selectAll().where('draw_id', '=', draw.id).execute();
  const contributors = JSON.parse(draw.contributors_json) as Array<{ key: string; name: string }>;
  return {
    drawId: draw.id,
    tickets: JSON.parse(draw.tickets_json) as string[],
    candidatesHash: draw.candidates_hash,
    contributors,
    commits: entries.map((e) => ({ contributor: e.contributor, commitment: e.commitment, signature: e.signature })),
    reveals: entries.filter((e) => e.secret !== null && e.revealed_at !== null).map((e) => ({ contributor: e.contributor, secret: e.secret! })),
    order,
  };
}

/**
 * Opens a draw: the checked-in candidates are the list, fixed now by its hash; the contributors
 * are the server and the supervisors named. The server commits to its own secret at once.
 */
export const openDraw: Handler<'lot:open'> = async ({ ctx, device }, { dayId, supervisors }) => {
  const day = await getDay(ctx.db, dayId);
  const previous = await latestDraw(ctx.db, dayId);
  if (previous && (previous.state === 'committing' || previous.state === 'revealing')) throw new ExamError('session-state', `draw ${previous.id} is still open: finish or abandon it first`);
  if (previous?.state === 'done') throw new ExamError('session-state', 'the lots are drawn; a redraw needs the draw abandoned first, with a reason');
  const people = supervisors.map((id) => {
    const d = ctx.devices.get(id);
    if (!d || d.status !== 'admitted' || (d.role !== 'supervisor' && d.role !== 'contributor') || d.day_id !== dayId) {
      throw new ExamError('bad-request', `device ${id} is not an admitted supervisor or contributor of ${dayId}`);
    }
    return { key: d.public_key, name: d.person ?? d.fingerprint };
  });
  if (new Set(people.map((p) => p.key)).size !== people.length) throw new ExamError('bad-request', 'a supervisor is named twice');
  const holding = await ctx.db.selectFrom('interview_candidates').select('ticket').where('day_id', '=', dayId).where('state', '=', 'holding').execute();
  if (holding.length === 0) throw new ExamError('session-state', 'no candidate has checked in to the holding room');
  const attempt = (previous?.attempt ?? 0) + 1;
  const drawId = `${day.id}-draw-${attempt}`;
  const tickets = sortedTickets(holding.map((h) => h.ticket));
  const candidatesHash = lotCandidatesHash(drawId, tickets);
  const server = ctx.serverKey.publicKeyBase64;
  const contributors = [{ key: server, name: 'server' }, ...people];
  const secret = toHex(randomBytes(32));
  const commitment = lotCommitment(drawId, server, secret);
  const signature = ctx.serverKey.signObject('lot-commit', lotCommitStatement(drawId, candidatesHash, server, commitment));
  await transact(ctx.db, async (tx) => {
    const now = ctx.now();
    await tx
      .insertInto('lot_draws')
      .values({ id: drawId, day_id: dayId, attempt, state: 'committing', tickets_json: JSON.stringify(tickets), candidates_hash: candidatesHash, contributors_json: JSON.stringify(contributors), order_json: null, created_at: now, finished_at: null })
      .execute();
    // The server's secret is kept until the reveal phase; it is committed to here, before any other commitment.
    await tx.insertInto('lot_entries').values({ draw_id: drawId, contributor: server, commitment, signature, secret, committed_at: now, revealed_at: null }).execute();
    await appendAudit(tx, 'lot.draw-opened', device.id, { dayId, drawId, attempt, tickets, candidatesHash, contributors });
    await appendAudit(tx, 'lot.committed', 'server', { drawId, contributor: server, commitment, signature });
  });
  await announceDraw(ctx, drawId);
  return drawStatus(ctx.db, await loadDraw(ctx.db, drawId));
};

/** A supervisor's device commits to its secret; once everyone has, the reveal phase begins. */
export const commitLot: Handler<'lot:commit'> = async ({ ctx, device }, { drawId, commitment, signature }) => {
  await transact(ctx.db, async (tx) => {
    const draw = await loadDraw(tx, drawId);
    if (draw.state !== 'committing') throw new ExamError('session-state', `draw ${drawId} is not taking commitments`);
    const contributors = JSON.parse(draw.contributors_json) as Array<{ key: string }>;
    if (!contributors.some((c) => c.key === device.public_key)) throw new ExamError('forbidden', 'this device is not a contributor to the draw');
    if (await tx.selectFrom('lot_entries').select('contributor').where('draw_id', '=', drawId).where('contributor', '=', device.public_key).executeTakeFirst()) {
      throw new ExamError('conflict', 'this device has already committed');
    }
    if (!verifyObjectFast(fromBase64(device.public_key), 'lot-commit', lotCommitStatement(drawId, draw.candidates_hash, device.public_key, commitment), fromBase64(signature))) {
      throw new ExamError('signature-invalid', 'the commitment is not signed by this device over this draw and list of candidates');
    }
    const now = ctx.now();
    await tx.insertInto('lot_entries').values({ draw_id: drawId, contributor: device.public_key, commitment, signature, secret: null, committed_at: now, revealed_at: null }).execute();
    await appendAudit(tx, 'lot.committed', device.id, { drawId, contributor: device.public_key, commitment, signature });
    const count = await tx.selectFrom('lot_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('draw_id', '=', drawId).executeTakeFirstOrThrow();
    if (Number(count.n) === contributors.length) {
      await tx.updateTable('lot_draws').set({ state: 'revealing' }).where('id', '=', drawId).execute();
      await appendAudit(tx, 'lot.reveal-phase', 'server', { drawId });
    }
  });
  await announceDraw(ctx, drawId);
  return drawStatus(ctx.db, await loadDraw(ctx.db, drawId));
};

/**
 * A supervisor reveals its secret. A secret that does not match the commitment is refused and
 * logged. When the last supervisor has revealed, the server reveals its own, the order is
 * computed, lot numbers are given, and the whole transcript goes on the log.
 */
export const revealLot: Handler<'lot:reveal'> = async ({ ctx, device }, { drawId, secret }) => {
  const mismatch = await transact(ctx.db, async (tx) => {
    const draw = await loadDraw(tx, drawId);
    if (draw.state !== 'revealing') throw new ExamError('session-state', draw.state === 'committing' ? 'not every contributor has committed yet' : `draw ${drawId} is ${draw.state}`);
    const entry = await tx.selectFrom('lot_entries').selectAll().where('draw_id', '=', drawId).where('contributor', '=', device.public_key).executeTakeFirst();
    if (!entry) throw new ExamError('forbidden', 'this device did not commit to the draw');
    if (entry.revealed_at !== null) throw new ExamError('conflict', 'this device has already revealed');
    if (lotCommitment(drawId, device.public_key, secret) !== entry.commitment) {
      await appendAudit(tx, 'lot.reveal-refused', device.id, { drawId, contributor: device.public_key });
      return true;
    }
    const now = ctx.now();
    await tx.updateTable('lot_entries').set({ secret, revealed_at: now }).where('draw_id', '=', drawId).where('contributor', '=', device.public_key).execute();
    await appendAudit(tx, 'lot.revealed', device.id, { drawId, contributor: device.public_key, secret });
    const server = ctx.serverKey.publicKeyBase64;
    const pending = await tx.selectFrom('lot_entries').select('contributor').where('draw_id', '=', drawId).where('revealed_at', 'is', null).execute();
    if (pending.length === 1 && pending[0]!.contributor === server) {
      const own = await tx.selectFrom('lot_entries').select('secret').where('draw_id', '=', drawId).where('contributor', '=', server).executeTakeFirstOrThrow();
      await tx.updateTable('lot_entries').set({ revealed_at: now }).where('draw_id', '=', drawId).where('contributor', '=', server).execute();
      await appendAudit(tx, 'lot.revealed', 'server', { drawId, contributor: server, secret: own.secret });
      const reveals = await tx.selectFrom('lot_entries').select(['contributor', 'secret']).where('draw_id', '=', drawId).execute();
      const tickets = JSON.parse(draw.tickets_json) as string[];
      const order = lotOrder(lotSeed(drawId, draw.candidates_hash, reveals.map((r) => ({ contributor: r.contributor, secret: r.secret! }))), tickets);
      for (const [i, ticket] of order.entries()) {
        await tx.updateTable('interview_candidates').set({ lot: i + 1 }).where('day_id', '=', draw.day_id).where('ticket', '=', ticket).execute();
      }
      await tx.updateTable('lot_draws').set({ state: 'done', order_json: JSON.stringify(order), finished_at: now }).where('id', '=', drawId).execute();
      await appendAudit(tx, 'lot.drawn', 'server', { dayId: draw.day_id, transcript: await transcriptOf(tx, draw, order) });
    }
    return false;
  });
  if (mismatch) throw new ExamError('conflict', 'the secret does not match this device’s commitment (the refusal is on the log)');
  await announceDraw(ctx, drawId);
  const draw = await loadDraw(ctx.db, drawId);
  if (draw.state === 'done') {
    for (const r of await ctx.db.selectFrom('interview_rooms').select('room').where('day_id', '=', draw.day_id).execute()) await announceRoom(ctx, draw.day_id, r.room);
    await makeCheckpoint(ctx, checkpointPhase(draw.day_id, 'lots drawn'));
  }
  return drawStatus(ctx.db, draw);
};

/** Abandons a draw (a contributor who will not reveal, a device lost): on the log with who had not revealed. */
export const abandonDraw: Handler<'lot:abandon'> = async ({ ctx, device }, { drawId, reason }) => {
  await transact(ctx.db, async (tx) => {
    const draw = await loadDraw(tx, drawId);
    if (draw.state === 'abandoned') throw new ExamError('session-state', 'the draw is already abandoned');
    if (draw.state === 'done') {
      const called = await tx.selectFrom('interview_candidates').select('ticket').where('day_id', '=', draw.day_id).where('state', 'in', ['called', 'interviewing', 'finished']).executeTakeFirst();
      if (called) throw new ExamError('session-state', 'interviews have begun: the lots stand');
      await tx.updateTable('interview_candidates').set({ lot: null }).where('day_id', '=', draw.day_id).execute();
    }
    const missing = (await tx.selectFrom('lot_entries').select('contributor').where('draw_id', '=', drawId).where('revealed_at', 'is', null).execute()).map((e) => e.contributor);
    await tx.updateTable('lot_draws').set({ state: 'abandoned', finished_at: ctx.now() }).where('id', '=', drawId).execute();
    await appendAudit(tx, 'lot.abandoned', device.id, { drawId, reason, wasState: draw.state, notRevealed: missing });
  });
  await announceDraw(ctx, drawId);
  return drawStatus(ctx.db, await loadDraw(ctx.db, drawId));
};

export const lotStatus: Handler<'lot:status'> = async ({ ctx, device }, { dayId }) => {
  await getDay(ctx.db, dayId);
  const draw = await latestDraw(ctx.db, dayId);
  if (!draw) return { draw: null };
  const status = await drawStatus(ctx.db, draw);
  // Escorts fetch candidates by lot number; they are not told whose lot is whose.
  return { draw: device.role === 'escort' ? { ...status, lots: null } : status };
};
