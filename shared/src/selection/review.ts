import { z } from 'zod';
import { reasonSchema } from '../events/common';
import { objectHash } from '../crypto/hash';
import { postIdSchema, selectionIdSchema } from './selection';
import type { CheckResult } from './checks';
import type { Education, PersonLevel } from './selection';

const key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
const registrationIdSchema = z.string().regex(/^r-[0-9a-f]{16}$/);

/**
 * A reviewer's decision on one registration for one post (object type `review-decision`), signed by
 * the reviewer's device like a mark. A later decision on the same registration and post names the
 * one it replaces, so the versions form one chain and a replayed older one is refused.
 */
export const reviewDecisionSchema = z
  .object({
    selectionId: selectionIdSchema,
    registrationId: registrationIdSchema,
    post: postIdSchema,
    decision: z.enum(['pass', 'fail']),
    reason: reasonSchema,
    reviewerKey: key,
    signedAt: z.number().int().positive(),
    nonce: z.string().regex(/^[0-9a-f]{32}$/),
    replaces: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  })
  .strict();
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;
export const reviewDecisionHash = (d: ReviewDecision): string => objectHash('review-decision', d);

/**
 * 回避: the relations that bar a person from reviewing, marking or scoring a candidate — spouse,
 * lineal relatives by blood, collateral relatives within three generations, close in-laws.
 */
export const RELATIONS = ['spouse', 'lineal', 'collateral', 'in-law'] as const;
export type Relation = (typeof RELATIONS)[number];
export const RELATION_NAMES: Record<Relation, { zh: string; en: string }> = {
  spouse: { zh: '夫妻关系', en: 'Spouse' },
  lineal: { zh: '直系血亲关系', en: 'Lineal relative by blood' },
  collateral: { zh: '三代以内旁系血亲关系', en: 'Collateral relative within three generations' },
  'in-law': { zh: '近姻亲关系', en: 'Close in-law' },
};

/** A declaration of a relation to the person of a registration (object type `recusal-declaration`), signed by the declarant's device. */
export const recusalDeclarationSchema = z
  .object({
    selectionId: selectionIdSchema,
    registrationId: registrationIdSchema,
    relation: z.enum(RELATIONS),
    declarantKey: key,
    signedAt: z.number().int().positive(),
    nonce: z.string().regex(/^[0-9a-f]{32}$/),
  })
  .strict();
export type RecusalDeclaration = z.infer<typeof recusalDeclarationSchema>;

/**
 * A marker's declaration of a relation to a candidate of a written session (object type
 * `marking-recusal`), signed by the marker's tablet. Marking is blind: the server keeps that
 * candidate's scripts out of the marker's queue without telling the marker which codes they are.
 */
/** A declaration of a relation to a candidate named by ticket in a session or a day: the same members, signed by the declarant's tablet. */
const ticketRecusal = <K extends 'sessionId' | 'dayId'>(scope: K) =>
  z
    .object({
      [scope]: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/),
      ticket: z.string().regex(/^[0-9A-Za-z-]{1,32}$/),
      relation: z.enum(RELATIONS),
      declarantKey: key,
      signedAt: z.number().int().positive(),
      nonce: z.string().regex(/^[0-9a-f]{32}$/),
    } as { [P in K]: z.ZodString } & { ticket: z.ZodString; relation: z.ZodEnum<{ [R in (typeof RELATIONS)[number]]: R }>; declarantKey: typeof key; signedAt: z.ZodNumber; nonce: z.ZodString })
    .strict();

export const markingRecusalSchema = ticketRecusal('sessionId');
export type MarkingRecusal = z.infer<typeof markingRecusalSchema>;
export const markingRosterSchema = z.object({ sessionId: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/) }).strict();
export const markingDeclareSchema = z.object({ declaration: markingRecusalSchema, signature }).strict();

/**
 * An examiner's declaration of a relation to a candidate of an interview day (object type
 * `interview-recusal`), made by name from the day's list before the interviews, signed by the
 * examiner's tablet. When that candidate is in the examiner's room, a sheet of theirs is refused:
 * the examiner declares the conflict for the lot instead (§16), and the panel's rule works without them.
 */
export const interviewRecusalSchema = ticketRecusal('dayId');
export type InterviewRecusal = z.infer<typeof interviewRecusalSchema>;
export const interviewRosterSchema = z.object({ dayId: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/) }).strict();
export const interviewDeclareSchema = z.object({ declaration: interviewRecusalSchema, signature }).strict();

export const reviewSelectionSchema = z.object({ selectionId: selectionIdSchema }).strict();
export const reviewDecideSchema = z.object({ decision: reviewDecisionSchema, signature }).strict();
export const declareRelationSchema = z.object({ declaration: recusalDeclarationSchema, signature }).strict();

/** One registration for one post, as a reviewer sees it: the form's facts, the machine's checks, the decision now counting. */
export interface ReviewItem {
  registrationId: string;
  post: string;
  /** 1 for a first choice, 2 for a second. */
  preference: number;
  name: string;
  idNumberMasked: string;
  department: string;
  currentPost: string;
  currentLevel: PersonLevel;
  yearsInRank: number;
  education: Education;
  statement: string;
  checks: CheckResult[];
  current: { decision: 'pass' | 'fail'; reason: string; hash: string; mine: boolean } | null;
  /** This device declared a relation to the person: it may not decide. */
  recused: boolean;
}
export interface ReviewQueue {
  selectionId: string;
  title: string;
  /** Reviews are made once registration has closed (a form may change until then). */
  open: boolean;
  deadline: number;
  posts: Array<{ id: string; title: string }>;
  items: ReviewItem[];
}

/** The published list of those who qualified, per post: names and posts only. */
export interface QualifiedList {
  selectionId: string;
  title: string;
  publishedAt: number;
  posts: Array<{ post: string; title: string; seats: number; names: string[] }>;
}
