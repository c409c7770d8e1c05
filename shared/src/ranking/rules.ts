import { z } from 'zod';
import { bilingual } from '../schema-issues';
import { postIdSchema, selectionIdSchema } from '../selection/selection';

/**
 * The rules that turn a post's component scores into a composite, a shortlist (确定考察对象) and
 * vacancies (docs/protocol.md §25). They are fixed on the log per post and round
 * (`ranking.rules-set`) before the first of that post's components can be known; the server refuses
 * a change after that, and the verifier fails one it finds (step 15).
 *
 * What the documents give is a preset; what they leave open is a setting with a stated default,
 * shown wherever the rule is shown.
 */

/** A component of the composite: the written paper's total, an interview day's panel score, an evaluation's score. */
export const COMPONENT_KINDS = ['written', 'interview', 'evaluation'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export const COMPONENT_NAMES: Record<ComponentKind, { zh: string; en: string }> = {
  written: { zh: '笔试', en: 'Written exam' },
  interview: { zh: '面试', en: 'Interview' },
  evaluation: { zh: '民主测评', en: 'Democratic evaluation' },
};

const idSchema = z.string().regex(/^(?!constructor$)[a-z0-9-]{1,40}$/);

export const componentSchema = z
  .object({
    kind: z.enum(COMPONENT_KINDS),
    /** written: the paper that serves the post; interview: the interview day; evaluation: the evaluation. */
    source: idSchema,
    /** A whole number: the composite is Σ weight × score ÷ Σ weight (3 : 3 : 4 and 30 : 30 : 40 are the same rule). */
    weight: z.number().int().min(1).max(100),
  })
  .strict();
export type Component = z.output<typeof componentSchema>;

/** Bars by field size: one candidate, two, three or more. */
const bars = z.tuple([z.number().int().min(0).max(10_000), z.number().int().min(0).max(10_000), z.number().int().min(0).max(10_000)]);

export const TIE_RULES = ['all', 'tie-break'] as const;
export type TieRule = (typeof TIE_RULES)[number];

export const rankingRulesSchema = z
  .object({
    selectionId: selectionIdSchema,
    post: postIdSchema,
    /** 1 for the first ranking; a later round (逐轮遴选, 000) ranks the previous round's shortlist again. */
    round: z.number().int().min(1).max(5),
    components: z.array(componentSchema).min(1).max(6),
    /**
     * The composite bars (hundredths of a point) for a field of one, two, three or more; null: no bar.
     * 001 lists "40, 50, 60 points" without saying which goes with which field size: the preset reads
     * them beside the vote rates (fewer competitors, higher bar) as 60 / 50 / 40.
     */
    compositeBars: bars.nullable(),
    /**
     * The recommendation vote-rate bars (hundredths of a percent) for a field of one, two, three or
     * more (001: 60 %, 50 %, 40 %); null: no bar. They apply only where an evaluation component had a
     * recommendation part for this post; otherwise the result says the rule does not apply.
     */
    voteBars: bars.nullable(),
    /** The vote rate compared with the bars: group-weighted (001's 30 / 30 / 40), or over all ballots. */
    voteBasis: z.enum(['weighted', 'raw']),
    /**
     * The shortlist: with one seat, at most `oneSeat` go forward (002: three or fewer all go, otherwise
     * the top three); with several, at most seats × `perSeat` (000's 1 : N, its N lost in the source).
     */
    shortlist: z.object({ oneSeat: z.number().int().min(1).max(20), perSeat: z.number().int().min(1).max(10) }).strict(),
    /** At the cut-off: every tied candidate goes forward, or the tie-break order decides (those still tied all go). */
    ties: z.enum(TIE_RULES),
    /** The tie-break: the components (by index into `components`) compared in turn, highest first. */
    tieBreak: z.array(z.number().int().min(0).max(5)).max(6),
  })
  .strict()
  .superRefine((r, c) => {
    const issue = (path: (string | number)[], en: string, zh: string) => c.addIssue({ code: 'custom', path, ...bilingual(en, zh) });
    const keys = r.components.map((x) => `${x.kind}/${x.source}`);
    keys.forEach((k, i) => keys.indexOf(k) !== i && issue(['components', i], `${k} is listed twice`, `${k} 列了两次`));
    if (r.components.filter((x) => x.kind === 'written').length > 1) issue(['components'], 'at most one written component: the paper that serves the post', '笔试成分至多一个：即该岗位所用的试卷');
    r.tieBreak.forEach((t, i) => {
      if (t >= r.components.length) issue(['tieBreak', i], `there is no component ${t}`, `没有第 ${t} 个成分`);
      else if (r.tieBreak.indexOf(t) !== i) issue(['tieBreak', i], `component ${t} is listed twice`, `成分 ${t} 列了两次`);
    });
    const descending = (b: readonly number[]) => b[0]! >= b[1]! && b[1]! >= b[2]!;
    if (r.compositeBars && !descending(r.compositeBars)) issue(['compositeBars'], 'a smaller field never has a lower bar', '竞争人数较少时的综合成绩线不能低于人数较多时');
    if (r.voteBars && !descending(r.voteBars)) issue(['voteBars'], 'a smaller field never has a lower bar', '竞争人数较少时的得票率线不能低于人数较多时');
  });
export type RankingRules = z.output<typeof rankingRulesSchema>;

/** 001's bars, read as above: 60 / 50 / 40 for a field of 1 / 2 / 3 or more. */
export const PRESET_COMPOSITE_BARS: [number, number, number] = [6000, 5000, 4000];
export const PRESET_VOTE_BARS: [number, number, number] = [6000, 5000, 4000];

/** The weights of the documents, written : interview : evaluation. */
export const WEIGHT_PRESETS = {
  '002': { zh: '笔试 : 面试 : 民主测评 = 3 : 3 : 4（002）', en: 'written : interview : evaluation = 3 : 3 : 4 (002)', weights: { written: 3, interview: 3, evaluation: 4 } },
  '004': { zh: '笔试 30、民主测评 40、面试 30（004）', en: 'written 30, evaluation 40, interview 30 (004)', weights: { written: 30, interview: 30, evaluation: 40 } },
} as const;

/**
 * The preset rules of a post for the components it has (each source given): 002's weights, 001's
 * bars read as above, 002's one-seat shortlist and the same 1 : 3 per seat for several seats, every
 * tie at the cut-off goes forward, and the tie-break (when chosen) written, then interview, then evaluation.
 */
export function presetRules(selectionId: string, post: string, sources: Partial<Record<ComponentKind, string>>, round = 1): RankingRules {
  const components = COMPONENT_KINDS.filter((k) => sources[k] !== undefined).map((k) => ({ kind: k, source: sources[k]!, weight: WEIGHT_PRESETS['002'].weights[k] }));
  return {
    selectionId,
    post,
    round,
    components,
    compositeBars: [...PRESET_COMPOSITE_BARS],
    voteBars: [...PRESET_VOTE_BARS],
    voteBasis: 'weighted',
    shortlist: { oneSeat: 3, perSeat: DEFAULT_PER_SEAT },
    ties: 'all',
    tieBreak: components.map((_, i) => i),
  };
}

/** 1 : N for several seats: the documents lose N; 3, as 002's one-seat rule reads, is the default. */
export const DEFAULT_PER_SEAT = 3;

/** The bar for a field of `size` (1, 2, 3 or more). */
export const barFor = (b: readonly [number, number, number], size: number): number => b[Math.min(Math.max(size, 1), 3) - 1]!;

/** The most that go forward from a field: one seat → `oneSeat`; several → seats × `perSeat`. */
export const shortlistLimit = (r: Pick<RankingRules, 'shortlist'>, seats: number): number => (seats === 1 ? r.shortlist.oneSeat : seats * r.shortlist.perSeat);

export const setRankingRulesSchema = z.object({ rules: rankingRulesSchema }).strict();
export const rankingOfSchema = z.object({ selectionId: selectionIdSchema }).strict();
