import { ExamError } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { checkedBallot, keepBallot } from './casting';

/**
 * Paper ballots (docs/protocol.md §24). A paper ballot carries its card's code; two tellers, each on
 * a station of their own, enter it — code and ratings — and the station signs it with the code's key
 * (`paper` true). The first entry waits; the second, from another station, either matches it exactly
 * (the ballot joins the board) or does not (both entries are dropped and the card is listed for the
 * supervisors, who have the paper entered again). Entries wait in memory only: they are neither
 * logged nor stored, and a restart loses them — the tellers enter those papers again.
 */
interface Waiting {
  json: string;
  station: string;
}
const waitingOf = new WeakMap<ServerContext, Map<string, { entries: Map<string, Waiting>; mismatches: Set<string> }>>();
function paperOf(ctx: ServerContext, evaluationId: string) {
  let all = waitingOf.get(ctx);
  if (!all) waitingOf.set(ctx, (all = new Map()));
  let p = all.get(evaluationId);
  if (!p) all.set(evaluationId, (p = { entries: new Map(), mismatches: new Set() }));
  return p;
}

/** What the status shows of the paper count: entries waiting for their second teller, and cards whose entries differed (their key's first eight characters). */
export function paperStatus(ctx: ServerContext, evaluationId: string): { paperWaiting: number; mismatches: string[] } {
  const p = waitingOf.get(ctx)?.get(evaluationId);
  return { paperWaiting: p?.entries.size ?? 0, mismatches: [...(p?.mismatches ?? [])].sort() };
}
/** At the close, entries still waiting are dropped: their cards must be accounted for like any other. */
export const forgetPaper = (ctx: ServerContext, evaluationId: string) => waitingOf.get(ctx)?.delete(evaluationId);

export const enterPaperBallot: Handler<'teller:enter'> = async ({ ctx, device }, { ballot, signature }) => {
  if (!ballot.paper) throw new ExamError('bad-request', 'a teller enters paper ballots: the ballot must be marked as paper');
  const json = await checkedBallot(ctx, ballot, signature);
  if (await ctx.ballots.get(ballot.evaluationId, ballot.key)) throw new ExamError('conflict', 'this card has voted already: give the paper ballot to the supervisors');
  const p = paperOf(ctx, ballot.evaluationId);
  const card = ballot.key.slice(0, 8);
  const first = p.entries.get(ballot.key);
  if (!first) {
    p.entries.set(ballot.key, { json, station: device.id });
    return { state: 'first' };
  }
  if (first.station === device.id) {
    if (first.json === json) return { state: 'first' };
    throw new ExamError('conflict', 'this station entered this paper ballot already: the second entry is made by the other teller');
  }
  p.entries.delete(ballot.key);
  if (first.json !== json) {
    p.mismatches.add(card);
    return { state: 'mismatch' };
  }
  if (!(await keepBallot(ctx, ballot, json, signature))) throw new ExamError('conflict', 'this card has voted already: give the paper ballot to the supervisors');
  p.mismatches.delete(card);
  return { state: 'counted' };
};
