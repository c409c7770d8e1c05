import { ExamError, allQuestions, canonicalize, fromBase64, isObjective, markHash, signingBytes, type MarkObject, type MarkingScript, checkpointPhase } from '@exam/shared';
import { verifyEd25519Fast } from '../identity/verify-fast';
import { makeCheckpoint } from '../audit/checkpoints';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { barredTickets } from './recusal';

function openedSession(ctx: ServerContext, sessionId: string) {
  const live = ctx.live.get(sessionId);
  if (!live) throw new ExamError('not-found', `no session ${sessionId}`);
  const paper = ctx.opened.paper(live.session.paper_id);
  const key = ctx.opened.answerKey(live.session.answer_key_id);
  if (!paper || !key || live.session.state !== 'closed') throw new ExamError('session-state', 'marking starts once the exam is closed and the answer key is open');
  return { live, paper, key };
}

const answerText = (json: string | undefined): string => {
  const v: unknown = json === undefined ? null : JSON.parse(json);
  return typeof v === 'string' ? v : '';
};

/** The open answers of a session under anonymous codes, with the reference answers. No names, tickets or seats. */
/** The sessions a marker can mark: closed, with the answer key open. */
export const markingSessions: Handler<'marking:sessions'> = async ({ ctx, socket }) => {
  await socket.join(rooms.markers);
  return {
    sessions: ctx.live
      .all()
      .filter((l) => l.session.state === 'closed' && ctx.opened.answerKey(l.session.answer_key_id))
      .map((l) => ({ id: l.session.id, label: l.session.label, room: l.session.room })),
  };
};

export const markingQueue: Handler<'marking:queue'> = async ({ ctx, socket, device }, { sessionId }) => {
  const { paper, key } = openedSession(ctx, sessionId);
  await socket.join(rooms.markers);
  const open = allQuestions(paper).filter((q) => !isObjective(q.type));
  // A candidate the marker declared a relation to is not in their queue (marking/recusal.ts).
  const barred = await barredTickets(ctx.db, sessionId, device.public_key);
  const codes = (await ctx.db.selectFrom('script_codes').select(['ticket', 'code']).where('session_id', '=', sessionId).orderBy('code').execute()).filter((c) => !barred.has(c.ticket));
  const answers = await ctx.db.selectFrom('answers').select(['ticket', 'question_id', 'value_json']).where('session_id', '=', sessionId).execute();
  const marks = await ctx.db.selectFrom('marks').select(['ticket', 'question_id', 'points', 'source', 'mark_json']).where('session_id', '=', sessionId).execute();
  const answerOf = new Map(answers.map((a) => [`${a.ticket}/${a.question_id}`, a.value_json]));
  const markOf = new Map(marks.filter((m) => m.source === 'marker').map((m) => [`${m.ticket}/${m.question_id}`, m]));
  const blankScored = new Set(marks.filter((m) => m.source === 'auto').map((m) => `${m.ticket}/${m.question_id}`));
  const scripts: MarkingScript[] = open.flatMap((q) =>
    codes
      .filter((c) => !blankScored.has(`${c.ticket}/${q.id}`))
      .map((c) => {
        const m = markOf.get(`${c.ticket}/${q.id}`);
        return { code: c.code, questionId: q.id, answer: answerText(answerOf.get(`${c.ticket}/${q.id}`)), points: m?.points ?? null, markHash: m?.mark_json ? markHash(JSON.parse(m.mark_json) as MarkObject) : null };
      }),
  );
  return {
    sessionId,
    questions: open.map((q) => {
      const entry = key.answers[q.id];
      return { id: q.id, type: q.type, prompt: q.prompt, points: q.points, reference: entry && 'reference' in entry ? entry.reference : '' };
    }),
    scripts,
  };
};

/**
 * A marker's signed mark for one open answer, between 0 and the question's points. The mark must
 * carry this tablet's key and verify. The first mark of an answer names nothing; each later one
 * names the mark now counting (`replaces`), so a mark older than one already accepted — an earlier
 * version sent again — is refused, and every version is kept for the bundle.
 */
