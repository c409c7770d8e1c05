import { BEGIN_TYPES, ExamError, canonicalize, changeFixedBy, componentBegins, evaluationGaps, fixingComponents, isRerunSwap, paperOfPost, postGoesTo, rankingRulesSchema, type EvaluationSettings, type RankingRules } from '@exam/shared';
import type { Db, Tx } from '../db/database';
import type { Handler } from '../realtime/requests';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { drawInputs } from '../selections/seats';
import { findSelection } from '../selections/store';
import { competitorsByAdmission } from '../selections/persons';
import { rankingStatus } from './status';
import { decisionOfEvaluation } from '../evaluation/evaluations';

/** The rules in force for a selection, every post and round. */
export async function rulesOf(db: Db | Tx, selectionId: string): Promise<Array<{ rules: RankingRules; setAt: number }>> {
  const rows = await db.selectFrom('ranking_rules').select(['rules_json', 'set_at']).where('selection_id', '=', selectionId).orderBy('post').orderBy('round').execute();
  return rows.map((r) => ({ rules: rankingRulesSchema.parse(JSON.parse(r.rules_json)), setAt: r.set_at }));
}

/** Each component of the selection that has begun, from the log (fixing.ts). */
export async function beginsOf(db: Db | Tx, selectionId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('audit_log').select(['seq', 'type', 'payload_json']).where('type', 'in', [...BEGIN_TYPES]).orderBy('seq').execute();
  return componentBegins(
    selectionId,
    rows.map((r) => ({ seq: r.seq, type: r.type, payload: JSON.parse(r.payload_json) as Record<string, unknown> })),
  );
}

/** The selection's evaluations decided `rerun` (docs/protocol.md §24): they never stand. */
async function rerunEvaluations(db: Db | Tx, selectionId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('evaluations').select(['id', 'decision_json']).where('selection_id', '=', selectionId).where('decision_json', 'is not', null).execute();
  return new Set(rows.filter((e) => decisionOfEvaluation(e)?.decision === 'rerun').map((e) => e.id));
}

/**
 * Sets a post's rules for a round (docs/protocol.md §25), logged `ranking.rules-set`. Each component
 * must be one the selection has: the written exam's source is the paper that serves the post, an
 * interview day or evaluation one of the selection's. Refused (`rules-fixed`) once a component the
 * rules are fixed by has begun — but to name, in place of an evaluation decided `rerun`, the one run
 * again, before it opens; a later round needs the round before it, complete, and a component of its own.
 */
