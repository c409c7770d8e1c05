import { z } from 'zod';
import { freeTextSchema, placeNameSchema, reasonSchema, sessionIdSchema, ticketSchema, type SessionState } from './common';
import { ROLES } from '../protocol/auth';

export const deskSessionSchema = z.object({ sessionId: sessionIdSchema }).strict();
export const admitSchema = z
  .object({
    /** Optional: without it the device is found by the fingerprint typed, among those waiting. */
    deviceId: z.string().min(1).max(64).optional(),
    /** Admit a kiosk to a seat that has one: the old kiosk is revoked (the log says so). */
    replace: z.boolean().optional(),
    role: z.enum(ROLES),
    /** The fingerprint as the invigilator read it off the device's screen. */
    fingerprint: z.string().min(4).max(40),
    room: placeNameSchema(40).optional(),
    seat: placeNameSchema(16).optional(),
    /** For examiners, supervisors and escorts: the interview day; for them, organisers and reviewers, the person holding the device. */
    dayId: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/).optional(),
    person: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export const revokeSchema = z.object({ deviceId: z.string().min(1).max(64), reason: reasonSchema }).strict();
export const enterShareSchema = z
  .object({ sessionId: sessionIdSchema, target: z.enum(['paper', 'answer-key']), code: z.string().min(1).max(200), keyholder: z.string().trim().min(1).max(100) })
  .strict();
export const startSchema = z.object({ sessionId: sessionIdSchema, overrideReason: reasonSchema.optional() }).strict();
export const announceSchema = z.object({ sessionId: sessionIdSchema, text: freeTextSchema(1, 1000) }).strict();
export const extraTimeSchema = z
  .object({ sessionId: sessionIdSchema, ticket: ticketSchema, minutes: z.number().int().min(1).max(240), reason: reasonSchema })
  .strict();
export const pauseSchema = z.object({ sessionId: sessionIdSchema, ticket: ticketSchema, reason: reasonSchema }).strict();
export const resumeSchema = z.object({ sessionId: sessionIdSchema, ticket: ticketSchema }).strict();
export const closeSchema = z.object({ sessionId: sessionIdSchema, reason: freeTextSchema(0, 500).optional() }).strict();

/**
 * A seat at a glance: `offline` — the candidate has never signed in and no kiosk of the seat is
 * connected; `dropped` — the candidate signed in, and the seat's kiosk has since lost its connection.
 */
export const SEAT_STATES = ['empty', 'offline', 'dropped', 'online', 'signed-in', 'answering', 'paused', 'submitted'] as const;
export type SeatStateName = (typeof SEAT_STATES)[number];

export interface SeatState {
  seat: string;
  ticket: string | null;
  name: string | null;
  state: SeatStateName;
  kioskOnline: boolean;
  answered: number;
  questionCount: number | null;
  lastSaveAt: number | null;
  incidents: number;
  extraMinutes: number;
  endsAt: number | null;
}

export interface SessionSummary {
  id: string;
  label: string;
  room: string;
  state: SessionState;
  scheduledStart: number;
  durationMinutes: number;
  lateEntryMinutes: number;
  startedAt: number | null;
  closedAt: number | null;
  sealedHash: string;
  candidates: number;
  submitted: number;
  paperShares: { threshold: number; count: number; entered: number[] };
  answerKeyShares: { threshold: number; count: number; entered: number[]; opened: boolean };
}

export interface DeviceRow {
  id: string;
  dayId: string | null;
  person: string | null;
  kind: string;
  label: string | null;
  fingerprint: string;
  status: 'pending' | 'admitted' | 'revoked';
  role: string | null;
  room: string | null;
  seat: string | null;
  online: boolean;
}

/** What the desk is told of devices: admitted and revoked ones, and only how many are waiting (never their fingerprints). */
export interface DeskDevices {
  devices: DeviceRow[];
  pending: { kiosk: number; tablet: number; desk: number };
  /** Wrong desk access codes: how many, and the latest, newest first (at most 20). */
  deskCodeRefusals: { total: number; recent: Array<{ at: number; fingerprint: string; address: string; locked: boolean }> };
}

export const changeDeskCodeSchema = z.object({}).strict();

export interface IncidentRow {
  at: number;
  seat: string | null;
  ticket: string | null;
  kind: string;
  detail: string | null;
}

export interface ResultRow {
  ticket: string;
  name: string;
  seat: string;
  objective: number;
  open: number | null;
  total: number | null;
  rank: number | null;
  /** Open answers still to be marked. */
  unmarked: number;
  /** Never signed in (缺考). */
  absent: boolean;
}
