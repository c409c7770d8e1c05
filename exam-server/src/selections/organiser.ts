import { ExamError, bundleFileText, bundleHash, canonicalize, fromBase64, type OrganiserOverview, type QualifiedList } from '@exam/shared';
import { exportBundle } from '../verification/export';
import { exportSupervisorsBundle, supervisorsBundleText } from '../verification/supervisors-export';
import type { ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { currentDecisions, findSelection, insertSelection, passedByPost, postsOf, ratioOf, reviewItems, selectionSummaries, upsertPost } from './store';
import { admittedAs } from './review';
import { registrationRows } from './registration';
import { importRegistrations } from './import';
import { assertNoComponentNamesPersons } from './persons';

const overviewOf = async (ctx: ServerContext): Promise<OrganiserOverview> => ({ selections: await selectionSummaries(ctx.db), reviewerDevices: admittedAs(ctx, 'reviewer'), supervisorDevices: admittedAs(ctx, 'supervisor'), serverNow: ctx.now() });

/** The organiser's console: every selection, its posts, and how many have registered for each. */
export const organiserOverview: Handler<'organiser:overview'> = async ({ ctx }) => overviewOf(ctx);

export const createSelection: Handler<'organiser:create-selection'> = async ({ ctx, device }, s) => {
  await transact(ctx.db, async (tx) => {
    if (await tx.selectFrom('selections').select('id').where('id', '=', s.id).executeTakeFirst()) throw new ExamError('conflict', `there is already a selection ${s.id}`);
    await insertSelection(tx, s, device.id, ctx.now());
  });
  return overviewOf(ctx);
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
    await assertNoComponentNamesPersons(tx, post.selectionId);
    const steps = JSON.parse(s.steps_json) as string[];
    if (steps.includes('written') && post.paper === null) throw new ExamError('bad-request', 'the selection has a written exam: name the paper that serves this post', [{ path: 'paper', message: 'required' }]);
    await upsertPost(tx, post, device.id, now);
  });
  return overviewOf(ctx);
};

export const listRegistrations: Handler<'organiser:registrations'> = async ({ ctx }, { selectionId }) => ({ rows: await registrationRows(ctx, selectionId) });

export const importRegistrationFile: Handler<'organiser:import-registrations'> = async ({ ctx, device }, { selectionId, contentBase64 }) =>
  importRegistrations(ctx, selectionId, fromBase64(contentBase64), device.id);

/** Assigns a device admitted as a reviewer to a selection's qualification review. */
export const assignReviewer: Handler<'organiser:assign-reviewer'> = async ({ ctx, device }, { selectionId, deviceId }) => {
  const reviewer = ctx.devices.get(deviceId);
  if (!reviewer || reviewer.status !== 'admitted' || reviewer.role !== 'reviewer') throw new ExamError('not-found', `no device admitted as a reviewer is ${deviceId}`);
  await transact(ctx.db, async (tx) => {
    await findSelection(tx, selectionId);
    if (await tx.selectFrom('reviewer_assignments').select('device_id').where('selection_id', '=', selectionId).where('device_id', '=', deviceId).executeTakeFirst()) throw new ExamError('conflict', 'this reviewer is already assigned');
    await tx.insertInto('reviewer_assignments').values({ selection_id: selectionId, device_id: deviceId, assigned_at: ctx.now() }).execute();
    await appendAudit(tx, 'reviewer.assigned', device.id, { selectionId, deviceId, publicKey: reviewer.public_key }, ctx.now());
  });
  return overviewOf(ctx);
};

/**
 * Publishes the list of those who qualify, per post: names and posts, never ID numbers or reasons.
 * Only once every active registration has a decision for every post it names; a candidate who
 * qualifies for two posts is on both. The list then stands: decisions can no longer change.
 */
