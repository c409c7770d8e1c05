import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  ExamError,
  canonicalize,
  maskIdNumber,
  registrationCommitment,
  type OwnRegistration,
  type RegistrationForm,
  type RegistrationRow,
  type RegistrationSlip,
  type SignedSlip,
} from '@exam/shared';
import type { ServerContext } from '../context';
import type { Tx } from '../db/database';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import type { RegistrationsTable } from '../db/schema/selections';
import { assertRegistrationOpen, currentDecisions, findSelection, postsOf } from './store';

/** RFC 4648 base32 letters: the slip's secret is read aloud and typed, so no 0/1/8/9 lookalikes. */
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function newSecret(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');


/** Refuses a form naming a post the selection does not have. */
async function assertPosts(tx: Tx, selectionId: string, form: RegistrationForm): Promise<void> {
  const posts = new Set((await postsOf(tx, selectionId)).map((p) => p.id));
  const unknown = form.posts.filter((p) => !posts.has(p));
  if (unknown.length > 0) throw new ExamError('bad-request', `the selection has no post ${unknown.join(', ')}`, [{ path: 'form.posts', message: `no post ${unknown.join(', ')}` }]);
}

export async function activeRegistration(tx: Tx, selectionId: string, idNumber: string): Promise<RegistrationsTable | undefined> {
  return tx.selectFrom('registrations').selectAll().where('selection_id', '=', selectionId).where('id_number', '=', idNumber).where('state', '=', 'active').executeTakeFirst();
}

/**
 * Records a form, in the caller's transaction: a new registration, or one that replaces `replacing`
 * (which becomes `replaced`). One active form per ID number; the two-post limit is the form's own.
 * Returns the signed slip with the salt and a fresh secret (only its hash is kept).
 */
export async function recordForm(ctx: ServerContext, tx: Tx, selectionId: string, form: RegistrationForm, via: 'page' | 'import', actor: string, replacing?: RegistrationsTable, now = ctx.now()): Promise<SignedSlip> {
  await assertPosts(tx, selectionId, form);
  const registrationId = `r-${randomBytes(8).toString('hex')}`;
  const salt = randomBytes(32).toString('hex');
  const secret = newSecret();
  const commitment = registrationCommitment(selectionId, registrationId, form, salt);
  if (replacing) await tx.updateTable('registrations').set({ state: 'replaced', ended_at: now }).where('id', '=', replacing.id).execute();
  await tx
    .insertInto('registrations')
    .values({ id: registrationId, selection_id: selectionId, id_number: form.idNumber, form_json: canonicalize(form), salt, commitment, secret_hash: secretHash(secret), state: 'active', via, submitted_at: now, replaces: replacing?.id ?? null, ended_at: null })
    .execute();
  await appendAudit(tx, 'registration.recorded', actor, { selectionId, registrationId, commitment, posts: form.posts, replaces: replacing?.id ?? null, via }, now);
  const slip: RegistrationSlip = { selectionId, registrationId, posts: form.posts, submittedAt: now, commitment, replaces: replacing?.id ?? null };
  return { slip, signature: ctx.serverKey.signObject('registration-slip', slip), serverKey: ctx.serverKey.publicKeyBase64, form, salt, secret };
}

/** A new registration from the registration page: refused while another form of the same ID number is active. */
export async function register(ctx: ServerContext, selectionId: string, form: RegistrationForm): Promise<SignedSlip> {
  return transact(ctx.db, async (tx) => {
    assertRegistrationOpen(await findSelection(tx, selectionId), ctx.now());
    if (await activeRegistration(tx, selectionId, form.idNumber)) throw new ExamError('already-registered', 'this ID number already has an active registration: replace or withdraw it with the secret on its slip');
    return recordForm(ctx, tx, selectionId, form, 'page', 'registration');
  });
}

/** The active registration of an ID number, if the slip's secret is its own; the same refusal whether the ID number or the secret is wrong. */
async function own(tx: Tx, selectionId: string, idNumber: string, secret: string): Promise<RegistrationsTable> {
  const r = await activeRegistration(tx, selectionId, idNumber);
  const given = Buffer.from(secretHash(secret), 'hex');
  if (!r || !timingSafeEqual(given, Buffer.from(r.secret_hash, 'hex'))) throw new ExamError('slip-secret-wrong', 'no active registration has this ID number and secret');
  return r;
}

export async function replaceRegistration(ctx: ServerContext, selectionId: string, idNumber: string, secret: string, form: RegistrationForm): Promise<SignedSlip> {
  return transact(ctx.db, async (tx) => {
    assertRegistrationOpen(await findSelection(tx, selectionId), ctx.now());
    const old = await own(tx, selectionId, idNumber, secret);
    if (form.idNumber !== idNumber) throw new ExamError('bad-request', 'a replacement form keeps the ID number of the one it replaces', [{ path: 'form.idNumber', message: 'not the ID number of the registration replaced' }]);
    return recordForm(ctx, tx, selectionId, form, 'page', 'registration', old);
  });
}

export async function withdrawRegistration(ctx: ServerContext, selectionId: string, idNumber: string, secret: string): Promise<{ withdrawn: string }> {
  return transact(ctx.db, async (tx) => {
    assertRegistrationOpen(await findSelection(tx, selectionId), ctx.now());
    const r = await own(tx, selectionId, idNumber, secret);
    await tx.updateTable('registrations').set({ state: 'withdrawn', ended_at: ctx.now() }).where('id', '=', r.id).execute();
    await appendAudit(tx, 'registration.withdrawn', 'registration', { selectionId, registrationId: r.id }, ctx.now());
    return { withdrawn: r.id };
  });
}

/** What the candidate sees of their own registration (any time, also after the deadline). */
export async function lookUpRegistration(ctx: ServerContext, selectionId: string, idNumber: string, secret: string): Promise<OwnRegistration> {
  return transact(ctx.db, async (tx) => {
    await findSelection(tx, selectionId);
    const r = await own(tx, selectionId, idNumber, secret);
    const form = JSON.parse(r.form_json) as RegistrationForm;
    // The decisions stay with the review until the list is published; then the owner sees theirs, with the reason.
    const published = await tx.selectFrom('qualified_lists').select('selection_id').where('selection_id', '=', selectionId).executeTakeFirst();
    const current = published ? await currentDecisions(tx, selectionId) : new Map();
    return {
      registrationId: r.id,
      state: r.state,
      form,
      submittedAt: r.submitted_at,
      review: form.posts.map((post) => {
        const c = current.get(`${r.id}/${post}`);
        return c ? { post, decision: c.decision.decision, reason: c.decision.reason } : { post, decision: 'pending' as const, reason: null };
      }),
    };
  });
}

export async function registrationRows(ctx: ServerContext, selectionId: string): Promise<RegistrationRow[]> {
  await findSelection(ctx.db, selectionId);
  const rows = await ctx.db.selectFrom('registrations').selectAll().where('selection_id', '=', selectionId).orderBy('submitted_at').execute();
  return rows.map((r) => {
    const f = JSON.parse(r.form_json) as RegistrationForm;
    return { registrationId: r.id, name: f.name, idNumberMasked: maskIdNumber(r.id_number), department: f.department, posts: f.posts, state: r.state, via: r.via, submittedAt: r.submitted_at };
  });
}
