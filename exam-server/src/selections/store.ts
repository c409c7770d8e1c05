import { ExamError, canonicalize, postSchema, type CreateSelection, type Post, type RegistrationForm, type ReviewDecision, type SelectionStep, type QualifiedList, type SelectionSummary } from '@exam/shared';
import { appendAudit } from '../audit/log';
import type { Db, Tx } from '../db/database';
import type { PostOutcomesTable, SelectionsTable } from '../db/schema/selections';

export async function findSelection(db: Db | Tx, id: string): Promise<SelectionsTable> {
  const s = await db.selectFrom('selections').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new ExamError('not-found', `no selection ${id}`);
  return s;
}

export async function postsOf(db: Db | Tx, selectionId: string): Promise<Post[]> {
  const rows = await db.selectFrom('posts').select('post_json').where('selection_id', '=', selectionId).orderBy('id').execute();
  return rows.map((r) => postSchema.parse(JSON.parse(r.post_json)));
}

/** Every selection with its posts and its active registrations per post, for the organiser. */
export async function selectionSummaries(db: Db | Tx): Promise<SelectionSummary[]> {
  const selections = await db.selectFrom('selections').selectAll().orderBy('created_at').execute();
  return Promise.all(
    selections.map(async (s) => {
      // Each review item is one active registration for one post it names: the counts per post are theirs.
      const items = await reviewItems(db, s.id);
      const perPost = new Map<string, number>();
      for (const i of items) perPost.set(i.post, (perPost.get(i.post) ?? 0) + 1);
      const registrations: Record<string, number> = Object.fromEntries(perPost);
      const current = await currentDecisions(db, s.id);
      const decided = items.map((i) => current.get(`${i.registrationId}/${i.post}`)).filter((c) => c !== undefined);
      const reviewers = (await db.selectFrom('reviewer_assignments').select('device_id').where('selection_id', '=', s.id).orderBy('assigned_at').execute()).map((r) => r.device_id);
      const published = await db.selectFrom('qualified_lists').select(['published_at', 'list_json']).where('selection_id', '=', s.id).executeTakeFirst();
      const posts = await postsOf(db, s.id);
      const outcomes = await db.selectFrom('post_outcomes').selectAll().where('selection_id', '=', s.id).execute();
      const evaluations = await db.selectFrom('evaluations').select(['id', 'settings_json', 'state']).where('selection_id', '=', s.id).orderBy('created_at').orderBy('id').execute();
      return {
        id: s.id,
        title: s.title,
        registrationOpens: s.registration_opens,
        registrationCloses: s.registration_closes,
        steps: JSON.parse(s.steps_json) as SelectionStep[],
        createdAt: s.created_at,
        posts,
        registrations,
        reviewers,
        review: { decided: decided.length, total: items.length, passed: decided.filter((c) => c.decision.decision === 'pass').length },
        qualifiedPublishedAt: published?.published_at ?? null,
        ratio: published ? ratioOf(posts, JSON.parse(published.list_json) as QualifiedList, outcomes) : [],
        evaluations: evaluations.map((e) => ({ id: e.id, title: (JSON.parse(e.settings_json) as { title: string }).title, state: e.state })),
      };
    }),
  );
}

/** Whether registration is open for the selection at `now`: from its opening, up to and excluding its deadline. */
export function assertRegistrationOpen(s: SelectionsTable, now: number): void {
  if (now < s.registration_opens) throw new ExamError('registration-closed', 'registration has not opened yet');
  if (now >= s.registration_closes) throw new ExamError('registration-closed', 'registration has closed');
}

/** The decision now counting for each registration and post of a selection, by `registrationId/post`. */
export async function currentDecisions(db: Db | Tx, selectionId: string): Promise<Map<string, { decision: ReviewDecision; hash: string; deviceId: string }>> {
  const rows = await db.selectFrom('review_decisions').select(['hash', 'registration_id', 'post', 'decision_json', 'device_id']).where('selection_id', '=', selectionId).where('current', '=', 1).execute();
  return new Map(rows.map((r) => [`${r.registration_id}/${r.post}`, { decision: JSON.parse(r.decision_json) as ReviewDecision, hash: r.hash, deviceId: r.device_id }]));
}

/** Every active registration for every post it names: what the review must decide. */
export async function reviewItems(db: Db | Tx, selectionId: string) {
  const rows = await db.selectFrom('registrations').select(['id', 'id_number', 'form_json']).where('selection_id', '=', selectionId).where('state', '=', 'active').orderBy('submitted_at').execute();
  return rows.flatMap((r) => {
    const form = JSON.parse(r.form_json) as RegistrationForm;
    return form.posts.map((post, i) => ({ registrationId: r.id, idNumber: r.id_number, form, post, preference: i + 1 }));
  });
}

/**
 * Per post, the active registrations whose current decision for it is a pass, in the order of the
 * Chinese collation of their names (pinyin), as public notices list them. Once the list is
 * published, decisions no longer change, so this is the published list.
 */
export async function passedByPost(db: Db | Tx, selectionId: string, posts: readonly Post[]) {
  const items = await reviewItems(db, selectionId);
  const current = await currentDecisions(db, selectionId);
  const passed = (post: string) => items.filter((i) => i.post === post && current.get(`${i.registrationId}/${post}`)?.decision.decision === 'pass').sort((a, b) => a.form.name.localeCompare(b.form.name, 'zh-CN'));
  return new Map(posts.map((p) => [p.id, passed(p.id)]));
}

/** Writes a new selection and its log entry, in the caller's transaction (the rules are the caller's). */
export async function insertSelection(tx: Tx, s: CreateSelection, actor: string, now: number): Promise<void> {
  await tx.insertInto('selections').values({ id: s.id, title: s.title, registration_opens: s.registrationOpens, registration_closes: s.registrationCloses, steps_json: JSON.stringify(s.steps), created_at: now }).execute();
  await appendAudit(tx, 'selection.created', actor, { selectionId: s.id, title: s.title, registrationOpens: s.registrationOpens, registrationCloses: s.registrationCloses, steps: s.steps }, now);
}

/** Writes a post, new or changed, and its log entry, in the caller's transaction. */
export async function upsertPost(tx: Tx, post: Post, actor: string, now: number): Promise<void> {
  const json = canonicalize(post);
  await tx
    .insertInto('posts')
    .values({ selection_id: post.selectionId, id: post.id, post_json: json, saved_at: now })
    .onConflict((oc) => oc.columns(['selection_id', 'id']).doUpdateSet({ post_json: json, saved_at: now }))
    .execute();
  await appendAudit(tx, 'post.saved', actor, { selectionId: post.selectionId, postId: post.id, post }, now);
}

/** 开考比例 per post, from the published list: qualified, required (seats × minRatio), and the organiser's decision where below. */
export function ratioOf(posts: Post[], list: QualifiedList, outcomes: PostOutcomesTable[]): SelectionSummary['ratio'] {
  return posts.map((p) => {
    const o = outcomes.find((x) => x.post === p.id);
    return {
      post: p.id,
      qualified: list.posts.find((l) => l.post === p.id)?.names.length ?? 0,
      required: p.seats * p.minRatio,
      outcome: o ? { action: o.action, mergeInto: o.merge_into, reason: o.reason } : null,
    };
  });
}