export const setRankingRules: Handler<'organiser:set-ranking-rules'> = async ({ ctx, device }, { rules }) => {
  // A later round ranks the round before it's shortlist: it is set once that is known (逐轮遴选), as the
  // console offers it. Set earlier, an evaluation of the round before decided `rerun` could never be
  // replaced there (the later round would be set on its shortlist), and the post could never be ranked.
  let shortlist: string[] | null = null; // a later round's field: the round before's shortlist, by registration id
  if (rules.round > 1) {
    const before = (await rankingStatus(ctx, rules.selectionId)).posts.find((p) => p.post === rules.post)?.rounds.find((r) => r.rules.round === rules.round - 1);
    if (before && !before.ranking?.complete) throw new ExamError('conflict', `round ${rules.round - 1} of ${rules.post} is not complete: round ${rules.round} ranks its shortlist, and is set once that is known`);
    shortlist = before?.ranking?.shortlist ?? null;
  }
  await transact(ctx.db, async (tx) => {
    const sel = await findSelection(tx, rules.selectionId);
    // The committee decides on the final rankings: after that, no round is added or changed.
    if (await tx.selectFrom('appointment_decisions').select('selection_id').where('selection_id', '=', sel.id).executeTakeFirst()) throw new ExamError('conflict', 'the committee has decided on these rankings: no rules change after the decision');
    const steps = JSON.parse(sel.steps_json) as string[];
    const { posts, outcomes } = await drawInputs(tx, sel.id);
    const post = posts.find((p) => p.id === rules.post);
    if (!post) throw new ExamError('not-found', `selection ${sel.id} has no post ${rules.post}`);
    const goes = postGoesTo(posts, outcomes, post.id);
    if (goes !== post.id) throw new ExamError('conflict', goes === null ? `post ${post.id} was cancelled: it has no ranking` : `post ${post.id} was merged into ${goes}: its candidates are ranked there`);
    const bad = (i: number, message: string) => new ExamError('bad-request', message, [{ path: `rules.components.${i}`, message }]);
    for (const [i, c] of rules.components.entries()) {
      if (!steps.includes(c.kind)) throw bad(i, `selection ${sel.id} has no ${c.kind} step`);
      if (c.kind === 'written' && c.source !== paperOfPost(posts, outcomes, post.id)) throw bad(i, `the written component of ${post.id} is its paper, ${post.paper ?? 'none'}`);
      if (c.kind === 'interview') {
        const day = await tx.selectFrom('interview_days').select('selection_id').where('id', '=', c.source).executeTakeFirst();
        if (day?.selection_id !== sel.id) throw bad(i, `${c.source} is not an interview day of ${sel.id}`);
      }
      if (c.kind === 'evaluation') {
        const e = await tx.selectFrom('evaluations').select('selection_id').where('id', '=', c.source).executeTakeFirst();
        if (e?.selection_id !== sel.id) throw bad(i, `${c.source} is not an evaluation of ${sel.id}`);
      }
    }
    // Every evaluation named rates the round's whole field, and lists it on its recommendation part for the post if it has one:
    // a candidate left out would be ranked not evaluated, or below the vote bar, by the omission alone.
    const evaluations = [...rules.components.entries()].filter(([, c]) => c.kind === 'evaluation');
    const competing = evaluations.length > 0 ? await competitorsByAdmission(tx, sel.id) : null;
    const field = !competing ? [] : shortlist ? shortlist.map((r) => competing.admissionOf.get(r) ?? r) : [...competing.postsOfRef].filter(([, ps]) => ps.includes(post.id)).map(([no]) => no);
    for (const [i, c] of evaluations) {
      const e = await tx.selectFrom('evaluations').select('settings_json').where('id', '=', c.source).executeTakeFirstOrThrow();
      const gaps = evaluationGaps(JSON.parse(e.settings_json) as EvaluationSettings, post.id, field);
      if (gaps.unrated.length > 0) throw bad(i, `evaluation ${c.source} does not rate ${gaps.unrated.join(', ')}, who compete for ${post.id} in round ${rules.round}`);
      if (gaps.unlisted.length > 0) throw bad(i, `the recommendation part of evaluation ${c.source} for ${post.id} leaves out ${gaps.unlisted.join(', ')}, who compete for it in round ${rules.round}`);
    }
    const all = (await rulesOf(tx, sel.id)).map((r) => r.rules);
    const earlier = all.filter((r) => r.post === post.id && r.round < rules.round);
    if (rules.round > 1) {
      if (!earlier.some((r) => r.round === rules.round - 1)) throw new ExamError('conflict', `round ${rules.round} of ${post.id} needs round ${rules.round - 1} first`);
      if (fixingComponents(rules, earlier).length === 0) throw new ExamError('bad-request', `round ${rules.round} must add a component no earlier round has (a second interview, say)`, [{ path: 'rules.components', message: 'no new component' }]);
    }
    const begins = await beginsOf(tx, sel.id);
    const inForce = all.find((r) => r.post === post.id && r.round === rules.round);
    const fixed = changeFixedBy(rules, inForce, earlier, begins);
    // Fixed rules change only to name, in place of an evaluation decided `rerun`, the one run again before it opens.
    if (fixed && !isRerunSwap(inForce, rules, earlier, await rerunEvaluations(tx, sel.id), begins)) {
      throw new ExamError('rules-fixed', `the rules of ${post.id}, round ${rules.round}, are fixed: ${fixed.component} began at log entry ${fixed.seq}`);
    }
    // Changing a round once a later round is set would change that round's field: not while it exists.
    const later = all.find((r) => r.post === post.id && r.round > rules.round);
    if (later) throw new ExamError('conflict', `round ${later.round} of ${post.id} is set on this round's shortlist`);
    const now = ctx.now();
    const json = canonicalize(rules);
    await tx
      .insertInto('ranking_rules')
      .values({ selection_id: sel.id, post: post.id, round: rules.round, rules_json: json, set_at: now })
      .onConflict((oc) => oc.columns(['selection_id', 'post', 'round']).doUpdateSet({ rules_json: json, set_at: now }))
      .execute();
    await appendAudit(tx, 'ranking.rules-set', device.id, { selectionId: sel.id, postId: post.id, round: rules.round, rules }, now);
  });
  return rankingStatus(ctx, rules.selectionId);
};
