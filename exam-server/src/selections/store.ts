import { ExamError, postSchema, type Post, type RegistrationForm, type ReviewDecision, type SelectionStep, type SelectionSummary } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import type { SelectionsTable } from '../db/schema/selections';

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
  const active = await db.selectFrom('registrations').select(['selection_id', 'form_json']).where('state', '=', 'active').execute();
  return Promise.all(
    selections.map(async (s) => {
      const registrations: Record<string, number> = {};
      for (const r of active.filter((a) => a.selection_id === s.id)) {
        for (const p of (JSON.parse(r.form_json) as { posts: string[] }).posts) registrations[p] = (registrations[p] ?? 0) + 1;
      }
      const items = await reviewItems(db, s.id);
      const current = await currentDecisions(db, s.id);
      const decided = items.map((i) => current.get(`${i.registrationId}/${i.post}`)).filter((c) => c !== undefined);
      const reviewers = (await db.selectFrom('reviewer_assignments').select('device_id').where('selection_id', '=', s.id).orderBy('assigned_at').execute()).map((r) => r.device_id);
      const published = await db.selectFrom('qualified_lists').select('published_at').where('selection_id', '=', s.id).executeTakeFirst();
      return {
        id: s.id,
        title: s.title,
        registrationOpens: s.registration_opens,
        registrationCloses: s.registration_closes,
        steps: JSON.parse(s.steps_json) as SelectionStep[],
        createdAt: s.created_at,
        posts: await postsOf(db, s.id),
        registrations,
        reviewers,
        review: { decided: decided.length, total: items.length, passed: decided.filter((c) => c.decision.decision === 'pass').length },
        qualifiedPublishedAt: published?.published_at ?? null,
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

