import type { Bundle } from '@exam/shared';

/** What the supervisors wrote at an evaluation's close for one group (docs/bundle.md step 14). */
export interface CloseFigures {
  evaluationId: string;
  group: string;
  handedOut: number;
  missing: number;
  unused: number;
}

/**
 * The figures honest supervisors wrote at each evaluation's close, per group, read here from the
 * log of an honest run: the cards handed out and missing as entered, and the unused cards counted
 * in each group's pile (the unused keys the close logged, by the group whose list holds them).
 */
export function closeFiguresOf(log: Bundle['body']['log']): CloseFigures[] {
  return log
    .filter((e) => e.type === 'evaluation.closed')
    .flatMap((e) => {
      const p = e.payload as { evaluationId: string; handedOut: Record<string, number>; missing: Record<string, number>; unused: string[] };
      const lists = log.find((c) => c.type === 'evaluation.created' && c.payload['evaluationId'] === p.evaluationId)!.payload['lists'] as Array<{ group: string; keys: string[] }>;
      return Object.entries(p.handedOut).map(([group, handedOut]) => {
        const keys = new Set(lists.find((l) => l.group === group)?.keys ?? []);
        return { evaluationId: p.evaluationId, group, handedOut, missing: p.missing[group] ?? 0, unused: p.unused.filter((k) => keys.has(k)).length };
      });
    });
}

/** A group's figures as the sheet has them and `--ballot-close` takes them: `evaluation/group: handed out: missing: unused`. */
export const closeLine = (f: CloseFigures) => `${f.evaluationId}/${f.group}: ${f.handedOut}: ${f.missing}: ${f.unused}`;
