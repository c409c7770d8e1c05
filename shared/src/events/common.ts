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
export const sessionIdSchema = z.string().regex(/^[a-z0-9-]{1,40}$/);
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
