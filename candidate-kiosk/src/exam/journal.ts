import { createStore, del, get, set } from 'idb-keyval';
import type { AnswerValue } from '@exam/shared';

/**
 * The kiosk's local journal (IndexedDB): every answer the candidate gave that the server has not
 * yet acknowledged as on disk, and the last acknowledged answer of each question. It survives a reload and a crash of the browser; on reconnecting,
 * everything in it is sent again (saves are idempotent, so sending twice is harmless).
 */
export interface JournalEntry {
  value: AnswerValue;
  rev: number;
}
export interface Journal {
  ticket: string;
  sessionId: string;
  pending: Record<string, JournalEntry>;
  /**
   * The last answer the server acknowledged for each question, kept until the hand-in: if the
   * server is restored from a backup older than an acknowledgement, the kiosk sends it again.
   */
  acked?: Record<string, JournalEntry>;
  lastRev: number;
}

const store = createStore('exam-kiosk', 'journal');
const keyOf = (sessionId: string) => `journal:${sessionId}`;

export async function readJournal(sessionId: string): Promise<Journal | undefined> {
  return (await get(keyOf(sessionId), store)) as Journal | undefined;
}

export async function writeJournal(j: Journal): Promise<void> {
  await set(keyOf(j.sessionId), j, store);
}

export async function clearJournal(sessionId: string): Promise<void> {
  await del(keyOf(sessionId), store);
}

/** The ticket last signed in on this kiosk, so a reload signs the candidate back in. */
export async function rememberTicket(ticket: string | null): Promise<void> {
  if (ticket) await set('ticket', ticket, store);
  else await del('ticket', store);
}
export async function rememberedTicket(): Promise<string | undefined> {
  return (await get('ticket', store)) as string | undefined;
}
