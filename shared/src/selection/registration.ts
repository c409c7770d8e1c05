import { z } from 'zod';
import { freeTextSchema } from '../events/common';
import { objectHash } from '../crypto/hash';
import { idNumberProblem } from '../roster/id-number';
import { bilingual } from '../schema-issues';
import { EDUCATION, PERSON_LEVELS, postIdSchema, selectionIdSchema } from './selection';

/** Each person may apply for at most two posts (004: 每人可填报2个竞聘岗位), in order of preference. */
export const MAX_POSTS_PER_PERSON = 2;

/**
 * Whether a name given later (an evaluation's candidate, a roster's row, a bundle's candidate) is
 * the name on the form: after trimming, the same characters once both are in Unicode NFC (a name
 * typed on one machine and one read from Excel may differ in composition only).
 */
export const sameName = (given: string, onForm: string): boolean => given.trim().normalize('NFC') === onForm.trim().normalize('NFC');

/** An ID number as people type it: full-width digits folded, spaces dropped, a lower-case x raised; then its check digit. */
export const idNumberSchema = z
  .string()
  .max(40)
  .transform((s) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase())
  .superRefine((s, c) => {
    const problem = idNumberProblem(s);
    if (problem) c.addIssue({ code: 'custom', message: problem });
  });

/**
 * Characters nobody types into a name: controls, and the invisible format characters (bidirectional
 * overrides, zero-width spaces) that make a text show otherwise than it is — on a public notice, a
 * name "张\u202E三" would be read reversed. Refused wherever a name or a post is typed or imported.
 */
export const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const INVISIBLE_MESSAGE = bilingual('may not hold control or invisible characters (bidirectional overrides, zero-width spaces)', '不能含控制字符或不可见字符（如双向覆盖符、零宽空格）');
const visibleText = (max: number) => z.string().trim().min(1).max(max).refine((v) => !INVISIBLE_CHARACTERS.test(v), INVISIBLE_MESSAGE);

/** The registration form (竞聘报名表), as the candidate fills it in. */
export const registrationFormSchema = z
  .object({
    name: visibleText(50),
    idNumber: idNumberSchema,
    department: visibleText(100),
    currentPost: visibleText(100),
    currentLevel: z.enum(PERSON_LEVELS),
    /** Full years in the current rank (任现职级年限): signed and hashed objects carry integers only. */
    yearsInRank: z.number().int().min(0).max(50),
    education: z.enum(EDUCATION),
    /** One or two post ids, first preference first. */
    posts: z
      .array(postIdSchema)
      .min(1)
      .max(MAX_POSTS_PER_PERSON, `at most ${MAX_POSTS_PER_PERSON} posts`)
      .refine((p) => new Set(p).size === p.length, 'a post at most once'),
    statement: freeTextSchema(0, 1000),
  })
  .strict();
export type RegistrationForm = z.output<typeof registrationFormSchema>;


/** The secret on the confirmation slip: 16 base32 letters (80 bits), grouped by four for reading aloud. */
export const slipSecretSchema = z
  .string()
  .max(40)
  .transform((s) => s.normalize('NFKC').replace(/[\s-]+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-7]{16}$/, 'the secret on the slip is 16 letters and digits'));

/** Looking up, replacing or withdrawing one's own registration needs the ID number and the slip's secret. */
export const ownRegistrationSchema = z.object({ selectionId: selectionIdSchema, idNumber: idNumberSchema, secret: slipSecretSchema }).strict();
export const replaceRegistrationSchema = ownRegistrationSchema.extend({ form: registrationFormSchema }).strict();

export const REGISTRATION_STATES = ['active', 'replaced', 'withdrawn'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

/**
 * What the confirmation slip certifies (object type `registration-slip`, signed by the server):
 * the registration's id, when, and the commitment to what was registered. The commitment is
 * `object_hash("registration", { selectionId, registrationId, form, salt })`; the slip hands the
 * candidate the salt, so the candidate alone (and the supervisors' bundle) can open it.
 */
export interface RegistrationSlip {
  selectionId: string;
  registrationId: string;
  posts: string[];
  submittedAt: number;
  commitment: string;
  replaces: string | null;
}
export interface SignedSlip {
  slip: RegistrationSlip;
  signature: string;
  serverKey: string;
  /** Not signed: what opens the commitment, and what looks the registration up later. */
  form: RegistrationForm;
  salt: string;
  secret: string;
}

/** What a candidate sees of their own registration, with the slip's secret. */
export interface OwnRegistration {
  registrationId: string;
  state: RegistrationState;
  form: RegistrationForm;
  submittedAt: number;
  /** Per post, in preference order: the qualification review's outcome, once decided. */
  review: Array<{ post: string; decision: 'pending' | 'pass' | 'fail'; reason: string | null }>;
}

/** The commitment on the log to one registration (`registration.recorded`): its form, opened only with the salt (object type `registration`). */
export const registrationCommitment = (selectionId: string, registrationId: string, form: RegistrationForm, salt: string): string =>
  objectHash('registration', { selectionId, registrationId, form, salt });
