import { ExamError } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { importSealedFile } from '../papers/store';
import type { RosterRow } from '../sessions/roster/parse';

export interface NewInterviewDay {
  id: string;
  label: string;
  holdingRoom: string;
  finishedRoom: string;
  sealedQuestions: unknown;
  /** Candidates, each with the interview room they go to (RosterRow.seat holds the room). */
  roster: RosterRow[];
  trimWhenAtLeast?: number;
  /** hundredths */
  outlierDistance?: number;
  announceOnSpot?: boolean;
  /** The selection the day belongs to, if any. */
  selectionId?: string | null;
  /** The rooms given per post, when the candidates came from the selection's admissions. */
  postRooms?: Record<string, string> | null;
}

/**
 * Sets up an interview day: the sealed questions, the rooms (one holding room, one finished room,
 * the interview rooms the roster names) and the candidates. The panel's rule and the outlier
 * distance are settings, logged with the rest.
 */
export async function createInterviewDay(db: Db, d: NewInterviewDay, actor = 'organiser', check?: (tx: Tx) => Promise<void>): Promise<{ questionsHash: string }> {
  if (!/^[a-z0-9-]{1,40}$/.test(d.id)) throw new ExamError('bad-request', 'a day id is 1–40 lower-case letters, digits or hyphens');
  const trim = d.trimWhenAtLeast ?? 5;
  const distance = d.outlierDistance ?? 1000;
  if (!Number.isInteger(trim) || trim < 3) throw new ExamError('bad-request', 'the panel’s trim threshold is a whole number of sheets, at least 3');
  if (!Number.isInteger(distance) || distance <= 0) throw new ExamError('bad-request', 'the outlier distance is a positive number of hundredths');
  return transact(db, async (tx) => {
    // What the caller holds the day to (a selection's admissions), read in the transaction that writes.
    await check?.(tx);
    if (await tx.selectFrom('interview_days').select('id').where('id', '=', d.id).executeTakeFirst()) throw new ExamError('conflict', `interview day ${d.id} exists`);
    const questions = await importSealedFile(tx, d.sealedQuestions);
    if (questions.file.kind !== 'interview') throw new ExamError('invalid-paper', 'the sealed file is not interview questions');
    const rooms = [...new Set(d.roster.map((r) => r.seat))].sort();
    if (rooms.includes(d.holdingRoom) || rooms.includes(d.finishedRoom) || d.holdingRoom === d.finishedRoom) {
      throw new ExamError('bad-request', 'the holding room, the finished room and the interview rooms must all be different rooms');
    }
    await tx
      .insertInto('interview_days')
      .values({ id: d.id, label: d.label, holding_room: d.holdingRoom, finished_room: d.finishedRoom, questions_id: questions.id, trim_when_at_least: trim, outlier_distance: distance, announce_on_spot: d.announceOnSpot ? 1 : 0, state: 'open', created_at: Date.now(), selection_id: d.selectionId ?? null })
      .execute();
    for (const room of rooms) await tx.insertInto('interview_rooms').values({ day_id: d.id, room, current_ticket: null }).execute();
    for (const r of d.roster) {
      await tx
        .insertInto('interview_candidates')
        .values({ day_id: d.id, ticket: r.ticket, name: r.name, id_number: r.idNumber, room: r.seat, state: 'registered', phone_handed_in: 0, lot: null, checked_in_at: null, called_at: null, entered_at: null, left_at: null })
        .execute();
    }
    await appendAudit(tx, 'interview.day-created', actor, {
      dayId: d.id,
      label: d.label,
      holdingRoom: d.holdingRoom,
      finishedRoom: d.finishedRoom,
      rooms,
      questionsSealedHash: questions.hash,
      rule: { trimWhenAtLeast: trim, outlierDistance: distance, announceOnSpot: !!d.announceOnSpot },
      // Each with the name the day holds: a name changed in an export later shows (docs/bundle.md step 11).
      candidates: d.roster.map((r) => ({ ticket: r.ticket, room: r.seat, name: r.name })),
      ...(d.selectionId ? { selectionId: d.selectionId } : {}),
      ...(d.postRooms ? { postRooms: d.postRooms } : {}),
    });
    return { questionsHash: questions.hash };
  });
}
