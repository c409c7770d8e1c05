import { ExamError, competitorsOf, sameName, type ErrorBody, type EvaluationSettings, type RegistrationForm } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import { drawInputs, latestSeatDraw } from './seats';

/** One person a component names: by admission number, with the name (and ID number, where the component has one) it gives. */
export interface NamedPerson {
  ref: string;
  name: string;
  idNumber?: string;
  /** Where the person is named, for the error: a field path… */
  at: string;
  /** …or a roster file's row (1 is its header row, as Excel numbers them). */
  row?: number;
}

/**
 * Whether a selection's persons come from registration: a selection with posts is one people
 * register for, and every later step names them by the admission number the seat draw gave (docs/protocol.md §23).
 * A selection without posts (an evaluation held on its own) names whom its organiser lists.
 */
export async function takesPersonsFromAdmissions(db: Db | Tx, selectionId: string): Promise<boolean> {
  return !!(await db.selectFrom('posts').select('id').where('selection_id', '=', selectionId).limit(1).executeTakeFirst());
}

/**
 * Holds the persons an evaluation or an interview day of a selection names to the selection's
 * admissions: the seat draw done, each one an admission number of someone who goes on, under their
 * registered name (and ID number). Refused, naming every one that is not, before anything is written.
 * The verifier holds the log to the same (docs/bundle.md steps 13 and 14).
 */
export async function assertAdmitted(db: Db | Tx, selectionId: string, persons: readonly NamedPerson[]): Promise<void> {
  if (!(await takesPersonsFromAdmissions(db, selectionId))) return;
  const draw = await latestSeatDraw(db, selectionId);
  if (draw?.state !== 'done') throw new ExamError('session-state', `the candidates of selection ${selectionId} are named by their admission numbers: draw the seats first (the seat draw)`);
  const rows = await db
    .selectFrom('admissions')
    .innerJoin('registrations', 'registrations.id', 'admissions.registration_id')
    .select(['admissions.admission_no', 'registrations.form_json', 'registrations.id_number'])
    .where('admissions.selection_id', '=', selectionId)
    .execute();
  const admitted = new Map(rows.map((r) => [r.admission_no, { name: (JSON.parse(r.form_json) as RegistrationForm).name, idNumber: r.id_number }]));
  const problems: NonNullable<ErrorBody['details']> = [];
  for (const p of persons) {
    const a = admitted.get(p.ref);
    const where = p.row !== undefined ? { path: p.at, row: p.row } : { path: p.at };
    if (!a) problems.push({ ...where, message: `${p.ref} is not an admission number of selection ${selectionId}`, zh: `${p.ref} 不是本次竞争上岗的准考证号` });
    else if (!sameName(p.name, a.name)) problems.push({ ...where, message: `admission number ${p.ref} is ${a.name}, not ${p.name}`, zh: `准考证号 ${p.ref} 是${a.name}，不是${p.name}` });
    else if (p.idNumber !== undefined && a.idNumber !== p.idNumber.toUpperCase()) problems.push({ ...where, message: `the ID number given for ${a.name} (${p.ref}) is not the one registered`, zh: `${a.name}（${p.ref}）的身份证号与报名时的不符` });
  }
  if (problems.length === 0) return;
  // A roster file's problems go back by row, as the file's own do: nothing was imported.
  if (persons.some((p) => p.row !== undefined)) throw new ExamError('invalid-roster', `${problems.length} row(s) name someone the seat draw did not admit; nothing was imported (row ${problems[0]!.row}: ${problems[0]!.message})`, problems.slice(0, 50));
  throw new ExamError('bad-request', `${problems.length} of the persons named are not those the seat draw admitted (e.g. ${problems[0]!.message})`, problems.slice(0, 50));
}

/** Refuses a change to the posts, or abandoning the draw, once a component of the selection names its persons: they were named as the selection then stood. */
export async function assertNoComponentNamesPersons(db: Db | Tx, selectionId: string): Promise<void> {
  const evaluation = await db.selectFrom('evaluations').select('id').where('selection_id', '=', selectionId).limit(1).executeTakeFirst();
  const day = await db.selectFrom('interview_days').select('id').where('selection_id', '=', selectionId).limit(1).executeTakeFirst();
  const session = await db.selectFrom('sessions').select('id').where('selection_id', '=', selectionId).limit(1).executeTakeFirst();
  const named = evaluation ? `evaluation ${evaluation.id}` : day ? `interview day ${day.id}` : session ? `session ${session.id}` : null;
  if (named) throw new ExamError('session-state', `${named} of the selection already names its candidates: the posts stand`);
}

/**
 * An evaluation's recommendation parts (推荐票) of a selection that takes its persons from the
 * admissions: each is a post of the selection, with its seats and title, and lists only candidates
 * who compete for that post — so no rival is added to split a post's votes, and no seat is added.
 */
export async function assertRecommendationPosts(db: Db | Tx, settings: EvaluationSettings): Promise<void> {
  if (settings.recommendation.length === 0 || !(await takesPersonsFromAdmissions(db, settings.selectionId))) return;
  const { posts, postsOfRef } = await competitorsByAdmission(db, settings.selectionId);
  const problems: NonNullable<ErrorBody['details']> = [];
  for (const [i, r] of settings.recommendation.entries()) {
    const post = posts.find((p) => p.id === r.post);
    const at = `settings.recommendation.${i}`;
    if (!post) problems.push({ path: at, message: `the selection has no post ${r.post}`, zh: `本次竞争上岗没有职位 ${r.post}` });
    else if (post.seats !== r.seats || post.title !== r.title.trim()) problems.push({ path: at, message: `post ${r.post} is ${post.title} with ${post.seats} seats`, zh: `职位 ${r.post} 是${post.title}，职数 ${post.seats}` });
    else for (const ref of r.candidates.filter((c) => !postsOfRef.get(c)?.includes(r.post))) problems.push({ path: `${at}.candidates`, message: `${ref} does not compete for post ${r.post}`, zh: `${ref} 没有竞聘职位 ${r.post}` });
  }
  if (problems.length > 0) throw new ExamError('bad-request', `the recommendation parts are not the selection's posts and their competitors (e.g. ${problems[0]!.message})`, problems.slice(0, 50));
}

/**
 * The posts each admitted candidate competes for (§23's `competitorsOf`), by admission number,
 * with the selection's posts: whom a post's recommendation part and a round's field may name.
 */
export async function competitorsByAdmission(db: Db | Tx, selectionId: string) {
  const { posts, qualified, outcomes, preference } = await drawInputs(db, selectionId);
  const competing = competitorsOf(posts, qualified, outcomes, preference);
  const admissions = await db.selectFrom('admissions').select(['admission_no', 'registration_id']).where('selection_id', '=', selectionId).execute();
  return { posts, postsOfRef: new Map(admissions.map((a) => [a.admission_no, competing.get(a.registration_id) ?? []])), admissionOf: new Map(admissions.map((a) => [a.registration_id, a.admission_no])) };
}
