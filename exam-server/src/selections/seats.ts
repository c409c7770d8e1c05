import { ExamError, interviewRoster, competitorsOf, admissionPrefix, admissionsFromOrder, seatDrawId, sittingsOf, type AdmissionRow, type QualifiedList, type RegistrationForm, type SeatAdmission } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Db, Tx } from '../db/database';
import type { Handler } from '../realtime/requests';
import { appendAudit } from '../audit/log';
import { abandonDrawAs, loadDraw, startDraw } from '../lots/draw';
import { drawStatus } from '../lots/status';
import { findSelection, passedByPost, postsOf, ratioOf } from './store';
import { assertNoComponentNamesPersons } from './persons';

/**
 * The seat draw (docs/protocol.md §23): admission numbers (准考证号) and seats for those who
 * qualify, from the same commit–reveal draw as the interview's lot, with the server and at least
 * one supervisor of the venue contributing. Never registration order: nobody, the server
 * included, can choose who sits where.
 */

/** A selection's latest seat draw (the one that stands, if done), or undefined before any. */
export async function latestSeatDraw(db: Db | Tx, selectionId: string) {
  return db.selectFrom('lot_draws').selectAll().where('selection_id', '=', selectionId).orderBy('attempt', 'desc').limit(1).executeTakeFirst();
}

/** What the seat draw is computed from: the posts, the published list by registration id, the ratio decisions, each form's posts in preference order. */
export async function drawInputs(db: Db | Tx, selectionId: string) {
  const posts = await postsOf(db, selectionId);
  const passed = await passedByPost(db, selectionId, posts);
  const outcomes = (await db.selectFrom('post_outcomes').selectAll().where('selection_id', '=', selectionId).execute()).map((o) => ({ post: o.post, action: o.action, mergeInto: o.merge_into }));
  const qualified = Object.fromEntries([...passed].map(([post, items]) => [post, items.map((i) => i.registrationId)]));
  const forms = new Map([...passed.values()].flat().map((i) => [i.registrationId, i.form.posts]));
  return { posts, qualified, outcomes, preference: (r: string) => forms.get(r) ?? [] };
}

/** Who sits which paper: per registration, the papers of the posts they qualified for that go ahead. */
async function sittingsFor(db: Db | Tx, selectionId: string): Promise<Map<string, string[]>> {
  const { posts, qualified, outcomes } = await drawInputs(db, selectionId);
  return sittingsOf(posts, qualified, outcomes);
}

/**
 * Opens the seat draw once the list of those who qualify is published and every post below its
 * ratio has been decided. The list is every candidate who goes on (competes for a post that goes
 * ahead), by registration id — no names or ID numbers on the public log. Without a written exam it
 * gives admission numbers only.
 */
export const openSeatDraw: Handler<'organiser:open-seat-draw'> = async ({ ctx, device }, { selectionId, supervisors }) => {
  await findSelection(ctx.db, selectionId);
  const published = await ctx.db.selectFrom('qualified_lists').select('list_json').where('selection_id', '=', selectionId).executeTakeFirst();
  if (!published) throw new ExamError('session-state', 'seats are drawn for those who qualify: publish the list first');
  const outcomes = await ctx.db.selectFrom('post_outcomes').selectAll().where('selection_id', '=', selectionId).execute();
  const waiting = ratioOf(await postsOf(ctx.db, selectionId), JSON.parse(published.list_json) as QualifiedList, outcomes).filter((r) => r.qualified < r.required && !r.outcome);
  if (waiting.length > 0) throw new ExamError('session-state', `post ${waiting.map((r) => r.post).join(', ')} is below its ratio and waits for a decision`);
  const previous = await latestSeatDraw(ctx.db, selectionId);
  if (previous && (previous.state === 'committing' || previous.state === 'revealing')) throw new ExamError('session-state', `the seat draw ${previous.id} is still open: finish or abandon it first`);
  if (previous?.state === 'done') throw new ExamError('session-state', 'the seats are drawn; a redraw needs the draw abandoned first, with a reason');
  const people = supervisors.map((id) => {
    const d = ctx.devices.get(id);
    if (!d || d.status !== 'admitted' || d.role !== 'supervisor' || d.day_id !== null) throw new ExamError('bad-request', `device ${id} is not a supervisor admitted for the venue`);
    return { key: d.public_key, name: d.person ?? d.fingerprint };
  });
  const { posts, qualified, outcomes: decided, preference } = await drawInputs(ctx.db, selectionId);
  const tickets = [...competitorsOf(posts, qualified, decided, preference).keys()];
  if (tickets.length === 0) throw new ExamError('session-state', 'nobody goes on: no post that goes ahead has anyone qualified');
  const attempt = (previous?.attempt ?? 0) + 1;
  const drawId = seatDrawId(selectionId, attempt);
  await startDraw(ctx, { drawId, owner: { selectionId }, attempt, tickets, people, actor: device.id });
  return drawStatus(ctx.db, await loadDraw(ctx.db, drawId));
};

