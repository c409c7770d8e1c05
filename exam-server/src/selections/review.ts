import {
  ExamError,
  canonicalize,
  fromBase64,
  maskIdNumber,
  objectHash,
  qualificationChecks,
  reviewDecisionHash,
  signingBytes,
  type RegistrationForm,
  type ReviewDecision,
  type ReviewItem,
} from '@exam/shared';
import type { ServerContext } from '../context';
import type { Db, Tx } from '../db/database';
import type { DevicesTable } from '../db/schema/devices';
import type { Handler } from '../realtime/requests';
import { verifyEd25519Fast } from '../identity/verify-fast';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { currentDecisions, findSelection, postsOf, reviewItems } from './store';

/** Refuses a reviewer not assigned to the selection. */
async function assertAssigned(db: Db | Tx, selectionId: string, device: DevicesTable): Promise<void> {
  const a = await db.selectFrom('reviewer_assignments').select('device_id').where('selection_id', '=', selectionId).where('device_id', '=', device.id).executeTakeFirst();
  if (!a) throw new ExamError('forbidden', `this reviewer is not assigned to ${selectionId}`);
}

export const reviewSelections: Handler<'review:selections'> = async ({ ctx, device }) => {
  const rows = await ctx.db
    .selectFrom('reviewer_assignments')
    .innerJoin('selections', 'selections.id', 'reviewer_assignments.selection_id')
    .select(['selections.id', 'selections.title'])
    .where('reviewer_assignments.device_id', '=', device.id)
    .orderBy('selections.created_at')
    .execute();
  return { selections: rows };
};

export const reviewQueue: Handler<'review:queue'> = async ({ ctx, device }, { selectionId }) => {
  await assertAssigned(ctx.db, selectionId, device);
  const s = await findSelection(ctx.db, selectionId);
  const posts = await postsOf(ctx.db, selectionId);
  const current = await currentDecisions(ctx.db, selectionId);
  const barred = new Set((await ctx.db.selectFrom('recusals').select('id_number').where('selection_id', '=', selectionId).where('declarant_key', '=', device.public_key).execute()).map((r) => r.id_number));
  const items: ReviewItem[] = (await reviewItems(ctx.db, selectionId)).map((i) => {
    const post = posts.find((p) => p.id === i.post)!;
    const c = current.get(`${i.registrationId}/${i.post}`);
    return {
      registrationId: i.registrationId,
      post: i.post,
      preference: i.preference,
      name: i.form.name,
      idNumberMasked: maskIdNumber(i.idNumber),
      department: i.form.department,
      currentPost: i.form.currentPost,
      currentLevel: i.form.currentLevel,
      yearsInRank: i.form.yearsInRank,
      education: i.form.education,
      statement: i.form.statement,
      checks: qualificationChecks(post, i.form, s.registration_closes),
      current: c ? { decision: c.decision.decision, reason: c.decision.reason, hash: c.hash, mine: c.deviceId === device.id } : null,
      recused: barred.has(i.idNumber),
    };
  });
  return { selectionId, title: s.title, open: ctx.now() >= s.registration_closes, deadline: s.registration_closes, posts: posts.map((p) => ({ id: p.id, title: p.title })), items };
};

/**
 * A signed decision on one registration for one post. Only after the deadline (a form may change
 * until then), before the list is published, by an assigned reviewer who declared no relation to
 * the person; a decision after the first names the one it replaces.
 */
