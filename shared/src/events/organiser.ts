import { z } from 'zod';
import { isBase64 } from '../encoding/bytes';
import { createSelectionSchema, postOutcomeSchema, postSchema, selectionIdSchema, type SelectionSummary } from '../selection/selection';
export { postOutcomeSchema };
import { placeNameSchema, sessionIdSchema } from './common';
import { sealedFileSchema } from '../protocol/sealed';
import type { RegistrationState } from '../selection/registration';
import { declareRelationSchema, reviewDecideSchema, reviewSelectionSchema } from '../selection/review';
import { bilingual } from '../schema-issues';
export { declareRelationSchema, reviewDecideSchema, reviewSelectionSchema };

export const organiserOverviewSchema = z.object({}).strict();
export const selectionRequestSchema = z.object({ selectionId: selectionIdSchema }).strict();
export const assignReviewerSchema = z.object({ selectionId: selectionIdSchema, deviceId: z.string().min(1).max(64) }).strict();
export const reviewSelectionsSchema = z.object({}).strict();
export { createSelectionSchema, postSchema };
/** A file of registration forms (.xlsx or CSV, as Excel saves it), its bytes in base64. */
export const importRegistrationsSchema = z
  .object({
    selectionId: selectionIdSchema,
    fileName: z.string().trim().min(1).max(200),
    contentBase64: z.string().max(4 * 1024 * 1024).refine(isBase64, 'base64'),
  })
  .strict();

/** A roster file as Excel saves it, and which of its warnings the organiser has confirmed (row numbers, or all). */
export const rosterFileSchema = z
  .object({
    fileName: z.string().trim().min(1).max(200),
    contentBase64: z.string().max(4 * 1024 * 1024).refine(isBase64, 'base64'),
    accept: z.union([z.literal('all'), z.array(z.number().int().min(2).max(100_000)).max(10_000)]).optional(),
  })
  .strict();

/**
 * A written session created from the console while the server runs: the sealed paper and answer
 * key made offline (the console never sees a paper's plaintext), the room, the time, and the roster.
 */
export const createSessionSchema = z
  .object({
    selectionId: selectionIdSchema.nullable(),
    id: sessionIdSchema,
    label: z.string().trim().min(1).max(100),
    room: placeNameSchema(40, true),
    scheduledStart: z.number().int().min(0),
    durationMinutes: z.number().int().min(1).max(600),
    lateEntryMinutes: z.number().int().min(0).max(120),
    sealedPaper: sealedFileSchema,
    sealedAnswerKey: sealedFileSchema,
    /** The candidates from a roster file (a hand-made CSV or .xlsx)… */
    roster: rosterFileSchema.optional(),
    /** …or from the selection's seat draw: those who sit this paper, with their admission numbers and the seats drawn. */
    paper: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/).optional(),
  })
  .strict()
  .refine((s) => (s.roster === undefined) !== (s.paper === undefined), { ...bilingual('give the candidates either as a roster file or as a paper of the selection, not both', '考生名单二选一：上传名单文件，或用本次竞争上岗的试卷（座位抽签结果），不能两者都给'), path: ['roster'] })
  .refine((s) => s.paper === undefined || s.selectionId !== null, { ...bilingual('candidates from the seat draw belong to a selection', '按座位抽签产生的考生须属于某次竞争上岗'), path: ['selectionId'] });

/**
 * An interview day created from the console: the sealed questions made offline, the holding and
 * finished rooms, the candidates with their interview rooms, and the panel's rule.
 */
export const createDaySchema = z
  .object({
    selectionId: selectionIdSchema.nullable(),
    id: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/),
    label: z.string().trim().min(1).max(100),
    holdingRoom: placeNameSchema(40, true),
    finishedRoom: placeNameSchema(40, true),
    sealedQuestions: sealedFileSchema,
    /** The candidates from a roster file naming each one's interview room… */
    roster: rosterFileSchema.optional(),
    /** …or from the selection's admissions: every candidate who goes on, in the room given for the first post (in their order of preference) they compete for. */
    postRooms: z.record(z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/), placeNameSchema(40, true)).optional(),
    /** Trim the highest and lowest sheet when at least this many count. */
    trimWhenAtLeast: z.number().int().min(3).max(20),
    /** A total further than this from the panel's median is flagged, in hundredths of a point. */
    outlierDistance: z.number().int().min(1).max(10_000),
    announceOnSpot: z.boolean(),
  })
  .strict()
  .refine((d) => (d.roster === undefined) !== (d.postRooms === undefined), { ...bilingual('give the candidates either as a roster file or as rooms for the selection’s posts, not both', '考生名单二选一：上传名单文件，或按本次竞争上岗的岗位分配候考室，不能两者都给'), path: ['roster'] })
  .refine((d) => d.postRooms === undefined || d.selectionId !== null, { ...bilingual('candidates from the admissions belong to a selection', '按入围名单产生的考生须属于某次竞争上岗'), path: ['selectionId'] });

export { openSeatDrawSchema, abandonSeatDrawSchema } from '../selection/admission';

/** A registration as the organiser's console lists it: the ID number masked. */
export interface RegistrationRow {
  registrationId: string;
  name: string;
  idNumberMasked: string;
  department: string;
  posts: string[];
  state: RegistrationState;
  via: 'page' | 'import';
  submittedAt: number;
}

export interface ImportOutcome {
  /** Rows recorded as new registrations, and rows that replaced an earlier imported form of the same ID number. */
  recorded: number;
  replaced: number;
  /** Rows left out, each with why (row numbers as Excel shows them, the header being row 1). */
  problems: Array<{ row: number; message: string; zh: string }>;
  encoding: string;
}

/** A device admitted as a reviewer (or a supervisor): the person using it, and its key's fingerprint. */
export interface ReviewerDevice {
  deviceId: string;
  person: string | null;
  fingerprint: string;
}

export interface OrganiserOverview {
  selections: SelectionSummary[];
  /** Every device admitted as a reviewer, for assigning to a selection. */
  reviewerDevices: ReviewerDevice[];
  /** Every supervisor admitted for the venue (no interview day), for the seat draw (§23). */
  supervisorDevices: ReviewerDevice[];
  /** The server's clock: whether registration is open is the server's to say, not the device's. */
  serverNow: number;
}
