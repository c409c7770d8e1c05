import { competitorsOf, fixedBy, paperOfPost, postGoesTo, rankSelection, type RankingStatus, type RegistrationForm } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { drawInputs } from '../selections/seats';
import { findSelection } from '../selections/store';
import { beginsOf, rulesOf } from './rules';
import { componentSources, type KnownResults } from './sources';
import { decisionOf } from './decision';
import { waitingFacts, waitingOf } from './waiting';
import { decisionOfEvaluation } from '../evaluation/evaluations';

/**
 * A selection's rankings from what the server holds now (docs/protocol.md §25): the same
 * `rankSelection` a verifier runs on the bundle, from the components recomputed here.
 */
export async function rankingStatus(ctx: ServerContext, selectionId: string, known?: KnownResults): Promise<RankingStatus> {
  const sel = await findSelection(ctx.db, selectionId);
  const { posts, qualified, outcomes, preference } = await drawInputs(ctx.db, selectionId);
  const rules = await rulesOf(ctx.db, selectionId);
  const begins = await beginsOf(ctx.db, selectionId);
  const admissions = await ctx.db
    .selectFrom('admissions')
    .innerJoin('registrations', 'registrations.id', 'admissions.registration_id')
    .select(['admissions.registration_id', 'admissions.admission_no', 'registrations.form_json'])
    .where('admissions.selection_id', '=', selectionId)
    .execute();
  const competitors = competitorsOf(posts, qualified, outcomes, preference);
  const rankings = rankSelection(
    { posts, competitors, admissions: new Map(admissions.map((a) => [a.registration_id, a.admission_no])), rules: rules.map((r) => r.rules) },
    await componentSources(ctx, selectionId, known),
  );
  const days = await ctx.db.selectFrom('interview_days').select(['id', 'label']).where('selection_id', '=', selectionId).orderBy('created_at').execute();
  const evaluations = await ctx.db.selectFrom('evaluations').select(['id', 'settings_json', 'state', 'decision_json']).where('selection_id', '=', selectionId).orderBy('created_at').execute();
  // What a ranking still waits for, read once for every post and round — only when some component is not known yet.
  const facts = rankings.some((r) => !r.complete) ? await waitingFacts(ctx, selectionId, evaluations) : null;
  return {
    selectionId,
    title: sel.title,
    steps: JSON.parse(sel.steps_json) as string[],
    posts: posts.map((p) => {
      const mine = rules.filter((r) => r.rules.post === p.id);
      return {
        post: p.id,
        title: p.title,
        seats: p.seats,
        paper: paperOfPost(posts, outcomes, p.id),
        goesTo: postGoesTo(posts, outcomes, p.id),
        rounds: mine.map((r) => {
          const ranking = rankings.find((x) => x.post === p.id && x.round === r.rules.round) ?? null;
          return { rules: r.rules, setAt: r.setAt, fixedBy: fixedBy(r.rules, mine.map((x) => x.rules), begins), ranking, waiting: ranking && facts ? waitingOf(facts, r.rules, ranking) : [] };
        }),
      };
    }),
    decision: await decisionOf(ctx.db, selectionId),
    people: Object.fromEntries(admissions.map((a) => [a.registration_id, { admissionNo: a.admission_no, name: (JSON.parse(a.form_json) as RegistrationForm).name }])),
    days: days.map((d) => ({ id: d.id, label: d.label })),
    sessions: (await ctx.db.selectFrom('sessions').select(['id', 'label', 'paper']).where('selection_id', '=', selectionId).where('paper', 'is not', null).orderBy('id').execute()).map((x) => ({ id: x.id, label: x.label, paper: x.paper! })),
    evaluations: evaluations.map((e) => ({ id: e.id, title: (JSON.parse(e.settings_json) as { title: string }).title, state: e.state, rerun: decisionOfEvaluation(e)?.decision === 'rerun' })),
  };
}

export const rankingOf: Handler<'ranking:status'> = async ({ ctx }, { selectionId }) => rankingStatus(ctx, selectionId);
