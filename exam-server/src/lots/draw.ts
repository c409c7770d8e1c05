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
import { assignSeats } from '../selections/seats';

export async function loadDraw(tx: Tx | ServerContext['db'], drawId: string): Promise<LotDrawsTable> {
  const draw = await tx.selectFrom('lot_draws').selectAll().where('id', '=', drawId).executeTakeFirst();
  if (!draw) throw new ExamError('not-found', `no draw ${drawId}`);
  return draw;
}

/** Tells those who watch a draw how it stands: a day's desks and supervisors, or a selection's organisers and venue supervisors. */
async function announceDraw(ctx: ServerContext, drawId: string): Promise<void> {
  const draw = await loadDraw(ctx.db, drawId);
  const status = await drawStatus(ctx.db, draw);
  if (draw.day_id === null) {
    ctx.io.to([rooms.organisers, rooms.venueSupervisors]).emit('lot:status', status);
    return;
  }
  ctx.io.to([rooms.desk, rooms.day(draw.day_id)]).emit('lot:status', status);
  ctx.io.to(rooms.desk).emit('interview:day', await daySummary(ctx, draw.day_id));
}

/** The full transcript of a draw, as logged when it is done (docs/protocol.md, "The lot"). */
export async function transcriptOf(tx: Tx, draw: LotDrawsTable, order: string[]): Promise<LotTranscript> {
  // Commitments and reveals by contributor key, byte by byte (docs/protocol.md §18): the same
  // transcript whichever store, and whatever order the rows were written in.
  const entries = await tx.selectFrom('lot_entries').selectAll().where('draw_id', '=', draw.id).orderBy('contributor').execute();
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
 * Opens a draw over a fixed list of tickets, fixed now by its hash; the contributors are the server
 * and the people named. The server commits to its own secret at once, before anyone else can.
 * The caller checks who may take part and what the list is; this is the one place a draw begins.
 */
export async function startDraw(
  ctx: ServerContext,
  d: { drawId: string; owner: { dayId: string } | { selectionId: string }; attempt: number; tickets: string[]; people: Array<{ key: string; name: string }>; actor: string },
): Promise<void> {
  if (new Set(d.people.map((p) => p.key)).size !== d.people.length) throw new ExamError('bad-request', 'a supervisor is named twice');
  const tickets = sortedTickets(d.tickets);
  const candidatesHash = lotCandidatesHash(d.drawId, tickets);
  const server = ctx.serverKey.publicKeyBase64;
  const contributors = [{ key: server, name: 'server' }, ...d.people];
  const secret = toHex(randomBytes(32));
  const commitment = lotCommitment(d.drawId, server, secret);
  const signature = ctx.serverKey.signObject('lot-commit', lotCommitStatement(d.drawId, candidatesHash, server, commitment));
  const dayId = 'dayId' in d.owner ? d.owner.dayId : null;
  const selectionId = 'selectionId' in d.owner ? d.owner.selectionId : null;
  await transact(ctx.db, async (tx) => {
    const now = ctx.now();
    await tx
      .insertInto('lot_draws')
      .values({ id: d.drawId, day_id: dayId, selection_id: selectionId, attempt: d.attempt, state: 'committing', tickets_json: JSON.stringify(tickets), candidates_hash: candidatesHash, contributors_json: JSON.stringify(contributors), order_json: null, created_at: now, finished_at: null })
      .execute();
    // The server's secret is kept until the reveal phase; it is committed to here, before any other commitment.
    await tx.insertInto('lot_entries').values({ draw_id: d.drawId, contributor: server, commitment, signature, secret, committed_at: now, revealed_at: null }).execute();
    await appendAudit(tx, 'lot.draw-opened', d.actor, { dayId, drawId: d.drawId, attempt: d.attempt, tickets, candidatesHash, contributors, ...(selectionId ? { selectionId } : {}) });
    await appendAudit(tx, 'lot.committed', 'server', { drawId: d.drawId, contributor: server, commitment, signature });
  });
  await announceDraw(ctx, d.drawId);
}

/**
 * Opens a day's draw: the checked-in candidates are the list; the contributors are the server and
 * the day's supervisors (or candidates' representatives) named.
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
  const holding = await ctx.db.selectFrom('interview_candidates').select('ticket').where('day_id', '=', dayId).where('state', '=', 'holding').execute();
  if (holding.length === 0) throw new ExamError('session-state', 'no candidate has checked in to the holding room');
  const attempt = (previous?.attempt ?? 0) + 1;
  const drawId = `${day.id}-draw-${attempt}`;
  await startDraw(ctx, { drawId, owner: { dayId }, attempt, tickets: holding.map((h) => h.ticket), people, actor: device.id });
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
    await appendAudit(tx, 'lot.revealed', device.id, { drawId, contributor: device.public_key, secret }, now);
    const server = ctx.serverKey.publicKeyBase64;
    const pending = await tx.selectFrom('lot_entries').select('contributor').where('draw_id', '=', drawId).where('revealed_at', 'is', null).execute();
    if (pending.length === 1 && pending[0]!.contributor === server) {
      const own = await tx.selectFrom('lot_entries').select('secret').where('draw_id', '=', drawId).where('contributor', '=', server).executeTakeFirstOrThrow();
      await tx.updateTable('lot_entries').set({ revealed_at: now }).where('draw_id', '=', drawId).where('contributor', '=', server).execute();
      await appendAudit(tx, 'lot.revealed', 'server', { drawId, contributor: server, secret: own.secret }, now);
      const reveals = await tx.selectFrom('lot_entries').select(['contributor', 'secret']).where('draw_id', '=', drawId).execute();
      const tickets = JSON.parse(draw.tickets_json) as string[];
      const order = lotOrder(lotSeed(drawId, draw.candidates_hash, reveals.map((r) => ({ contributor: r.contributor, secret: r.secret! }))), tickets);
      if (draw.day_id !== null) {
        for (const [i, ticket] of order.entries()) {
          await tx.updateTable('interview_candidates').set({ lot: i + 1 }).where('day_id', '=', draw.day_id).where('ticket', '=', ticket).execute();
        }
      }
      await tx.updateTable('lot_draws').set({ state: 'done', order_json: JSON.stringify(order), finished_at: now }).where('id', '=', drawId).execute();
      await appendAudit(tx, 'lot.drawn', 'server', { dayId: draw.day_id, transcript: await transcriptOf(tx, draw, order), ...(draw.selection_id ? { selectionId: draw.selection_id } : {}) }, now);
      if (draw.selection_id !== null) await assignSeats(tx, draw.selection_id, drawId, order, now);
    }
    return false;
  });
  if (mismatch) throw new ExamError('conflict', 'the secret does not match this device’s commitment (the refusal is on the log)');
  await announceDraw(ctx, drawId);
  const draw = await loadDraw(ctx.db, drawId);
  if (draw.state === 'done' && draw.day_id !== null) {
    for (const r of await ctx.db.selectFrom('interview_rooms').select('room').where('day_id', '=', draw.day_id).execute()) await announceRoom(ctx, draw.day_id, r.room);
    await makeCheckpoint(ctx, checkpointPhase(draw.day_id, 'lots drawn'));
  }
  if (draw.state === 'done' && draw.selection_id !== null) await makeCheckpoint(ctx, checkpointPhase(draw.selection_id, 'seats drawn'));
  return drawStatus(ctx.db, draw);
};

/**
 * Abandons a draw (a contributor who will not reveal, a device lost): on the log with who had not
 * revealed. `undoDone` refuses, or undoes what a finished draw gave, in the same transaction.
 */
export async function abandonDrawAs(ctx: ServerContext, draw: LotDrawsTable, reason: string, actor: string, undoDone: (tx: Tx) => Promise<void>): Promise<void> {
  await transact(ctx.db, async (tx) => {
    const now = await loadDraw(tx, draw.id);
    if (now.state === 'abandoned') throw new ExamError('session-state', 'the draw is already abandoned');
    if (now.state === 'done') await undoDone(tx);
    const missing = (await tx.selectFrom('lot_entries').select('contributor').where('draw_id', '=', draw.id).where('revealed_at', 'is', null).execute()).map((e) => e.contributor);
    await tx.updateTable('lot_draws').set({ state: 'abandoned', finished_at: ctx.now() }).where('id', '=', draw.id).execute();
    await appendAudit(tx, 'lot.abandoned', actor, { drawId: draw.id, reason, wasState: now.state, notRevealed: missing });
  });
  await announceDraw(ctx, draw.id);
}

/** The desk abandons a day's draw; once interviews have begun, the lots stand. */
export const abandonDraw: Handler<'lot:abandon'> = async ({ ctx, device }, { drawId, reason }) => {
  const draw = await loadDraw(ctx.db, drawId);
  const dayId = draw.day_id;
  if (dayId === null) throw new ExamError('not-found', `no interview draw ${drawId}`);
  await abandonDrawAs(ctx, draw, reason, device.id, async (tx) => {
    const called = await tx.selectFrom('interview_candidates').select('ticket').where('day_id', '=', dayId).where('state', 'in', ['called', 'interviewing', 'finished']).executeTakeFirst();
    if (called) throw new ExamError('session-state', 'interviews have begun: the lots stand');
    await tx.updateTable('interview_candidates').set({ lot: null }).where('day_id', '=', dayId).execute();
  });
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
