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
