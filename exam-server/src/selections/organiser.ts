import { ExamError, canonicalize, fromBase64 } from '@exam/shared';
import type { Handler } from '../realtime/requests';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { findSelection, selectionSummaries } from './store';
import { registrationRows } from './registration';
import { importRegistrations } from './import';

/** The organiser's console: every selection, its posts, and how many have registered for each. */
export const organiserOverview: Handler<'organiser:overview'> = async ({ ctx }) => ({ selections: await selectionSummaries(ctx.db), serverNow: ctx.now() });

export const createSelection: Handler<'organiser:create-selection'> = async ({ ctx, device }, s) => {
  await transact(ctx.db, async (tx) => {
    if (await tx.selectFrom('selections').select('id').where('id', '=', s.id).executeTakeFirst()) throw new ExamError('conflict', `there is already a selection ${s.id}`);
    const now = ctx.now();
    await tx.insertInto('selections').values({ id: s.id, title: s.title, registration_opens: s.registrationOpens, registration_closes: s.registrationCloses, steps_json: JSON.stringify(s.steps), created_at: now }).execute();
    await appendAudit(tx, 'selection.created', device.id, { selectionId: s.id, title: s.title, registrationOpens: s.registrationOpens, registrationCloses: s.registrationCloses, steps: s.steps }, now);
  });
  return { selections: await selectionSummaries(ctx.db), serverNow: ctx.now() };
};

/**
 * Creates or changes a post. Posts are fixed once registration opens: people register for what
 * was published, so a change after that would change what they applied for.
 */
export const savePost: Handler<'organiser:save-post'> = async ({ ctx, device }, post) => {
  await transact(ctx.db, async (tx) => {
    const s = await findSelection(tx, post.selectionId);
    const now = ctx.now();
    if (now >= s.registration_opens) throw new ExamError('session-state', 'registration has opened: the posts as published stand');
    const steps = JSON.parse(s.steps_json) as string[];
    if (steps.includes('written') && post.paper === null) throw new ExamError('bad-request', 'the selection has a written exam: name the paper that serves this post', [{ path: 'paper', message: 'required' }]);
    const json = canonicalize(post);
    const exists = await tx.selectFrom('posts').select('id').where('selection_id', '=', post.selectionId).where('id', '=', post.id).executeTakeFirst();
    if (exists) await tx.updateTable('posts').set({ post_json: json, saved_at: now }).where('selection_id', '=', post.selectionId).where('id', '=', post.id).execute();
    else await tx.insertInto('posts').values({ selection_id: post.selectionId, id: post.id, post_json: json, saved_at: now }).execute();
    await appendAudit(tx, 'post.saved', device.id, { selectionId: post.selectionId, postId: post.id, post }, now);
  });
  return { selections: await selectionSummaries(ctx.db), serverNow: ctx.now() };
};

export const listRegistrations: Handler<'organiser:registrations'> = async ({ ctx }, { selectionId }) => ({ rows: await registrationRows(ctx, selectionId) });

export const importRegistrationFile: Handler<'organiser:import-registrations'> = async ({ ctx, device }, { selectionId, contentBase64 }) =>
  importRegistrations(ctx, selectionId, fromBase64(contentBase64), device.id);
