import { ExamError } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { checkedBallot, keepBallot } from './casting';

/**
 * Paper ballots (docs/protocol.md §24). A paper ballot carries its card's code; two tellers, each on
 * a station of their own, enter it — code and ratings — and the station signs it with the code's key
 * (`paper` true). The first entry waits; the second, from another station, either matches it exactly
 * (the ballot joins the board) or does not (both entries are dropped and the card is listed for the
 * supervisors, who have the paper entered again). Entries wait in memory only (evaluation/paper-entries.ts):
 * they are neither logged nor stored, and a restart loses them — the tellers enter those papers again.
 */
/** What the status shows of the paper count: entries waiting for their second teller, and cards whose entries differed (their key's first eight characters). */
export const paperStatus = (ctx: ServerContext, evaluationId: string) => ctx.paperEntries.status(evaluationId);
/** At the close, entries still waiting are dropped: their cards must be accounted for like any other. */
export const forgetPaper = (ctx: ServerContext, evaluationId: string) => ctx.paperEntries.forget(evaluationId);

export const enterPaperBallot: Handler<'teller:enter'> = async ({ ctx, device }, { ballot, signature }) => {
  if (!ballot.paper) throw new ExamError('bad-request', 'a teller enters paper ballots: the ballot must be marked as paper');
  const text = await checkedBallot(ctx, ballot, signature);
  try {
    if (await ctx.ballots.get(ballot.evaluationId, ballot.key)) throw new ExamError('conflict', 'this card has voted already: give the paper ballot to the supervisors');
    const entry = await ctx.paperEntries.enter(ballot.evaluationId, ballot.key, text.json, device.id);
    if (entry === 'first' || entry === 'same') return { state: 'first' };
    if (entry === 'own-differs') throw new ExamError('conflict', 'this station entered this paper ballot already: the second entry is made by the other teller');
    if (entry === 'mismatch') return { state: 'mismatch' };
    if (!(await keepBallot(ctx, ballot, text, signature))) throw new ExamError('conflict', 'this card has voted already: give the paper ballot to the supervisors');
    await ctx.paperEntries.counted(ballot.evaluationId, ballot.key);
    return { state: 'counted' };
  } finally {
    text.release();
  }
};
