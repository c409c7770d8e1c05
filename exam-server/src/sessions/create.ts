import { ExamError, candidateSeed, randomBytes, toHex } from '@exam/shared';
import { changed } from '../cluster/changes';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { importSealedFile } from '../papers/store';
import type { RosterRow } from './roster/parse';

export interface NewSession {
  id: string;
  label: string;
  room: string;
  seats: string[];
  sealedPaper: unknown;
  sealedAnswerKey: unknown;
  scheduledStart: number;
  durationMinutes: number;
  lateEntryMinutes: number;
  roster: RosterRow[];
  /** The selection the session belongs to, if any. */
  selectionId?: string | null;
  /** The selection's paper, when the candidates came from its seat draw. */
  paper?: string | null;
}

/**
 * Sets up an exam session: stores the sealed paper and answer key, the room's seats, and the
 * candidates, each with a shuffle seed derived from the session's seed. All of it is logged.
 */
export async function createSession(db: Db, s: NewSession, actor = 'organiser'): Promise<{ sealedHash: string; answerKeyHash: string }> {
  if (!/^[a-z0-9-]{1,40}$/.test(s.id)) throw new ExamError('bad-request', 'a session id is 1–40 lower-case letters, digits or hyphens');
  return transact(db, async (tx) => {
    if (await tx.selectFrom('sessions').select('id').where('id', '=', s.id).executeTakeFirst()) throw new ExamError('conflict', `session ${s.id} exists`);
    const paper = await importSealedFile(tx, s.sealedPaper);
    const key = await importSealedFile(tx, s.sealedAnswerKey);
    if (paper.file.kind !== 'paper' || key.file.kind !== 'answer-key') throw new ExamError('invalid-paper', 'give the sealed paper and then its sealed answer key');
    if (key.file.paperSealId !== paper.file.sealId) throw new ExamError('invalid-paper', `the answer key belongs to paper ${key.file.paperSealId}, not ${paper.file.sealId}`);
    const seats = [...new Set([...s.seats, ...s.roster.map((r) => r.seat)])];
    for (const seat of seats) await tx.insertInto('seats').values({ room: s.room, seat }).onConflict((oc) => oc.doNothing()).execute();
    const seed = toHex(randomBytes(32));
    const now = Date.now();
    await tx
      .insertInto('sessions')
      .values({
        id: s.id,
        label: s.label,
        room: s.room,
        paper_id: paper.id,
        answer_key_id: key.id,
        scheduled_start: s.scheduledStart,
        duration_minutes: s.durationMinutes,
        late_entry_minutes: s.lateEntryMinutes,
        seed,
        state: 'scheduled',
        started_at: null,
        start_override: null,
        closed_at: null,
        created_at: now,
        selection_id: s.selectionId ?? null,
        paper: s.paper ?? null,
      })
      .execute();
    for (const r of s.roster) {
      await tx
        .insertInto('candidates')
        .values({ session_id: s.id, ticket: r.ticket, name: r.name, id_number: r.idNumber, seat: r.seat, seed: candidateSeed(seed, r.ticket), signed_in_at: null, extra_ms: 0, paused_at: null, paused_ms: 0, submitted_at: null, receipt_json: null, device_id: null })
        .execute();
    }
    await changed(tx, { k: 'session', id: s.id });
    await appendAudit(tx, 'session.created', actor, {
      sessionId: s.id,
      label: s.label,
      room: s.room,
      seats,
      scheduledStart: s.scheduledStart,
      durationMinutes: s.durationMinutes,
      lateEntryMinutes: s.lateEntryMinutes,
      paperSealedHash: paper.hash,
      answerKeySealedHash: key.hash,
      seed,
      // Each with the name the session holds: a name changed in an export later shows (docs/bundle.md step 7).
      candidates: s.roster.map((r) => ({ ticket: r.ticket, seat: r.seat, name: r.name })),
      ...(s.selectionId ? { selectionId: s.selectionId } : {}),
      ...(s.paper ? { paper: s.paper } : {}),
    });
    return { sealedHash: paper.hash, answerKeyHash: key.hash };
  });
}
