import { objectHash, type AnswerValue, type Receipt, type SignedReceipt } from '@exam/shared';
import type { Tx } from '../db/database';

/**
 * The hash of a candidate's final answers (object type `answers`): the session, the ticket and a
 * map from question id to answer, answers that are null left out. Kiosks compute the same.
 */
export function answersHash(sessionId: string, ticket: string, answers: Record<string, AnswerValue>): string {
  const kept = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null));
  return objectHash('answers', { sessionId, ticket, answers: kept });
}

export async function finalAnswers(tx: Tx, sessionId: string, ticket: string): Promise<Record<string, AnswerValue>> {
  const rows = await tx.selectFrom('answers').select(['question_id', 'value_json']).where('session_id', '=', sessionId).where('ticket', '=', ticket).execute();
  return Object.fromEntries(rows.map((r) => [r.question_id, JSON.parse(r.value_json) as AnswerValue]));
}

export function makeReceipt(sign: (r: Receipt) => string, serverKey: string, r: Receipt): SignedReceipt {
  return { receipt: r, signature: sign(r), serverKey };
}
