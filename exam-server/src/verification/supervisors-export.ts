import { SUPERVISORS_BUNDLE_FORMAT, SUPERVISORS_BUNDLE_VERSION, canonicalize, type InterviewRecusal, type MarkingRecusal, type RecusalDeclaration, type RegistrationForm, type ReviewDecision, type SupervisorsBundle } from '@exam/shared';
import type { Db } from '../db/database';

/**
 * The supervisors' bundle (docs/bundle.md): every form with its salt, every signed review decision
 * and every signed declaration of a relation — what the published bundle only commits to. For the
 * outside supervisors alone: it holds names, ID numbers and reasons. In a fixed order (by id, then
 * hash), so two exports of the same state are the same bytes.
 */
export async function exportSupervisorsBundle(db: Db): Promise<SupervisorsBundle> {
  const registrations = (await db.selectFrom('registrations').select(['id', 'selection_id', 'form_json', 'salt']).orderBy('id').execute()).map((r) => ({
    selectionId: r.selection_id,
    registrationId: r.id,
    form: JSON.parse(r.form_json) as RegistrationForm,
    salt: r.salt,
  }));
  const decisions = (await db.selectFrom('review_decisions').select(['decision_json', 'signature']).orderBy('hash').execute()).map((d) => ({ decision: JSON.parse(d.decision_json) as ReviewDecision, signature: d.signature }));
  const declarations = (await db.selectFrom('recusals').select(['declaration_json', 'signature']).orderBy('hash').execute()).map((d) => ({ declaration: JSON.parse(d.declaration_json) as RecusalDeclaration, signature: d.signature }));
  const markingDeclarations = (await db.selectFrom('marking_recusals').select(['declaration_json', 'signature']).orderBy('hash').execute()).map((d) => ({ declaration: JSON.parse(d.declaration_json) as MarkingRecusal, signature: d.signature }));
  const interviewDeclarations = (await db.selectFrom('interview_recusals').select(['declaration_json', 'signature']).orderBy('hash').execute()).map((d) => ({ declaration: JSON.parse(d.declaration_json) as InterviewRecusal, signature: d.signature }));
  const objections = (await db.selectFrom('objections').select(['id', 'notice_id', 'about', 'name', 'contact', 'via', 'text', 'salt']).orderBy('id').execute()).map((o) => ({ objectionId: o.id, noticeId: o.notice_id, about: o.about, name: o.name, contact: o.contact, via: o.via, text: o.text, salt: o.salt }));
  return { format: SUPERVISORS_BUNDLE_FORMAT, version: SUPERVISORS_BUNDLE_VERSION, registrations, decisions, declarations, markingDeclarations, interviewDeclarations, ...(objections.length > 0 ? { objections } : {}) };
}

/** The file as written: canonical JSON and a newline. */
export const supervisorsBundleText = (b: SupervisorsBundle): string => `${canonicalize(b)}\n`;