export const recordMark: Handler<'marking:mark'> = async ({ ctx, device }, { mark, signature }) => {
  const { sessionId, code, questionId, points } = mark;
  if (mark.markerKey !== device.public_key) throw new ExamError('forbidden', 'a mark must carry the key of the tablet that sends it');
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('mark', mark), fromBase64(signature))) throw new ExamError('signature-invalid', 'the mark’s signature does not verify');
  const { paper } = openedSession(ctx, sessionId);
  const q = allQuestions(paper).find((x) => x.id === questionId);
  if (!q || isObjective(q.type)) throw new ExamError('not-found', `no open question ${questionId}`);
  if (points > q.points) throw new ExamError('mark-out-of-range', `question ${questionId} is worth at most ${q.points / 100} points`);
  const script = await ctx.db.selectFrom('script_codes').select('ticket').where('session_id', '=', sessionId).where('code', '=', code).executeTakeFirst();
  if (!script) throw new ExamError('not-found', `no script ${code}`);
  const blank = await ctx.db.selectFrom('marks').select('points').where('session_id', '=', sessionId).where('ticket', '=', script.ticket).where('question_id', '=', questionId).where('source', '=', 'auto').executeTakeFirst();
  if (blank) throw new ExamError('conflict', `script ${code} left question ${questionId} blank: it scores 0`);
  const hash = markHash(mark);
  const fresh = await transact(ctx.db, async (tx) => {
    // A candidate this marker declared a relation to: as far as this marker is concerned the script is not there (blind marking keeps which one it is unsaid).
    if (await tx.selectFrom('marking_recusals').select('hash').where('session_id', '=', sessionId).where('ticket', '=', script.ticket).where('declarant_key', '=', device.public_key).executeTakeFirst()) {
      throw new ExamError('not-found', `no script ${code} for this marker`);
    }
    const seen = await tx.selectFrom('mark_versions').select('hash').where('hash', '=', hash).executeTakeFirst();
    const now = await tx.selectFrom('marks').select('mark_json').where('session_id', '=', sessionId).where('ticket', '=', script.ticket).where('question_id', '=', questionId).executeTakeFirst();
    const currentHash = now?.mark_json ? markHash(JSON.parse(now.mark_json) as MarkObject) : undefined;
    if (seen && hash === currentHash) return false; // the same mark sent again changes nothing
    if (seen) throw new ExamError('conflict', `this is an older mark of script ${code} question ${questionId}: a newer one has replaced it`);
    if (mark.replaces !== currentHash) {
      throw new ExamError('conflict', currentHash ? `script ${code} question ${questionId} has been marked since: reload and mark again (the mark must name ${currentHash.slice(0, 12)}…)` : 'the first mark of an answer replaces nothing');
    }
    const at = ctx.now();
    await tx.insertInto('mark_versions').values({ hash, session_id: sessionId, ticket: script.ticket, question_id: questionId, mark_json: canonicalize(mark), signature, received_at: at }).execute();
    await tx
      .insertInto('marks')
      .values({ session_id: sessionId, ticket: script.ticket, question_id: questionId, points, source: 'marker', marker: device.id, marked_at: at, mark_json: canonicalize(mark), signature })
      .onConflict((oc) => oc.columns(['session_id', 'ticket', 'question_id']).doUpdateSet({ points, marker: device.id, marked_at: at, mark_json: canonicalize(mark), signature }))
      .execute();
    await appendAudit(tx, 'mark.recorded', device.id, { sessionId, code, questionId, points, markerKey: mark.markerKey, hash, replaces: mark.replaces ?? null, signature });
    return true;
  });
  if (!fresh) return { code, questionId, points, hash };
  // The last open answer marked: marking is finished, a phase the supervisors witness.
  const open = allQuestions(paper).filter((x) => !isObjective(x.type)).map((x) => x.id);
  const scripts = await ctx.db.selectFrom('script_codes').select('ticket').where('session_id', '=', sessionId).execute();
  const marked = await ctx.db.selectFrom('marks').select(['ticket', 'question_id']).where('session_id', '=', sessionId).where('question_id', 'in', open.length ? open : ['']).execute();
  const before = await ctx.db.selectFrom('checkpoints').select('seq').where('phase', '=', `${sessionId}: marking finished`).executeTakeFirst();
  if (!before && marked.length === scripts.length * open.length) await makeCheckpoint(ctx, checkpointPhase(sessionId, 'marking finished'));
  return { code, questionId, points, hash };
};
