import { z } from 'zod';
import { reasonSchema } from '../events/common';
import { postIdSchema, selectionIdSchema } from '../selection/selection';
import { deferredAcceptance } from './matching';
import type { PostRanking, VacancyRule } from './shortlist';

/**
 * The committee's decision (党组决定, docs/protocol.md §25): for each post, the people it proposes
 * from the post's final shortlist, in its order, and those it does not propose, each with the
 * reason (组织考察 may find someone unsuitable). A person proposed for both of their posts is placed
 * by their registered preference with candidate-proposing deferred acceptance (matching.ts), so the
 * result does not depend on the order the posts are taken in; the post they leave takes the next
 * person it proposed. Appointees serve a probation (002: one year).
 */
const registrationIdSchema = z.string().regex(/^r-[0-9a-f]{16}$/);

export const committeeDecisionSchema = z
  .object({
    selectionId: selectionIdSchema,
    /** The meeting that decided (e.g. 2026 年 12 月 1 日党组会议). */
    meeting: z.string().trim().min(2).max(200),
    posts: z
      .array(
        z
          .object({
            post: postIdSchema,
            proposed: z.array(registrationIdSchema).max(200),
            notProposed: z.array(z.object({ registrationId: registrationIdSchema, reason: reasonSchema }).strict()).max(200),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    /** 试用期 in months: 002's one year is the preset. */
    probationMonths: z.number().int().min(1).max(36),
  })
  .strict();
export type CommitteeDecision = z.output<typeof committeeDecisionSchema>;
export const decideAppointmentsSchema = z.object({ decision: committeeDecisionSchema }).strict();
export const DEFAULT_PROBATION_MONTHS = 12;

/** Why seats stay vacant at the decision: a ranking's rule, or the decision's own. */
export type DecisionVacancyRule = VacancyRule | 'not-proposed' | 'taken-elsewhere';
export const DECISION_VACANCY_NAMES: Record<'not-proposed' | 'taken-elsewhere', { zh: string; en: string }> = {
  'not-proposed': { zh: '党组提名人选少于职数', en: 'the committee proposed fewer than the seats' },
  'taken-elsewhere': { zh: '所提人选按本人志愿任用到其他职位', en: 'those proposed were appointed to posts they preferred' },
};

/**
 * What of a decision goes on the public log (`ranking.decided`): who is proposed, in what order, and
 * who is not — not why (a reason about a named person stays with the organiser and the supervisors).
 */
export interface LoggedDecision {
  selectionId: string;
  meeting: string;
  posts: Array<{ post: string; proposed: string[]; notProposed: string[] }>;
  probationMonths: number;
}
export const loggedDecisionSchema = z
  .object({
    selectionId: selectionIdSchema,
    meeting: z.string(),
    posts: z.array(z.object({ post: postIdSchema, proposed: z.array(registrationIdSchema), notProposed: z.array(registrationIdSchema) }).strict()),
    probationMonths: z.number().int().min(1).max(36),
  })
  .strict();
export const loggedDecision = (d: CommitteeDecision): LoggedDecision => ({
  selectionId: d.selectionId,
  meeting: d.meeting,
  posts: d.posts.map((p) => ({ post: p.post, proposed: [...p.proposed], notProposed: p.notProposed.map((x) => x.registrationId) })),
  probationMonths: d.probationMonths,
});

export interface AppointmentResult {
  /** Per post: who is appointed, and each seat left vacant with the rule that left it (the ranking's first, then too few proposed, then those proposed gone to posts they preferred). */
  posts: Array<{ post: string; seats: number; appointed: string[]; vacancies: Array<{ seats: number; rule: DecisionVacancyRule }> }>;
}

/**
 * What is wrong with a decision against the final rankings (the last round of every post that has
 * rankings), if anything: every such post once, complete, and for each its shortlist split exactly
 * into those proposed and those not.
 */
export function decisionProblems(d: LoggedDecision, finals: readonly PostRanking[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of d.posts) {
    if (seen.has(p.post)) problems.push(`post ${p.post} is decided twice`);
    seen.add(p.post);
    const f = finals.find((x) => x.post === p.post);
    if (!f) {
      problems.push(`post ${p.post} has no ranking`);
      continue;
    }
    if (!f.complete) problems.push(`the ranking of ${p.post} is not complete`);
    const named = [...p.proposed, ...p.notProposed];
    if (new Set(named).size !== named.length) problems.push(`post ${p.post} names someone twice`);
    const short = new Set(f.shortlist);
    for (const r of named) if (!short.has(r)) problems.push(`${r} is not on the shortlist of ${p.post}`);
    for (const r of short) if (!named.includes(r)) problems.push(`${r}, on the shortlist of ${p.post}, is neither proposed nor given a reason`);
  }
  for (const f of finals) if (!seen.has(f.post)) problems.push(`post ${f.post} is not decided`);
  return problems;
}

/** The appointments a valid decision gives: deferred acceptance over the posts' proposals and each person's preference. */
export function appointmentsOf(d: LoggedDecision, finals: readonly PostRanking[], preference: (registrationId: string) => readonly string[]): AppointmentResult {
  const seatsOf = (post: string) => finals.find((f) => f.post === post)!.seats;
  const m = deferredAcceptance(
    d.posts.map((p) => ({ post: p.post, seats: seatsOf(p.post), order: p.proposed })),
    preference,
  );
  return {
    posts: [...d.posts]
      .sort((a, b) => (a.post < b.post ? -1 : 1))
      .map((p) => {
        const f = finals.find((x) => x.post === p.post)!;
        const appointed = m.appointed.get(p.post) ?? [];
        const byRanking = f.vacancies?.seats ?? 0;
        const open = f.seats - byRanking;
        const notProposed = Math.max(0, open - p.proposed.length);
        const takenElsewhere = Math.min(open, p.proposed.length) - appointed.length;
        const vacancies: Array<{ seats: number; rule: DecisionVacancyRule }> = [];
        if (byRanking > 0) vacancies.push({ seats: byRanking, rule: f.vacancies!.rule });
        if (notProposed > 0) vacancies.push({ seats: notProposed, rule: 'not-proposed' });
        if (takenElsewhere > 0) vacancies.push({ seats: takenElsewhere, rule: 'taken-elsewhere' });
        return { post: p.post, seats: f.seats, appointed, vacancies };
      }),
  };
}

/** The final ranking of each post: its last round. */
export function finalRankings(rankings: readonly PostRanking[]): PostRanking[] {
  const last = new Map<string, PostRanking>();
  for (const r of rankings) if ((last.get(r.post)?.round ?? 0) < r.round) last.set(r.post, r);
  return [...last.values()];
}