/**
 * When the seat draw is done (in its transaction): admission numbers and seats from its order,
 * stored and logged. A verifier recomputes the same from the draw's transcript and the lists.
 */
export async function assignSeats(tx: Tx, selectionId: string, drawId: string, order: string[], now: number): Promise<void> {
  const s = await findSelection(tx, selectionId);
  const admissions: SeatAdmission[] = admissionsFromOrder(order, await sittingsFor(tx, selectionId), admissionPrefix(s.registration_closes));
  for (const a of admissions) {
    await tx.insertInto('admissions').values({ selection_id: selectionId, registration_id: a.registrationId, admission_no: a.admissionNo, sittings_json: JSON.stringify(a.sittings), draw_id: drawId }).execute();
  }
  await appendAudit(tx, 'seats.assigned', 'server', { selectionId, drawId, admissions }, now);
}

/**
 * Abandons the seat draw, with a reason. Once a session has taken its candidates from the seats
 * drawn, they stand: the kiosks and the tickets printed are bound to them.
 */
export const abandonSeatDraw: Handler<'organiser:abandon-seat-draw'> = async ({ ctx, device }, { selectionId, reason }) => {
  const draw = await latestSeatDraw(ctx.db, selectionId);
  if (!draw) throw new ExamError('not-found', `selection ${selectionId} has no seat draw`);
  await abandonDrawAs(ctx, draw, reason, device.id, async (tx) => {
    const session = await tx.selectFrom('sessions').select('id').where('selection_id', '=', selectionId).where('paper', 'is not', null).executeTakeFirst();
    if (session) throw new ExamError('session-state', `session ${session.id} has its candidates from these seats: they stand`);
    await assertNoComponentNamesPersons(tx, selectionId);
    await tx.deleteFrom('admissions').where('selection_id', '=', selectionId).execute();
  });
  return drawStatus(ctx.db, await loadDraw(ctx.db, draw.id));
};

/** The seat draws a device takes part in or watches: an organiser, every selection's latest; a venue supervisor, those it contributes to. */
export const seatDraws: Handler<'seats:draws'> = async ({ ctx, device }) => {
  if (device.role === 'supervisor' && device.day_id !== null) return { draws: [] };
  const selections = await ctx.db.selectFrom('selections').select(['id', 'title']).orderBy('created_at').execute();
  const draws = [];
  for (const s of selections) {
    const draw = await latestSeatDraw(ctx.db, s.id);
    if (!draw) continue;
    const status = await drawStatus(ctx.db, draw);
    if (device.role === 'supervisor' && !status.contributors.some((c) => c.key === device.public_key)) continue;
    // A supervisor takes part in the draw; who drew which number is for the console and the tickets.
    draws.push({ ...status, lots: device.role === 'organiser' ? status.lots : null, selectionId: s.id, title: s.title });
  }
  return { draws };
};

/** A selection's admissions, for the console and the printed tickets: numbers, names, papers, seats and the sessions they sit. */
export async function admissionRows(db: Db | Tx, selectionId: string): Promise<AdmissionRow[]> {
  const { posts, qualified, outcomes, preference } = await drawInputs(db, selectionId);
  const rows = await db
    .selectFrom('admissions')
    .innerJoin('registrations', 'registrations.id', 'admissions.registration_id')
    .select(['admissions.admission_no', 'admissions.sittings_json', 'admissions.registration_id', 'registrations.form_json'])
    .where('admissions.selection_id', '=', selectionId)
    .orderBy('admissions.admission_no')
    .execute();
  const sessions = await db.selectFrom('sessions').select(['id', 'label', 'room', 'scheduled_start', 'paper']).where('selection_id', '=', selectionId).where('paper', 'is not', null).execute();
  // The posts each one competes for, as the seat draw counted them (competitorsOf), by title.
  const competing = competitorsOf(posts, qualified, outcomes, preference);
  const title = (id: string) => posts.find((x) => x.id === id)?.title ?? id;
  return rows.map((r) => {
    const form = JSON.parse(r.form_json) as RegistrationForm;
    const sittings = JSON.parse(r.sittings_json) as SeatAdmission['sittings'];
    return {
      admissionNo: r.admission_no,
      name: form.name,
      department: form.department,
      posts: (competing.get(r.registration_id) ?? []).map(title),
      sittings: sittings.map((x) => {
        const session = sessions.find((y) => y.paper === x.paper);
        return { ...x, session: session ? { id: session.id, label: session.label, room: session.room, scheduledStart: session.scheduled_start } : null };
      }),
    };
  });
}

