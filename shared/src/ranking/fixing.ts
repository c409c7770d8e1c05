import { canonicalize } from '../encoding/canonical';
import type { RankingRules } from './rules';

/**
 * When a post's rules become fixed (docs/protocol.md §25): at the first log entry where a component
 * they name begins (or is seen under way: UNDER_WAY_TYPES) — a session of the selection sitting the paper starts (`exam.started`), the
 * interview day's questions open (`interview-questions.opened`), the evaluation opens
 * (`evaluation.opened`). The server refuses rules set after that; a verifier fails them. A later
 * round reuses earlier components, already known: it is fixed by the components it adds, and must add one.
 */

/** The log's entries this needs (any entry may be given: the rest are skipped). */
export interface LogLike {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

/** The types of entry that begin a component, or tie one to a selection. */
export const BEGIN_TYPES = ['session.created', 'exam.started', 'interview.day-created', 'interview-questions.opened', 'evaluation.created', 'evaluation.opened'] as const;

/**
 * Entries that show a component under way, which the server writes only after the entry that begins
 * it (a hand-in, a close, a mark; a candidate called into the interview room, a score sheet; the
 * evaluation's close): a component has begun at the first of these too. A log whose begin entry comes
 * later — written late, so that rules set meanwhile would seem set before anything began — does not
 * move the beginning past what had already happened. On an honest log they change nothing, and the
 * server reads only BEGIN_TYPES.
 */
export const UNDER_WAY_TYPES = ['candidate.submitted', 'exam.closed', 'marks.objective', 'answer-key.opened', 'mark.recorded', 'candidate.called', 'score.signed', 'evaluation.closed'] as const;

export const componentKey = (c: { kind: string; source: string }): string => `${c.kind}/${c.source}`;

/** Each component of the selection that has begun, `kind/source` → the seq of the entry where it began (the first). */
const under = new Set<string>(UNDER_WAY_TYPES);

export function componentBegins(selectionId: string, log: Iterable<LogLike>): Map<string, number> {
  const paperOf = new Map<string, string>();
  const days = new Set<string>();
  const evaluations = new Set<string>();
  const begins = new Map<string, number>();
  const begin = (key: string, seq: number) => {
    if (!begins.has(key)) begins.set(key, seq);
  };
  for (const e of log) {
    const p = e.payload;
    if (e.type === 'session.created' && p.selectionId === selectionId && typeof p.paper === 'string') paperOf.set(p.sessionId as string, p.paper);
    else if ((e.type === 'exam.started' || under.has(e.type)) && paperOf.has(p.sessionId as string)) begin(`written/${paperOf.get(p.sessionId as string)}`, e.seq);
    else if (e.type === 'interview.day-created' && p.selectionId === selectionId) days.add(p.dayId as string);
    else if ((e.type === 'interview-questions.opened' || under.has(e.type)) && days.has(p.dayId as string)) begin(`interview/${p.dayId as string}`, e.seq);
    else if (e.type === 'evaluation.created' && p.selectionId === selectionId) evaluations.add(p.evaluationId as string);
    else if ((e.type === 'evaluation.opened' || under.has(e.type)) && evaluations.has(p.evaluationId as string)) begin(`evaluation/${p.evaluationId as string}`, e.seq);
  }
  return begins;
}

/** The components these rules are fixed by: all of round 1's; for a later round, those no earlier round of the post named. */
export function fixingComponents(rules: RankingRules, earlier: readonly RankingRules[]): RankingRules['components'] {
  const before = new Set(earlier.filter((r) => r.post === rules.post && r.round < rules.round).flatMap((r) => r.components.map(componentKey)));
  return rules.components.filter((c) => !before.has(componentKey(c)));
}

/** The first begun component among those that fix the rules, with the seq where it began; null while they may still change. */
export function fixedBy(rules: RankingRules, earlier: readonly RankingRules[], begins: ReadonlyMap<string, number>): { component: string; seq: number } | null {
  let first: { component: string; seq: number } | null = null;
  for (const c of fixingComponents(rules, earlier)) {
    const seq = begins.get(componentKey(c));
    if (seq !== undefined && (first === null || seq < first.seq)) first = { component: componentKey(c), seq };
  }
  return first;
}

/**
 * What fixes a change of a post's rules for a round: the first begun component among those that fix
 * the new rules or the rules in force they replace — rules that leave out a component that has begun
 * change fixed rules as much as rules that change it. Null while the change is free.
 */
export function changeFixedBy(next: RankingRules, previous: RankingRules | undefined, earlier: readonly RankingRules[], begins: ReadonlyMap<string, number>): { component: string; seq: number } | null {
  const a = fixedBy(next, earlier, begins);
  const b = previous ? fixedBy(previous, earlier, begins) : null;
  return a && b ? (a.seq <= b.seq ? a : b) : (a ?? b);
}

/**
 * Whether `next` differs from `previous` — the rules in force for the same post and round — only by
 * evaluations run again: every member the same, every component the same in its place but for
 * evaluation components of this round's own (not named by an earlier round of the post) whose
 * evaluation was decided `rerun` (§24), each replaced, at the same
 * weight, by an evaluation that has not begun (the one run again, named before it opens). Such a
 * change is allowed when the rules are fixed (docs/protocol.md §25): the evaluation it replaces will
 * never stand, so without it the post's ranking could never be complete.
 */
export function isRerunSwap(previous: RankingRules | undefined, next: RankingRules, earlier: readonly RankingRules[], rerun: ReadonlySet<string>, begins: ReadonlyMap<string, number>): boolean {
  if (!previous) return false;
  // Only a component this round adds: one an earlier round names is that round's too, and stays there.
  const own = new Set(fixingComponents(previous, earlier).map(componentKey));
  const { components: before, ...restBefore } = previous;
  const { components: after, ...restAfter } = next;
  if (canonicalize(restBefore) !== canonicalize(restAfter) || before.length !== after.length) return false;
  let swapped = 0;
  for (const [i, a] of before.entries()) {
    const b = after[i]!;
    if (a.kind === b.kind && a.source === b.source && a.weight === b.weight) continue;
    if (a.kind !== 'evaluation' || b.kind !== 'evaluation' || a.weight !== b.weight) return false;
    if (!own.has(componentKey(a)) || !rerun.has(a.source) || rerun.has(b.source) || begins.has(componentKey(b))) return false;
    swapped++;
  }
  return swapped > 0;
}
