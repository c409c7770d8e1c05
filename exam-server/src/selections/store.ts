import { ExamError, postSchema, type Post, type SelectionStep, type SelectionSummary } from '@exam/shared';
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
      return {
        id: s.id,
        title: s.title,
        registrationOpens: s.registration_opens,
        registrationCloses: s.registration_closes,
        steps: JSON.parse(s.steps_json) as SelectionStep[],
        createdAt: s.created_at,
        posts: await postsOf(db, s.id),
        registrations,
      };
    }),
  );
}

/** Whether registration is open for the selection at `now`: from its opening, up to and excluding its deadline. */
export function assertRegistrationOpen(s: SelectionsTable, now: number): void {
  if (now < s.registration_opens) throw new ExamError('registration-closed', 'registration has not opened yet');
  if (now >= s.registration_closes) throw new ExamError('registration-closed', 'registration has closed');
}
