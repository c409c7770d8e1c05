import { z } from 'zod';
import { createSelectionSchema, postSchema, selectionIdSchema, type SelectionSummary } from '../selection/selection';
import type { RegistrationState } from '../selection/registration';
import { declareRelationSchema, reviewDecideSchema, reviewSelectionSchema } from '../selection/review';
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
    contentBase64: z.string().max(4 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
  })
  .strict();

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

/** A device admitted as a reviewer: the person using it, and its key's fingerprint. */
export interface ReviewerDevice {
  deviceId: string;
  person: string | null;
  fingerprint: string;
}

export interface OrganiserOverview {
  selections: SelectionSummary[];
  /** Every device admitted as a reviewer, for assigning to a selection. */
  reviewerDevices: ReviewerDevice[];
  /** The server's clock: whether registration is open is the server's to say, not the device's. */
  serverNow: number;
}