export const listAdmissions: Handler<'organiser:admissions'> = async ({ ctx }, { selectionId }) => {
  await findSelection(ctx.db, selectionId);
  const draw = await latestSeatDraw(ctx.db, selectionId);
  return { rows: await admissionRows(ctx.db, selectionId), draw: draw ? await drawStatus(ctx.db, draw) : null };
};

/** The roster of a session that takes its candidates from the seat draw: those who sit `paper`, by seat. */
export async function rosterFromSeats(ctx: ServerContext, selectionId: string, paper: string) {
  const posts = await postsOf(ctx.db, selectionId);
  if (!posts.some((p) => p.paper === paper)) throw new ExamError('bad-request', `no post of ${selectionId} is served by paper ${paper}`, [{ path: 'paper', message: 'not a paper of the selection' }]);
  const draw = await latestSeatDraw(ctx.db, selectionId);
  if (draw?.state !== 'done') throw new ExamError('session-state', 'the seats have not been drawn yet');
  const taken = await ctx.db.selectFrom('sessions').select('id').where('selection_id', '=', selectionId).where('paper', '=', paper).executeTakeFirst();
  if (taken) throw new ExamError('conflict', `session ${taken.id} already sits paper ${paper}`);
  const rows = await ctx.db
    .selectFrom('admissions')
    .innerJoin('registrations', 'registrations.id', 'admissions.registration_id')
    .select(['admissions.admission_no', 'admissions.sittings_json', 'registrations.form_json', 'registrations.id_number'])
    .where('admissions.selection_id', '=', selectionId)
    .execute();
  return rows
    .flatMap((r) => {
      const seat = (JSON.parse(r.sittings_json) as SeatAdmission['sittings']).find((x) => x.paper === paper)?.seat;
      return seat ? [{ name: (JSON.parse(r.form_json) as RegistrationForm).name, idNumber: r.id_number, ticket: r.admission_no, seat }] : [];
    })
    .sort((a, b) => a.seat.localeCompare(b.seat));
}

/**
 * The roster of an interview day that takes its candidates from the admissions: everyone who goes
 * on, by admission number, in the room given for the first post they compete for. Every such
 * candidate must have a room.
 */
export async function rosterFromAdmissions(ctx: ServerContext, selectionId: string, postRooms: Record<string, string>) {
  const { posts, qualified, outcomes, preference } = await drawInputs(ctx.db, selectionId);
  const unknown = Object.keys(postRooms).filter((p) => !posts.some((x) => x.id === p));
  if (unknown.length > 0) throw new ExamError('bad-request', `the selection has no post ${unknown.join(', ')}`, [{ path: 'postRooms', message: 'not a post of the selection' }]);
  const draw = await latestSeatDraw(ctx.db, selectionId);
  if (draw?.state !== 'done') throw new ExamError('session-state', 'admission numbers are drawn first (the seat draw)');
  const rows = await ctx.db
    .selectFrom('admissions')
    .innerJoin('registrations', 'registrations.id', 'admissions.registration_id')
    .select(['admissions.registration_id', 'admissions.admission_no', 'registrations.form_json', 'registrations.id_number'])
    .where('admissions.selection_id', '=', selectionId)
    .orderBy('admissions.admission_no')
    .execute();
  const { candidates, unplaced } = interviewRoster(
    rows.map((r) => ({ registrationId: r.registration_id, admissionNo: r.admission_no })),
    competitorsOf(posts, qualified, outcomes, preference),
    postRooms,
  );
  if (unplaced.length > 0) throw new ExamError('bad-request', `${unplaced.length} candidates compete for no post with an interview room (e.g. ${unplaced[0]})`, [{ path: 'postRooms', message: 'a post that goes ahead has no room' }]);
  const byReg = new Map(rows.map((r) => [r.registration_id, r]));
  return candidates.map((c) => ({ name: (JSON.parse(byReg.get(c.registrationId)!.form_json) as RegistrationForm).name, idNumber: byReg.get(c.registrationId)!.id_number, ticket: c.ticket, seat: c.room }));
}
