import { ExamError, ballotProblems, ballotText, type Ballot, type EvaluationSettings } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import { VerifySoon } from '../identity/verify-soon';
import { loadEvaluation, settingsOf } from './evaluations';

/**
 * Casting (docs/protocol.md §24): what a booth shows, which card a code is, and the ballot itself.
 * Nothing about a ballot is logged or printed; it is kept in the ballot store alone.
 */

/** What a booth (or a teller's station) shows: the form of every open evaluation. */
export const boothEvaluations: Handler<'booth:evaluations'> = async ({ ctx }) => ({
  evaluations: (await ctx.db.selectFrom('evaluations').selectAll().where('state', '=', 'open').orderBy('created_at').execute()).map(settingsOf),
});

/**
 * Each open evaluation's form and card keys, kept in memory while it is open: a booth's ballot is
 * checked without reading the database. Made at the opening and when the server starts with it
 * open (or else on its first ballot), from the database; dropped when the close begins.
 */
const openForms = new WeakMap<ServerContext, Map<string, { settings: EvaluationSettings; groupOf: Map<string, string> }>>();
export async function openForm(ctx: ServerContext, evaluationId: string) {
  let forms = openForms.get(ctx);
  if (!forms) openForms.set(ctx, (forms = new Map()));
  const known = forms.get(evaluationId);
  if (known) return known;
  const e = await loadEvaluation(ctx.db, evaluationId);
  if (e.state !== 'open') throw new ExamError('session-state', e.state === 'setup' ? 'voting has not opened yet' : 'voting is closed');
  const keys = await ctx.db.selectFrom('evaluation_keys').select(['group_id', 'public_key']).where('evaluation_id', '=', evaluationId).execute();
  const form = { settings: settingsOf(e), groupOf: new Map(keys.map((k) => [k.public_key, k.group_id])) };
  forms.set(evaluationId, form);
  // The threads that check the ballots' signatures started, with the card keys made ready in each, in
  // the background (starting them takes a moment): the first ballots need not wait for either.
  void ctx.verifier().warm([...form.groupOf.keys()]).catch(() => undefined);
  return form;
}
export const forgetOpenForm = (ctx: ServerContext, evaluationId: string) => openForms.get(ctx)?.delete(evaluationId);

/**
 * The threads that check ballots' signatures, started as soon as an evaluation is set up (at its
 * creation, or when the server starts with one set up or open), rather than at its opening: starting
 * them takes about half a second, which the first voters would otherwise wait for. An open
 * evaluation's form is made as well, with its card keys made ready in each thread (openForm).
 */
export async function readyForVoting(ctx: ServerContext): Promise<void> {
  const pending = await ctx.db.selectFrom('evaluations').select(['id', 'state']).where('state', 'in', ['setup', 'open']).execute();
  if (pending.length === 0) return;
  void ctx.verifier().warm().catch(() => undefined);
  prepareBallotTexts(ctx);
  for (const e of pending) if (e.state === 'open') void openForm(ctx, e.id).catch(() => undefined);
}

/**
 * Which open evaluation and group a card's key belongs to, and whether it has voted: the booth asks
 * before the voter rates anyone, so a spent or foreign card is said at once.
 */
export const boothCard: Handler<'booth:card'> = async ({ ctx }, { key }) => {
  const open = await ctx.db.selectFrom('evaluations').select('id').where('state', '=', 'open').orderBy('created_at').execute();
  for (const e of open) {
    const group = (await openForm(ctx, e.id)).groupOf.get(key);
    if (group) return { evaluationId: e.id, group, spent: (await ctx.ballots.get(e.id, key)) !== null };
  }
  // A card of an evaluation not open is said as such — voting not yet opened, or closed — not as a
  // stranger's card: staff who read "not a card of this evaluation" would think the cards wrong.
  const others = await ctx.db.selectFrom('evaluations').select(['id', 'state']).where('state', '!=', 'open').execute();
  for (const e of others) {
    if (await ctx.db.selectFrom('evaluation_keys').select('group_id').where('evaluation_id', '=', e.id).where('public_key', '=', key).executeTakeFirst()) {
      throw e.state === 'setup' ? new ExamError('session-state', 'voting has not opened yet') : new ExamError('session-state', 'voting is closed');
    }
  }
  throw new ExamError('forbidden', 'this code is not a card of an evaluation open for voting');
};

const checks = new WeakMap<ServerContext, VerifySoon>();
const signatureChecks = (ctx: ServerContext) => checks.get(ctx) ?? checks.set(ctx, new VerifySoon(ctx.verifier)).get(ctx)!;

/** The buffers for the ballots' texts (`ctx.ballotTexts`) made ready while the booths are set up, in the background (BallotTexts.prepare). */
export const prepareBallotTexts = (ctx: ServerContext): void => void ctx.ballotTexts.prepare().catch(() => undefined);

/**
 * A ballot's canonical JSON, as text and as UTF-8 in a shared buffer (what the verifying and storing
 * threads read), and what to call once it is stored or refused: the buffer's place is used again.
 */
export interface BallotText {
  json: string;
  utf8: Uint8Array;
  release(): void;
}

/**
 * A ballot, checked as the server takes it: the evaluation open, the key committed for the ballot's
 * group, the ballot fitting the form, signed by its key. Returns its canonical JSON.
 */
export async function checkedBallot(ctx: ServerContext, ballot: Ballot, signature: string): Promise<BallotText> {
  const { settings, groupOf } = await openForm(ctx, ballot.evaluationId);
  const group = groupOf.get(ballot.key);
  if (!group) throw new ExamError('forbidden', 'this code is not one of the evaluation’s cards');
  if (group !== ballot.group) throw new ExamError('forbidden', 'this code belongs to another group');
  const problems = ballotProblems(ballot, settings);
  if (problems.length > 0) throw new ExamError('bad-request', problems[0]!, problems.map((message) => ({ message })));
  // The canonical JSON once: it is what is signed (after the domain tag) and what is stored.
  const json = ballotText(ballot);
  const { utf8, release } = ctx.ballotTexts.keep(json);
  // The pool's answer comes once its thread has read the text: the place may then be used again if the signature fails.
  if (!(await signatureChecks(ctx).check({ type: 'ballot', utf8, publicKey: ballot.key, signature }))) {
    release();
    throw new ExamError('signature-invalid', 'the ballot is not signed by its code');
  }
  return { json, utf8, release };
}

/** Adds a checked ballot: false when its key has another ballot already. The same ballot again is taken as received. */
export async function keepBallot(ctx: ServerContext, ballot: Ballot, { json, utf8 }: BallotText, signature: string): Promise<boolean> {
  if (await ctx.ballots.add(ballot.evaluationId, ballot.key, json, signature, utf8)) return true;
  return (await ctx.ballots.get(ballot.evaluationId, ballot.key))?.ballotJson === json;
}

/**
 * A ballot from a booth: a key spends once — the same ballot again (a retry) is answered as
 * received, a different one is refused.
 */
export const castBallot: Handler<'booth:cast'> = async ({ ctx }, { ballot, signature }) => {
  if (ballot.paper) throw new ExamError('bad-request', 'a booth casts ballots, not paper ballots: tellers enter those');
  const text = await checkedBallot(ctx, ballot, signature);
  try {
    if (await keepBallot(ctx, ballot, text, signature)) return { received: true };
  } finally {
    // Committed (or refused) by the writer: its thread has read the text.
    text.release();
  }
  throw new ExamError('conflict', 'this code has been used: a card votes once');
};
