import { ExamError, type SignInResult, type SignedReceipt } from '@exam/shared';
import { changed } from '../cluster/changes';
import { rooms } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { timingOf } from '../sessions/timing';
import { loadSealedFile } from '../papers/store';

/**
 * A candidate signs in with the admission ticket at their own seat. Another seat is refused.
 * After the start, a first sign-in is allowed only within the late-entry window; a candidate
 * who signed in before may always come back (a reload, a replaced kiosk) — after the close too,
 * to see the receipt.
 */
export const signIn: Handler<'candidate:sign-in'> = async ({ ctx, socket, device }, { ticket }) => {
  const matches = ctx.live.all().filter((l) => l.candidates.has(ticket));
  if (matches.length === 0) throw new ExamError('unknown-ticket', `no candidate with admission ticket ${ticket}`);
  // This room's open session first, then this room's latest closed one, then anywhere (to say where to go).
  const rank = (l: (typeof matches)[number]) => (l.session.room === device.room ? 0 : 2) + (l.session.state === 'closed' ? 1 : 0);
  const live = [...matches].sort((a, b) => rank(a) - rank(b) || b.session.scheduled_start - a.session.scheduled_start)[0]!;
  const { session } = live;
  const c = live.candidates.get(ticket)!;
  if (session.room !== device.room || c.seat !== device.seat) {
    throw new ExamError('wrong-seat', `this is seat ${device.seat ?? '?'} in room ${device.room ?? '?'}; admission ticket ${ticket} sits at seat ${c.seat} in room ${session.room}`);
  }
  const now = ctx.now();
  if (session.state === 'closed' && c.signed_in_at === null) throw new ExamError('session-state', 'the exam is over');
  if (session.started_at !== null && c.signed_in_at === null && now > session.started_at + session.late_entry_minutes * 60_000) {
    throw new ExamError('late-entry-closed', `late entry closed ${session.late_entry_minutes} minutes after the start`);
  }
  // The kiosk the candidate is on is kept with the candidate: a kiosk that reconnects (to this
  // process after a restart, or to another) is still the one; another kiosk takes the candidate over.
  if (c.signed_in_at === null || c.device_id !== device.id) {
    const others = await transact(ctx.db, async (tx) => {
      await tx.updateTable('candidates').set({ signed_in_at: c.signed_in_at ?? now, device_id: device.id }).where('session_id', '=', session.id).where('ticket', '=', ticket).execute();
      await changed(tx, { k: 'candidate', session: session.id, ticket });
      // A kiosk is signed in for one candidate only.
      const others = await tx.updateTable('candidates').set({ device_id: null }).where('device_id', '=', device.id).where((eb) => eb.or([eb('session_id', '!=', session.id), eb('ticket', '!=', ticket)])).returning(['session_id', 'ticket']).execute();
      for (const o of others) await changed(tx, { k: 'candidate', session: o.session_id, ticket: o.ticket });
      await appendAudit(tx, c.signed_in_at === null ? 'candidate.signed-in' : 'candidate.resumed', device.id, {
        sessionId: session.id,
        ticket,
        seat: c.seat,
        deviceId: device.id,
        seed: c.seed,
      });
      return others;
    });
    for (const o of [{ session_id: session.id, ticket }, ...others]) await ctx.live.reloadCandidate(ctx.db, o.session_id, o.ticket);
  }
  await socket.join(rooms.session(session.id));
  ctx.seats.touch(session.id);

  const fresh = live.candidates.get(ticket)!;
  const rows = await ctx.db.selectFrom('answers').select(['question_id', 'value_json', 'rev']).where('session_id', '=', session.id).where('ticket', '=', ticket).execute();
  const paperFile = await loadSealedFile(ctx.db, session.paper_id);
  const result: SignInResult = {
    candidate: { name: fresh.name, ticket, seat: fresh.seat },
    session: { id: session.id, label: session.label, durationMinutes: session.duration_minutes, lateEntryMinutes: session.late_entry_minutes, sealedHash: paperFile.hash },
    seed: fresh.seed,
    timing: timingOf(session, fresh, now),
    key: session.started_at !== null ? paperFile.key : null,
    answers: rows.map((r) => ({ questionId: r.question_id, value: JSON.parse(r.value_json), rev: r.rev })),
    lastRev: rows.reduce((m, r) => Math.max(m, r.rev), 0),
    receipt: fresh.receipt_json ? (JSON.parse(fresh.receipt_json) as SignedReceipt) : null,
  };
  return result;
};
