import { z } from 'zod';

/**
 * An admission ticket. What a person types is forgiven first: full-width digits and letters (as a
 * Chinese input method gives them) are folded by NFKC, and spaces are dropped.
 */
export const ticketSchema = z
  .string()
  .max(100)
  .transform((s) => s.normalize('NFKC').replace(/\s+/g, ''))
  .pipe(z.string().min(1).max(32).regex(/^[0-9A-Za-z-]+$/, 'an admission ticket is letters, digits and hyphens'));
export const sessionIdSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/);

/**
 * Names a person types that the server and the verifier keep as keys (rooms, seats, ids) are never
 * a member every JavaScript object has (`__proto__`, `constructor`, `toString`, …): such a room once
 * broke the desk's overview for good. Refused where they enter, in both languages.
 */
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));
export const isObjectMember = (name: string): boolean => OBJECT_MEMBERS.has(name);
export const OBJECT_MEMBER_MESSAGE = 'this name is reserved (a member of every JavaScript object): choose another · 此名称为系统保留字，请换一个';
/** A room's or seat's name as typed: any text within `max`, but not a reserved name. */
export const placeNameSchema = (max: number, trim = false) =>
  (trim ? z.string().trim() : z.string()).min(1).max(max).refine((v) => !isObjectMember(v), OBJECT_MEMBER_MESSAGE);
export const reasonSchema = z.string().trim().min(2).max(500);

/** A signed receipt for a submission (object type `receipt`). */
export interface Receipt {
  sessionId: string;
  ticket: string;
  answersHash: string;
  answerCount: number;
  submittedAt: number;
  auto: boolean;
}
export interface SignedReceipt {
  receipt: Receipt;
  /** base64 Ed25519 signature by the server key over the receipt's signing bytes. */
  signature: string;
  serverKey: string;
}

/** The exam's clock as the server sees it; kiosks display it, never run their own. */
export interface Timing {
  sessionId: string;
  serverNow: number;
  scheduledStart: number;
  startedAt: number | null;
  /** When this candidate's time ends, with extra time and pauses counted; null before the start. */
  endsAt: number | null;
  pausedAt: number | null;
  closed: boolean;
  /** What the end is made of, so a kiosk can work its end out when the key arrives at the start. */
  durationMinutes: number;
  extraMs: number;
  pausedMs: number;
}

export const SESSION_STATES = ['scheduled', 'running', 'closed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];
