import { z } from 'zod';
import { bilingual } from '../schema-issues';
import { selectionIdSchema } from '../selection/selection';

/**
 * An evaluation's settings (民主测评, docs/protocol.md §24), fixed on the log before any ballot
 * exists. The documents give the shape (004: 德能勤绩廉; 001: groups weighted 30 / 30 / 40; 002: more
 * than 30 % dissatisfied cannot go forward) but not every figure: what they leave open is a setting
 * with a stated default, shown wherever the rule is shown.
 */

/** The five dimensions of 004, in its order. */
export const DIMENSIONS = ['de', 'neng', 'qin', 'ji', 'lian'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DIMENSION_NAMES: Record<Dimension, { zh: string; en: string }> = {
  de: { zh: '德', en: 'integrity' },
  neng: { zh: '能', en: 'ability' },
  qin: { zh: '勤', en: 'diligence' },
  ji: { zh: '绩', en: 'results' },
  lian: { zh: '廉', en: 'probity' },
};

/**
 * The default scale, best first. `points` is what a rating is worth when the evaluation enters a
 * composite score (百分制): the documents give none, so this default is stated here and on screen.
 */
export const DEFAULT_SCALE = [
  { id: 'excellent', zh: '优秀', en: 'excellent', points: 100 },
  { id: 'competent', zh: '称职', en: 'competent', points: 80 },
  { id: 'basic', zh: '基本称职', en: 'basically competent', points: 60 },
  { id: 'incompetent', zh: '不称职', en: 'not competent', points: 0 },
] as const;

/** The groups of 001 (leaders 30 %, middle managers 30 %, everyone else 40 %), as a preset. */
export const PRESET_GROUPS = [
  { id: 'leaders', name: '领导班子成员', weight: 30 },
  { id: 'managers', name: '中层干部', weight: 30 },
  { id: 'others', name: '其他干部职工', weight: 40 },
] as const;

/** A group smaller than this is refused: each ballot's group can be read from the board. */
export const MIN_GROUP = 5;

const idSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/);
const refSchema = z.string().regex(/^[0-9A-Za-z-]{1,32}$/);

export const evaluationSettingsSchema = z
  .object({
    selectionId: selectionIdSchema,
    id: idSchema,
    title: z.string().trim().min(2).max(100),
    /** Persons, not posts: a candidate on two posts is evaluated once. `ref` is the admission number. */
    candidates: z.array(z.object({ ref: refSchema, name: z.string().trim().min(1).max(50) }).strict()).min(1).max(200),
    /** Weights in whole percent, summing to 100; `entitled` is 应参加人数. */
    groups: z.array(z.object({ id: idSchema, name: z.string().trim().min(1).max(50), weight: z.number().int().min(1).max(100), entitled: z.number().int().min(MIN_GROUP).max(100_000) }).strict()).min(1).max(10),
    /** The overall scale, best first, with the points each rating is worth. */
    scale: z.array(z.object({ id: idSchema, zh: z.string().trim().min(1).max(20), en: z.string().trim().min(1).max(40), points: z.number().int().min(0).max(100) }).strict()).min(2).max(6),
    /** Whether each candidate is also rated on 德能勤绩廉 (on the same scale). */
    dimensions: z.boolean(),
    /** A recommendation vote per post (推荐票): mark at most `seats` of its candidates. */
    recommendation: z.array(z.object({ post: idSchema, title: z.string().trim().min(1).max(100), seats: z.number().int().min(1).max(50), candidates: z.array(refSchema).min(1).max(200) }).strict()).max(50),
    /** The ratings that count as dissatisfied, and as approval. */
    dissatisfied: z.array(idSchema).min(1),
    approval: z.array(idSchema).min(1),
    /** More than this share dissatisfied (in whole percent) and the candidate does not go forward. */
    thresholdPercent: z.number().int().min(1).max(99),
    /** Over all ballots cast (`raw`, the default) or with the groups' weights (`weighted`). */
    thresholdBasis: z.enum(['raw', 'weighted']),
    /** The least turnout, over all groups, for the evaluation to stand: num / den of those entitled. */
    minTurnout: z.object({ num: z.number().int().min(0).max(100), den: z.number().int().min(1).max(100) }).strict(),
    /**
     * Whether the booth shows the voter a tracker (a short hash of the ballot they can find on the
     * board). Off by default: a tracker and a published ballot together are a receipt that a superior
     * could demand to see.
     */
    tracker: z.boolean(),
  })
  .strict()
  .superRefine((s, c) => {
    const dup = <T,>(xs: readonly T[]) => xs.find((x, i) => xs.indexOf(x) !== i);
    const issue = (path: (string | number)[], en: string, zh: string) => c.addIssue({ code: 'custom', path, ...bilingual(en, zh) });
    if (dup(s.candidates.map((x) => x.ref))) issue(['candidates'], `candidate ${dup(s.candidates.map((x) => x.ref))} is listed twice`, `被测评人 ${dup(s.candidates.map((x) => x.ref))} 列了两次`);
    if (dup(s.groups.map((g) => g.id))) issue(['groups'], `group ${dup(s.groups.map((g) => g.id))} is listed twice`, `类别 ${dup(s.groups.map((g) => g.id))} 列了两次`);
    if (s.groups.reduce((a, g) => a + g.weight, 0) !== 100) issue(['groups'], 'the groups’ weights must add up to 100', '各类别的权重之和应为 100');
    const scale = new Set(s.scale.map((x) => x.id));
    if (scale.size !== s.scale.length) issue(['scale'], 'a rating is listed twice', '有一个评价等次列了两次');
    for (const [k, ids] of [['dissatisfied', s.dissatisfied], ['approval', s.approval]] as const) for (const id of ids) if (!scale.has(id)) issue([k], `${id} is not a rating of the scale`, `${id} 不是评价等次之一`);
    if (s.dissatisfied.some((d) => s.approval.includes(d))) issue(['approval'], 'a rating cannot count both as approval and as dissatisfied', '同一等次不能既算认可又算不满意');
    if (s.minTurnout.num > s.minTurnout.den) issue(['minTurnout'], 'the minimum turnout is at most everyone entitled', '最低参评率不能超过全部应参加人数');
    const refs = new Set(s.candidates.map((x) => x.ref));
    for (const [i, r] of s.recommendation.entries()) {
      if (r.candidates.some((x) => !refs.has(x))) issue(['recommendation', i, 'candidates'], `post ${r.post} names someone who is not a candidate of the evaluation`, `岗位 ${r.post} 列入了不在本次测评中的人`);
      if (dup(r.candidates)) issue(['recommendation', i, 'candidates'], `post ${r.post} names a candidate twice`, `岗位 ${r.post} 把同一人列了两次`);
    }
    if (dup(s.recommendation.map((r) => r.post))) issue(['recommendation'], 'a post has two recommendation parts', '同一岗位有两个推荐部分');
  });
export type EvaluationSettings = z.output<typeof evaluationSettingsSchema>;

/** The defaults of a new evaluation's rules, before the organiser changes any. */
export const DEFAULT_RULES = {
  scale: DEFAULT_SCALE.map((x) => ({ ...x })),
  dimensions: true,
  dissatisfied: ['incompetent'],
  approval: ['excellent', 'competent'],
  thresholdPercent: 30,
  thresholdBasis: 'raw' as const,
  minTurnout: { num: 2, den: 3 },
  tracker: false,
};
