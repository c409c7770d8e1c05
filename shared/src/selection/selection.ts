import { z } from 'zod';
import { freeTextSchema, reasonSchema } from '../events/common';
import { bilingual } from '../schema-issues';

/**
 * A selection (一次竞争上岗): the top-level object. Its posts, its registration window and its
 * steps belong to it; written sessions and interview days name it.
 */
export const SELECTION_STEPS = ['written', 'evaluation', 'interview'] as const;
export type SelectionStep = (typeof SELECTION_STEPS)[number];
export const STEP_NAMES: Record<SelectionStep, { zh: string; en: string }> = {
  written: { zh: '笔试', en: 'Written exam' },
  evaluation: { zh: '民主测评', en: 'Democratic evaluation' },
  interview: { zh: '面试', en: 'Interview' },
};

export const selectionIdSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/, 'a selection id is lower-case letters, digits and hyphens');
export const postIdSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/, 'a post id is lower-case letters, digits and hyphens');

/** Instants are ms since the epoch; the registration deadline is `registrationCloses`. */
export const createSelectionSchema = z
  .object({
    id: selectionIdSchema,
    title: z.string().trim().min(2).max(200),
    registrationOpens: z.number().int().min(0),
    registrationCloses: z.number().int().min(0),
    /** Which steps apply, in the order the organiser runs them (the documents order them differently). */
    steps: z
      .array(z.enum(SELECTION_STEPS))
      .min(1)
      .max(3)
      .refine((s) => new Set(s).size === s.length, 'each step at most once'),
  })
  .strict()
  .refine((s) => s.registrationCloses > s.registrationOpens, { ...bilingual('registration closes after it opens', '报名截止时间应晚于开始时间'), path: ['registrationCloses'] });
export type CreateSelection = z.output<typeof createSelectionSchema>;

/** The level of a post (正职 / 副职), and the levels a person may hold now. */
export const POST_LEVELS = ['principal', 'deputy'] as const;
export type PostLevel = (typeof POST_LEVELS)[number];
export const PERSON_LEVELS = ['principal', 'deputy', 'staff'] as const;
export type PersonLevel = (typeof PERSON_LEVELS)[number];
export const LEVEL_NAMES: Record<PersonLevel, { zh: string; en: string }> = {
  principal: { zh: '正职', en: 'Principal' },
  deputy: { zh: '副职', en: 'Deputy' },
  staff: { zh: '一般干部', en: 'Staff' },
};

/** Education, lowest first: a post's minimum is met by that level or any after it. */
export const EDUCATION = ['secondary', 'college', 'bachelor', 'master', 'doctor'] as const;
export type Education = (typeof EDUCATION)[number];
export const EDUCATION_NAMES: Record<Education, { zh: string; en: string }> = {
  secondary: { zh: '高中（中专）', en: 'Secondary school' },
  college: { zh: '大专', en: 'College diploma' },
  bachelor: { zh: '大学本科', en: 'Bachelor’s degree' },
  master: { zh: '硕士研究生', en: 'Master’s degree' },
  doctor: { zh: '博士研究生', en: 'Doctorate' },
};

/**
 * The qualifications a machine can check from a registration; each absent (null, or no levels)
 * means that check does not apply. Age is counted on the registration deadline from the birth date
 * in the ID number.
 */
export const postChecksSchema = z
  .object({
    minYearsInRank: z.number().int().min(0).max(40).nullable(),
    minEducation: z.enum(EDUCATION).nullable(),
    maxAge: z.number().int().min(18).max(70).nullable(),
    levels: z
      .array(z.enum(PERSON_LEVELS))
      .max(3)
      .refine((l) => new Set(l).size === l.length, 'each level at most once'),
  })
  .strict();
export type PostChecks = z.output<typeof postChecksSchema>;

/**
 * 开考比例: the minimum number of qualified candidates per seat for a post to go ahead. The
 * documents give no figure; 2 candidates per seat is the stated default, shown wherever the rule is.
 */
export const DEFAULT_MIN_RATIO = 2;

export const postSchema = z
  .object({
    selectionId: selectionIdSchema,
    id: postIdSchema,
    title: z.string().trim().min(2).max(100),
    department: z.string().trim().min(1).max(100),
    level: z.enum(POST_LEVELS),
    seats: z.number().int().min(1).max(50),
    qualifications: freeTextSchema(0, 2000),
    checks: postChecksSchema,
    /** The written paper that serves this post (one paper may serve several posts); null without a written exam. */
    paper: z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/).nullable(),
    /** 开考比例 as qualified candidates per seat, a whole number (the log carries integers only). */
    minRatio: z.number().int().min(1).max(10),
  })
  .strict();
export type Post = z.output<typeof postSchema>;

export interface SelectionSummary {
  id: string;
  title: string;
  registrationOpens: number;
  registrationCloses: number;
  steps: SelectionStep[];
  createdAt: number;
  posts: Post[];
  /** Active registrations per post id (a registration for two posts counts on both). */
  registrations: Record<string, number>;
  /** The reviewers assigned (device ids), how many of the active registrations' posts have a decision, and when the list of those who qualify was published. */
  reviewers: string[];
  review: { decided: number; total: number; passed: number };
  qualifiedPublishedAt: number | null;
  /**
   * 开考比例, once the list of those who qualify is published: per post, how many qualified, how many
   * the ratio asks for (seats × minRatio), and what the organiser decided for a post below it.
   */
  ratio: Array<{ post: string; qualified: number; required: number; outcome: { action: PostAction; mergeInto: string | null; reason: string } | null }>;
  /** The selection's democratic evaluations (民主测评), oldest first: each one's status is `evaluation:status`. */
  evaluations: Array<{ id: string; title: string; state: 'setup' | 'open' | 'closed' }>;
}

/** For a post below its minimum ratio: cancel it, merge it into another post, or go ahead anyway — with a reason, logged. */
export const POST_ACTIONS = ['cancel', 'merge', 'proceed'] as const;
export type PostAction = (typeof POST_ACTIONS)[number];
export const postOutcomeSchema = z
  .object({
    selectionId: selectionIdSchema,
    post: postIdSchema,
    action: z.enum(POST_ACTIONS),
    mergeInto: postIdSchema.nullable(),
    reason: reasonSchema,
  })
  .strict()
  .refine((o) => (o.action === 'merge') === (o.mergeInto !== null), { ...bilingual('a merge names the post it goes into, and only a merge does', '合并须写明并入哪个岗位，其他处理方式不写'), path: ['mergeInto'] });
