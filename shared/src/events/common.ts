import { z } from 'zod';
import { bilingual } from '../schema-issues';

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
/**
 * Characters that make a text show otherwise than it is, or not at all: controls other than line
 * breaks and tabs, and the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E,
 * U+200F, U+202A–U+202E, U+2066–U+2069) — "不同意\u202E意同" would read as something else on a kiosk
 * or a public notice. Refused in every free text that someone else reads (docs/protocol.md §1).
 */
export const MISLEADING_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const MISLEADING_MESSAGE = bilingual('may not hold a control character or a mark that changes the direction of text (U+202E and the like)', '不能含控制字符或改变文字方向的符号（如 U+202E）');
/** A free text others read: trimmed, within `min`–`max` characters, line breaks allowed, nothing that hides or reverses what it says. */
export const freeTextSchema = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((v) => !MISLEADING_CHARACTERS.test(v), MISLEADING_MESSAGE);
export const reasonSchema = freeTextSchema(2, 500);

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