export const publishQualified: Handler<'organiser:publish-qualified'> = async ({ ctx, device }, { selectionId }) =>
  transact(ctx.db, async (tx) => {
    const s = await findSelection(tx, selectionId);
    if (ctx.now() < s.registration_closes) throw new ExamError('session-state', 'registration is still open');
    if (await tx.selectFrom('qualified_lists').select('selection_id').where('selection_id', '=', selectionId).executeTakeFirst()) throw new ExamError('conflict', 'the list has already been published');
    const items = await reviewItems(tx, selectionId);
    const current = await currentDecisions(tx, selectionId);
    const undecided = items.filter((i) => !current.has(`${i.registrationId}/${i.post}`));
    if (undecided.length > 0) throw new ExamError('session-state', `${undecided.length} registrations still wait for a decision`);
    const posts = await postsOf(tx, selectionId);
    const passed = await passedByPost(tx, selectionId, posts);
    const now = ctx.now();
    const list: QualifiedList = { selectionId, title: s.title, publishedAt: now, posts: posts.map((p) => ({ post: p.id, title: p.title, seats: p.seats, names: passed.get(p.id)!.map((i) => i.form.name) })) };
    await tx.insertInto('qualified_lists').values({ selection_id: selectionId, list_json: canonicalize(list), published_at: now }).execute();
    await appendAudit(tx, 'qualified.published', device.id, { selectionId, posts: Object.fromEntries(posts.map((p) => [p.id, passed.get(p.id)!.map((i) => i.registrationId)])) }, now);
    return list;
  });

/**
 * 开考比例: a post whose qualified candidates are fewer than seats × its minimum ratio does not go
 * ahead as it stands. The organiser cancels it, merges it into another post, or goes ahead — always
 * with a reason, once per post, on the log. A post at or above its ratio needs no decision.
 */
export const decidePost: Handler<'organiser:decide-post'> = async ({ ctx, device }, o) => {
  await transact(ctx.db, async (tx) => {
    await findSelection(tx, o.selectionId);
    const row = await tx.selectFrom('qualified_lists').select('list_json').where('selection_id', '=', o.selectionId).executeTakeFirst();
    if (!row) throw new ExamError('session-state', 'the ratio is judged on the published list of those who qualify');
    const posts = await postsOf(tx, o.selectionId);
    const r = ratioOf(posts, JSON.parse(row.list_json) as QualifiedList, await tx.selectFrom('post_outcomes').selectAll().where('selection_id', '=', o.selectionId).execute()).find((x) => x.post === o.post);
    if (!r) throw new ExamError('not-found', `the selection has no post ${o.post}`);
    if (r.qualified >= r.required) throw new ExamError('conflict', `post ${o.post} meets its ratio (${r.qualified} qualified, ${r.required} required): it goes ahead`);
    if (r.outcome) throw new ExamError('conflict', `post ${o.post} has been decided: ${r.outcome.action}`);
    if (o.mergeInto !== null && (o.mergeInto === o.post || !posts.some((p) => p.id === o.mergeInto))) throw new ExamError('bad-request', 'a post merges into another post of the selection', [{ path: 'mergeInto', message: 'not another post of the selection' }]);
    const now = ctx.now();
    await tx.insertInto('post_outcomes').values({ selection_id: o.selectionId, post: o.post, action: o.action, merge_into: o.mergeInto, reason: o.reason, decided_at: now }).execute();
    await appendAudit(tx, 'post.ratio-decided', device.id, { selectionId: o.selectionId, postId: o.post, qualified: r.qualified, required: r.required, action: o.action, mergeInto: o.mergeInto, reason: o.reason }, now);
  });
  return overviewOf(ctx);
};

/**
 * The export bundle (docs/bundle.md) for the outside supervisors, from the console: the same file
 * `exam export-bundle` writes, with its hash to read out or print beside it.
 */
export const exportBundleFromConsole: Handler<'organiser:export-bundle'> = async ({ ctx }) => {
  const bundle = await exportBundle(ctx);
  const day = new Date(ctx.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return { fileName: `bundle-${day}.json`, text: bundleFileText(bundle), bundleHash: bundleHash(bundle.body) };
};

/**
 * The supervisors' bundle (docs/bundle.md), from the console: the records behind the published
 * bundle's commitments — forms, signed decisions, declarations. It holds personal data; the console
 * asks before it is made, and it goes to the outside supervisors only.
 */
export const exportSupervisorsFromConsole: Handler<'organiser:export-supervisors-bundle'> = async ({ ctx }) => {
  const records = await exportSupervisorsBundle(ctx.db);
  const day = new Date(ctx.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return { fileName: `supervisors-bundle-${day}.json`, text: supervisorsBundleText(records), forms: records.registrations.length, decisions: records.decisions.length };
};
