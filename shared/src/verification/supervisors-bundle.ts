import { z } from 'zod';
import { registrationFormSchema } from '../selection/registration';
import { interviewRecusalSchema, markingRecusalSchema, recusalDeclarationSchema, reviewDecisionSchema } from '../selection/review';
import { selectionIdSchema } from '../selection/selection';

/**
 * The supervisors' bundle (docs/bundle.md, "The supervisors' bundle"): what the published bundle
 * only commits to, for the outside supervisors and nobody else — every registration form with the
 * salt that opens its commitment on the log, every signed review decision, and every signed
 * declaration of a relation (a reviewer's, a marker's and an examiner's), and every objection received
 * during public notice. It carries personal data (names, ID
 * numbers, reasons) and is never published. Nothing in it is trusted: each record must open a
 * commitment or match a hash on the log, and each signature must verify under the key the log names.
 */
export const SUPERVISORS_BUNDLE_FORMAT = 'exam-supervisors-bundle';
export const SUPERVISORS_BUNDLE_VERSION = 1;

const signature = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

export const supervisorsBundleSchema = z
  .object({
    format: z.literal(SUPERVISORS_BUNDLE_FORMAT),
    version: z.literal(SUPERVISORS_BUNDLE_VERSION),
    registrations: z
      .array(z.object({ selectionId: selectionIdSchema, registrationId: z.string().regex(/^r-[0-9a-f]{16}$/), form: registrationFormSchema, salt: z.string().regex(/^[0-9a-f]{64}$/) }).strict())
      .max(200_000),
    decisions: z.array(z.object({ decision: reviewDecisionSchema, signature }).strict()).max(1_000_000),
    declarations: z.array(z.object({ declaration: recusalDeclarationSchema, signature }).strict()).max(100_000),
    markingDeclarations: z.array(z.object({ declaration: markingRecusalSchema, signature }).strict()).max(100_000),
    interviewDeclarations: z.array(z.object({ declaration: interviewRecusalSchema, signature }).strict()).max(100_000),
    /** The objections received during public notice (protocol §26), each opening its commitment on the log; absent when there is none. */
    objections: z
      .array(
        z
          .object({
            objectionId: z.string().regex(/^o-[0-9a-f]{12}$/),
            noticeId: z.string().regex(/^n-[0-9a-f]{12}$/),
            about: z.string().regex(/^r-[0-9a-f]{16}$/).nullable(),
            name: z.string().nullable(),
            contact: z.string().nullable(),
            via: z.string(),
            text: z.string(),
            salt: z.string().regex(/^[0-9a-f]{64}$/),
          })
          .strict(),
      )
      .max(100_000)
      .optional(),
  })
  .strict();
export type SupervisorsBundle = z.output<typeof supervisorsBundleSchema>;
