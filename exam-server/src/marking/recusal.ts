import { ExamError, canonicalize, fromBase64, objectHash, signingBytes } from '@exam/shared';
import type { Db } from '../db/database';
import type { Handler } from '../realtime/requests';
import { verifyEd25519Fast } from '../identity/verify-fast';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';

/** The tickets of a session a marker's key declared a relation to: their scripts are not that marker's to mark. */
export async function barredTickets(db: Db, sessionId: string, markerKey: string): Promise<Set<string>> {
  const rows = await db.selectFrom('marking_recusals').select('ticket').where('session_id', '=', sessionId).where('declarant_key', '=', markerKey).execute();
  return new Set(rows.map((r) => r.ticket));
}

/** The session's candidates by name, for a marker to declare relations against — never with their script codes. */
export const markingRoster: Handler<'marking:roster'> = async ({ ctx, device }, { sessionId }) => {
  const live = ctx.live.get(sessionId);
  if (!live) throw new ExamError('not-found', `no session ${sessionId}`);
  const candidates = [...live.candidates.values()].map((c) => ({ ticket: c.ticket, name: c.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return { candidates, declared: [...(await barredTickets(ctx.db, sessionId, device.public_key))].sort() };
};

/**
 * A marker declares a relation to a candidate (回避). From then on that candidate's scripts are out
 * of the marker's queue and a mark of theirs on them is refused. A marker who has already marked
 * that candidate is refused: the marks stand as signed, and the organiser must be told instead.
 */
export const declareMarkingRelation: Handler<'marking:declare-relation'> = async ({ ctx, device }, { declaration: d, signature }) => {
  if (d.declarantKey !== device.public_key) throw new ExamError('forbidden', 'a declaration must carry the key of the tablet that sends it');
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('marking-recusal', d), fromBase64(signature))) throw new ExamError('signature-invalid', 'the declaration’s signature does not verify');
  const live = ctx.live.get(d.sessionId);
  if (!live?.candidates.has(d.ticket)) throw new ExamError('not-found', `session ${d.sessionId} has no candidate ${d.ticket}`);
  const hash = objectHash('marking-recusal', d);
  await transact(ctx.db, async (tx) => {
    if (await tx.selectFrom('marking_recusals').select('hash').where('session_id', '=', d.sessionId).where('ticket', '=', d.ticket).where('declarant_key', '=', device.public_key).executeTakeFirst()) {
      throw new ExamError('conflict', 'this relation is already declared');
    }
    const marked = await tx.selectFrom('mark_versions').select('mark_json').where('session_id', '=', d.sessionId).where('ticket', '=', d.ticket).execute();
    if (marked.some((m) => (JSON.parse(m.mark_json) as { markerKey: string }).markerKey === device.public_key)) {
      throw new ExamError('conflict', 'this tablet has already marked answers of this candidate: tell the organiser');
    }
    await tx.insertInto('marking_recusals').values({ hash, session_id: d.sessionId, ticket: d.ticket, declarant_key: device.public_key, declaration_json: canonicalize(d), signature, declared_at: ctx.now() }).execute();
    await appendAudit(tx, 'marking.recusal-declared', device.id, { sessionId: d.sessionId, commitment: hash, declarantKey: device.public_key }, ctx.now());
  });
  return { recorded: true };
};
