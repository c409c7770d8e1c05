import { z } from 'zod';
import { placeNameSchema, reasonSchema, ticketSchema } from './common';
import { signedSheetSchema } from '../interview/score-sheet';

export const dayIdSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/);
const roomSchema = placeNameSchema(40);
const b64key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const b64sig = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

export const dayRequestSchema = z.object({ dayId: dayIdSchema }).strict();
export const checkInSchema = z.object({ dayId: dayIdSchema, ticket: ticketSchema, phoneHandedIn: z.boolean() }).strict();
export const absentSchema = z.object({ dayId: dayIdSchema, ticket: ticketSchema, reason: reasonSchema }).strict();
export const questionsShareSchema = z.object({ dayId: dayIdSchema, code: z.string().min(1).max(200), keyholder: z.string().trim().min(1).max(100) }).strict();
/** `supervisors`: the devices that contribute besides the server — supervisors, and candidates' representatives admitted as contributors. */
export const openDrawSchema = z.object({ dayId: dayIdSchema, supervisors: z.array(z.string().min(1).max(64)).min(1).max(10) }).strict();
export const abandonDrawSchema = z.object({ drawId: z.string().min(1).max(80), reason: reasonSchema }).strict();
export const lotCommitRequestSchema = z.object({ drawId: z.string().min(1).max(80), commitment: hex32, signature: b64sig }).strict();
export const lotRevealRequestSchema = z.object({ drawId: z.string().min(1).max(80), secret: hex32 }).strict();
export const roomRequestSchema = z.object({ dayId: dayIdSchema, room: roomSchema }).strict();
export const roomLotSchema = z.object({ dayId: dayIdSchema, room: roomSchema, lot: z.number().int().min(1).max(100_000) }).strict();
/** The escort records that the called candidate did not come (缺考), with a reason. */
export const roomNoShowSchema = roomLotSchema.extend({ reason: reasonSchema }).strict();
export const submitSheetSchema = signedSheetSchema;
export const conflictRequestSchema = z
  .object({
    declaration: z.object({ dayId: dayIdSchema, room: roomSchema, lot: z.number().int().min(1), examinerKey: b64key, reason: reasonSchema, signedAt: z.number().int().positive() }).strict(),
    signature: b64sig,
  })
  .strict();
export const countersignRequestSchema = z.object({ countersign: z.object({ sheetHash: hex32, supervisorKey: b64key, signedAt: z.number().int().positive() }).strict(), signature: b64sig }).strict();
export const examinerStateSchema = z.object({}).strict();

export type InterviewCandidateState = 'registered' | 'holding' | 'called' | 'interviewing' | 'finished' | 'absent';

/** What the desk and supervisors see of a candidate. Examiners and escorts never get this. */
export interface InterviewCandidateRow {
  ticket: string;
  name: string;
  room: string;
  state: InterviewCandidateState;
  phoneHandedIn: boolean;
  lot: number | null;
}

export interface RoomStatus {
  room: string;
  /** Lot number of the candidate the room is busy with. */
  currentLot: number | null;
  currentState: InterviewCandidateState | null;
  panelSize: number;
  signed: number;
  conflicts: number;
  /** The panel's result for the current lot, once every examiner has signed or declared a conflict. */
  result: number | null;
  /** The next lot number waiting in the holding room for this room. */
  nextLot: number | null;
  waiting: number;
  finished: number;
}

export interface DrawStatus {
  drawId: string;
  attempt: number;
  state: 'committing' | 'revealing' | 'done' | 'abandoned';
  candidatesHash: string;
  tickets: number;
  /** `server`: the server's own contribution (always the first), shown as 服务器 / the server rather than by its logged name. */
  contributors: Array<{ name: string; key: string; server: boolean; committed: boolean; revealed: boolean }>;
  /** Lot numbers by ticket, once the draw is done. */
  lots: Array<{ ticket: string; lot: number }> | null;
}

export interface DaySummary {
  id: string;
  label: string;
  holdingRoom: string;
  finishedRoom: string;
  rooms: RoomStatus[];
  questionsOpen: boolean;
  questionShares: { threshold: number; count: number; entered: number[] };
  rule: { trimWhenAtLeast: number; outlierDistance: number; announceOnSpot: boolean };
  draw: DrawStatus | null;
}

export interface PanelMember {
  name: string;
  key: string;
  fingerprint: string;
}

export interface InterviewResultRow {
  lot: number;
  ticket: string;
  name: string;
  room: string;
  sheets: number;
  conflicts: number;
  score: number | null;
  rank: number | null;
}

/** What an examiner's tablet sees: the lot number and the questions, never a name. */
export interface ExaminerView {
  dayId: string;
  room: string;
  examiner: string;
  rule: { trimWhenAtLeast: number; announceOnSpot: boolean };
  questions: import('../interview/questions').InterviewSet | null;
  /** `recused`: this examiner declared a relation to the candidate in the room (by name, before): a sheet is refused, the conflict is declared instead. */
  current: { lot: number; state: InterviewCandidateState; enteredAt: number | null; recused: boolean } | null;
  /**
   * This examiner's own current sheet (or conflict) for the current lot, and the correction of it
   * that waits for the room's supervisor to countersign (until then the current sheet counts).
   */
  mine: { hash: string; total: number; awaitingCountersign: { hash: string; total: number } | null } | 'conflict' | null;
  panel: { size: number; signed: number; result: number | null };
}

export interface OutlierFlag {
  dayId: string;
  room: string;
  lot: number;
  examiner: string;
  total: number;
  median2: number;
}

/** A correction waiting for the room's supervisor: the new sheet, the one it replaces, and who signed it. */
export interface PendingCorrection {
  hash: string;
  room: string;
  lot: number;
  examiner: string;
  reason: string;
  oldTotal: number;
  newTotal: number;
  sheet: import('../interview/score-sheet').SignedSheet;
}

/** A checkpoint of the log (object type `checkpoint`): the entry `seq` with hash `hash`, at the end of a phase. */
export interface CheckpointStatement {
  seq: number;
  hash: string;
  phase: string;
}
export const checkpointCosignSchema = z
  .object({ checkpoint: z.object({ seq: z.number().int().positive(), hash: hex32, phase: z.string().min(1).max(80) }).strict(), signature: b64sig })
  .strict();
export const makeCheckpointSchema = z.object({ phase: z.string().trim().min(2).max(80) }).strict();
export interface CheckpointRow {
  seq: number;
  hash: string;
  /** As signed: `<session or day id>: <phase name>` (protocol/phases.ts). */
  phase: string;
  /** The label of the session or day the phase names, for screens (not signed); null if it names none. */
  subject: string | null;
  at: number;
  serverSignature: string;
  cosignatures: Array<{ supervisorKey: string; signature: string }>;
}