export const decide: Handler<'review:decide'> = async ({ ctx, device }, { decision: d, signature }) => {
  if (d.reviewerKey !== device.public_key) throw new ExamError('forbidden', 'a decision must carry the key of the device that sends it');
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('review-decision', d), fromBase64(signature))) throw new ExamError('signature-invalid', 'the decision’s signature does not verify');
  const hash = reviewDecisionHash(d);
  await transact(ctx.db, async (tx) => {
    await assertAssigned(tx, d.selectionId, device);
    const s = await findSelection(tx, d.selectionId);
    if (ctx.now() < s.registration_closes) throw new ExamError('session-state', 'registration is still open: forms may change until the deadline');
    if (await tx.selectFrom('qualified_lists').select('selection_id').where('selection_id', '=', d.selectionId).executeTakeFirst()) throw new ExamError('session-state', 'the list of those who qualify has been published');
    const r = await tx.selectFrom('registrations').select(['id_number', 'form_json', 'state']).where('id', '=', d.registrationId).where('selection_id', '=', d.selectionId).executeTakeFirst();
    if (!r || r.state !== 'active') throw new ExamError('not-found', `no active registration ${d.registrationId}`);
    if (!(JSON.parse(r.form_json) as RegistrationForm).posts.includes(d.post)) throw new ExamError('not-found', `registration ${d.registrationId} is not for post ${d.post}`);
    const barred = await tx.selectFrom('recusals').select('hash').where('selection_id', '=', d.selectionId).where('declarant_key', '=', device.public_key).where('id_number', '=', r.id_number).executeTakeFirst();
    if (barred) throw new ExamError('forbidden', 'this reviewer declared a relation to the candidate and may not review them');
    const now = await tx.selectFrom('review_decisions').select('hash').where('registration_id', '=', d.registrationId).where('post', '=', d.post).where('current', '=', 1).executeTakeFirst();
    if ((now?.hash ?? undefined) !== d.replaces) throw new ExamError('conflict', now ? `the decision now counting is ${now.hash}: a new one must name it` : 'there is no decision to replace');
    if (now) await tx.updateTable('review_decisions').set({ current: 0 }).where('hash', '=', now.hash).execute();
    await insertDecision(tx, d, signature, device.id, ctx.now());
  });
  return { hash };
};

/** Writes a checked decision as the one now counting, and its log entry, in the caller's transaction. */
export async function insertDecision(tx: Tx, d: ReviewDecision, signature: string, deviceId: string, now: number): Promise<string> {
  const hash = reviewDecisionHash(d);
  await tx.insertInto('review_decisions').values({ hash, selection_id: d.selectionId, registration_id: d.registrationId, post: d.post, decision_json: canonicalize(d), signature, device_id: deviceId, received_at: now, current: 1 }).execute();
  await appendAudit(tx, 'review.signed', deviceId, { selectionId: d.selectionId, registrationId: d.registrationId, post: d.post, decision: d.decision, hash, replaces: d.replaces ?? null, reviewerKey: d.reviewerKey }, now);
  return hash;
}

/**
 * A declared relation (回避). It bars the declarant from the person's every registration in the
 * selection; a decision of theirs now counting for that person stops counting (the item goes back
 * to the review), since it was made by someone who should not have made it.
 */
export const declareRelation: Handler<'review:declare-relation'> = async ({ ctx, device }, { declaration: d, signature }) => {
  if (d.declarantKey !== device.public_key) throw new ExamError('forbidden', 'a declaration must carry the key of the device that sends it');
  if (!verifyEd25519Fast(fromBase64(device.public_key), signingBytes('recusal-declaration', d), fromBase64(signature))) throw new ExamError('signature-invalid', 'the declaration’s signature does not verify');
  const hash = objectHash('recusal-declaration', d);
  await transact(ctx.db, async (tx) => {
    await assertAssigned(tx, d.selectionId, device);
    const r = await tx.selectFrom('registrations').select(['id_number']).where('id', '=', d.registrationId).where('selection_id', '=', d.selectionId).executeTakeFirst();
    if (!r) throw new ExamError('not-found', `no registration ${d.registrationId}`);
    if (await tx.selectFrom('recusals').select('hash').where('hash', '=', hash).executeTakeFirst()) throw new ExamError('conflict', 'this declaration is already on the record');
    await tx.insertInto('recusals').values({ hash, selection_id: d.selectionId, registration_id: d.registrationId, id_number: r.id_number, declarant_key: device.public_key, declaration_json: canonicalize(d), signature, declared_at: ctx.now() }).execute();
    const theirs = await tx.selectFrom('registrations').select('id').where('selection_id', '=', d.selectionId).where('id_number', '=', r.id_number).execute();
    if (theirs.length > 0) {
      await tx
        .updateTable('review_decisions')
        .set({ current: 0 })
        .where('device_id', '=', device.id)
        .where('current', '=', 1)
        .where('registration_id', 'in', theirs.map((x) => x.id))
        .execute();
    }
    await appendAudit(tx, 'recusal.declared', device.id, { selectionId: d.selectionId, commitment: hash, declarantKey: d.declarantKey }, ctx.now());
  });
  return { recorded: true };
};

/** Every device admitted with a role (and, for a supervisor, for the venue: no day), as the console lists them. */
export const admittedAs = (ctx: ServerContext, role: 'reviewer' | 'supervisor') =>
  ctx.devices
    .all()
    .filter((d) => d.status === 'admitted' && d.role === role && d.day_id === null)
    .map((d) => ({ deviceId: d.id, person: d.person, fingerprint: d.fingerprint }));
