import { z } from 'zod';
import { answerValueSchema, type AnswerValue } from '../papers/answer';
import { ticketSchema, type SignedReceipt, type Timing } from './common';

export const signInSchema = z.object({ ticket: ticketSchema }).strict();
export const saveAnswerSchema = z
  .object({
    questionId: z.string().min(1).max(32),
    value: answerValueSchema,
    /** The kiosk's revision counter for this candidate; the server keeps the highest. */
    rev: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

/**
 * `saveAnswerSchema` written out by hand, for the one request that arrives by the thousand a
 * second: true only for a payload the schema takes as it is (the schema's output then equals it).
 * It may say false where the schema would accept (a text longer in UTF-16 units than the limit in
 * code points; an object JSON cannot make, with a key inherited or a symbol): such a payload, and every other it does not take, goes through the schema, which
 * accepts it or says why not. Held to the schema by test (shared/src/events/plain-save.test.ts).
 */
export function isPlainSave(p: unknown): boolean {
  if (typeof p !== 'object' || p === null || Array.isArray(p) || Object.getPrototypeOf(p) !== Object.prototype) return false;
  const { questionId, value, rev } = p as Record<string, unknown>;
  let keys = 0;
  for (const k in p) {
    if (!Object.hasOwn(p, k) || (k !== 'questionId' && k !== 'value' && k !== 'rev')) return false;
    keys++;
  }
  if (keys !== 3 || Object.getOwnPropertySymbols(p).length !== 0) return false;
  if (typeof questionId !== 'string' || questionId.length < 1 || questionId.length > 32) return false;
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 1) return false;
  return isPlainAnswerValue(value);
}

/** One of `answerValueSchema`'s six forms, checked by hand (see isPlainSave). */
function isPlainAnswerValue(v: unknown): boolean {
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'string') return v.length <= 50_000;
  if (typeof v === 'number') return isOptionIndex(v);
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
  if (v.length === 0) return true;
  if (typeof v[0] === 'number') return v.length <= 10 && v.every(isOptionIndex);
  return v.length <= 20 && v.every((x) => typeof x === 'string' && x.length <= 500);
}

const isOptionIndex = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 9;

export const submitSchema = z.object({ answersHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export const INCIDENT_KINDS = ['left-fullscreen', 'lost-focus', 'blocked-key', 'reloaded'] as const;
export const incidentSchema = z.object({ kind: z.enum(INCIDENT_KINDS), detail: z.string().max(200).optional() }).strict();

export interface SavedAnswer {
  questionId: string;
  value: AnswerValue;
  rev: number;
}

export interface SignInResult {
  candidate: { name: string; ticket: string; seat: string };
  session: { id: string; label: string; durationMinutes: number; lateEntryMinutes: number; sealedHash: string };
  /** The candidate's shuffle seed (hex), recorded by the server at sign-in for later checking. */
  seed: string;
  timing: Timing;
  /** The paper key (base64) once the exam has started. */
  key: string | null;
  answers: SavedAnswer[];
  lastRev: number;
  receipt: SignedReceipt | null;
}

/** What a kiosk learns about itself from the server on connecting and on every change. */
export interface DeviceStatus {
  deviceId: string;
  fingerprint: string;
  status: 'pending' | 'admitted' | 'revoked';
  role: string | null;
  room: string | null;
  seat: string | null;
  /** The session now scheduled in this kiosk's room, so it can fetch the sealed paper early. */
  sessionId: string | null;
  /** For interview roles: the day, and the person the tablet was admitted for. */
  dayId: string | null;
  person: string | null;
}
