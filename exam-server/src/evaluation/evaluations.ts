import { changed } from '../cluster/changes';
import {
  ExamError,
  ballotKeyPair,
  ballotKeysHash,
  ballotTracker,
  evaluationBoardHash,
  canonicalize,
  checkpointPhase,
  countEvaluation,
  decodeBallotCode,
  evaluationSettingsSchema,
  toBase64,
  type Ballot,
  type EvaluationSettings,
  type EvaluationStatus,
} from '@exam/shared';
import type { ServerContext } from '../context';
import type { Db, Tx } from '../db/database';
import type { EvaluationsTable } from '../db/schema/selections';
import type { Handler } from '../realtime/requests';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { findSelection } from '../selections/store';
import { assertAdmitted, assertRecommendationPosts } from '../selections/persons';
import { makeCheckpoint } from '../audit/checkpoints';
import { forgetOpenForm, openForm, prepareBallotTexts } from './casting';
import { forgetPaper, paperStatus } from './paper';

/**
 * Democratic evaluation on the server (docs/protocol.md §24). The settings and the committed key
 * lists go on the log before any ballot exists. Ballots never do: a booth's ballot is checked
 * (signed by a committed key of its group, that key unspent, the ballot fitting the form) and kept
 * in the ballot store alone; the log records the opening and the close, whose board hash commits
 * to every ballot.
 */

export async function loadEvaluation(db: Db | Tx, id: string): Promise<EvaluationsTable> {
  const e = await db.selectFrom('evaluations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!e) throw new ExamError('not-found', `no evaluation ${id}`);
  return e;
}
export const settingsOf = (e: EvaluationsTable) => evaluationSettingsSchema.parse(JSON.parse(e.settings_json));

/** The organiser's decision on an evaluation under its minimum turnout (`rerun` or `committee`), or null while none is recorded. */
export const decisionOfEvaluation = (e: Pick<EvaluationsTable, 'decision_json'>): EvaluationStatus['decision'] => (e.decision_json ? (JSON.parse(e.decision_json) as EvaluationStatus['decision']) : null);

/**
 * An evaluation's ballots, by key: while it is open (or being closed) from the ballot store; once
 * closed from its board in the database, written at the close.
 */
export async function ballotsOf(ctx: ServerContext, e: EvaluationsTable, db: Db | Tx = ctx.db): Promise<Array<{ ballot: Ballot; signature: string }>> {
  const rows = e.state === 'closed' ? (await db.selectFrom('evaluation_board').select(['ballot_json', 'signature']).where('evaluation_id', '=', e.id).orderBy('key').execute()).map((r) => ({ ballotJson: r.ballot_json, signature: r.signature })) : await ctx.ballots.all(e.id);
  return rows.map((b) => ({ ballot: JSON.parse(b.ballotJson) as Ballot, signature: b.signature }));
}

/**
 * After a restart: a closed evaluation whose ballots are still in the ballot store (the server
 * stopped between the close's commit and the store's clean-up) has them removed there now.
 */
export async function settleClosedBallots(ctx: ServerContext): Promise<void> {
  for (const e of await ctx.db.selectFrom('evaluations').select('id').where('state', '=', 'closed').execute()) if (await ctx.ballots.holdsAny(e.id)) await ctx.ballots.forget(e.id);
}

async function statusOf(ctx: ServerContext, e: EvaluationsTable): Promise<EvaluationStatus> {
  const s = settingsOf(e);
  const committed = await ctx.db.selectFrom('evaluation_keys').select(['group_id', (eb) => eb.fn.countAll<number>().as('n')]).where('evaluation_id', '=', e.id).groupBy('group_id').execute();
  const closedBallots = e.state === 'closed' ? (await ballotsOf(ctx, e)).map((b) => b.ballot) : null;
  const cast = closedBallots ? Object.fromEntries(s.groups.map((g) => [g.id, closedBallots.filter((b) => b.group === g.id).length])) : await ctx.ballots.countByGroup(e.id);
  const close = e.close_json ? (JSON.parse(e.close_json) as { handedOut: Record<string, number>; missing: Record<string, number>; unused: string[]; boardHash: string }) : null;
  return {
    id: e.id,
    selectionId: e.selection_id,
    title: s.title,
    state: e.state,
    settings: s,
    groups: s.groups.map((g) => ({ id: g.id, name: g.name, entitled: g.entitled, committed: Number(committed.find((c) => c.group_id === g.id)?.n ?? 0), cast: cast[g.id] ?? 0 })),
    count: closedBallots ? countEvaluation(s, closedBallots) : null,
    close: close ? { handedOut: close.handedOut, missing: close.missing, unused: close.unused.length, boardHash: close.boardHash } : null,
    ...(await paperStatus(ctx, e.id)),
    decision: decisionOfEvaluation(e),
  };
}

/**
 * Sets up an evaluation: its settings and, for each group, the key list made offline, at least as
 * many keys as voters entitled, no key in two groups. All of it on the log, before any ballot.
 */
export const createEvaluation: Handler<'organiser:create-evaluation'> = async ({ ctx, device }, { settings, lists }) => {
  await findSelection(ctx.db, settings.selectionId);
  const groups = new Set(settings.groups.map((g) => g.id));
  for (const l of lists) {
    if (l.evaluationId !== settings.id) throw new ExamError('bad-request', `the key list of ${l.group} was made for evaluation ${l.evaluationId}, not ${settings.id}`);
    if (!groups.has(l.group)) throw new ExamError('bad-request', `the key list names a group ${l.group} the settings do not have`);
  }
  for (const g of settings.groups) {
    const l = lists.filter((x) => x.group === g.id);
    if (l.length !== 1) throw new ExamError('bad-request', `group ${g.id} needs exactly one key list (it has ${l.length})`);
    if (l[0]!.keys.length < g.entitled) throw new ExamError('bad-request', `group ${g.id} has ${l[0]!.keys.length} cards for ${g.entitled} entitled`);
  }
  const all = lists.flatMap((l) => l.keys);
  if (new Set(all).size !== all.length) throw new ExamError('bad-request', 'a key is listed twice');
  await transact(ctx.db, async (tx) => {
    if (await tx.selectFrom('evaluations').select('id').where('id', '=', settings.id).executeTakeFirst()) throw new ExamError('conflict', `there is already an evaluation ${settings.id}`, [{ path: 'settings.id', message: `there is already an evaluation ${settings.id}: give the new one another id (its cards are made for that id)`, zh: `已有编号为 ${settings.id} 的测评：新的测评须用另一个编号（并用该编号生成测评卡）` }]);
    // The persons rated are the selection's, by admission number and registered name; the posts recommended for are its posts
    // (read in the transaction that writes, so that no abandoned draw or new post comes between).
    await assertAdmitted(tx, settings.selectionId, settings.candidates.map((c, i) => ({ ref: c.ref, name: c.name, at: `settings.candidates.${i}` })));
    await assertRecommendationPosts(tx, settings);
    const now = ctx.now();
    await tx.insertInto('evaluations').values({ id: settings.id, selection_id: settings.selectionId, settings_json: canonicalize(settings), state: 'setup', created_at: now, close_json: null, decision_json: null }).execute();
    for (const l of lists) for (const k of [...l.keys].sort()) await tx.insertInto('evaluation_keys').values({ evaluation_id: settings.id, group_id: l.group, public_key: k }).execute();
    const logged = lists.map((l) => ({ group: l.group, count: l.keys.length, hash: ballotKeysHash(settings.id, l.group, l.keys), keys: [...l.keys].sort() }));
    await appendAudit(tx, 'evaluation.created', device.id, { evaluationId: settings.id, selectionId: settings.selectionId, settings, lists: logged }, now);
  });
  // The signature threads started and the ballots' buffers made ready now, while the booths are set up, not when the first voters cast.
  void ctx.verifier().warm().catch(() => undefined);
  prepareBallotTexts(ctx);
  return statusOf(ctx, await loadEvaluation(ctx.db, settings.id));
};

/** Opens voting: from now on the booths take ballots. */
export const openEvaluation: Handler<'organiser:open-evaluation'> = async ({ ctx, device }, { evaluationId }) => {
  await transact(ctx.db, async (tx) => {
    const e = await loadEvaluation(tx, evaluationId);
    if (e.state !== 'setup') throw new ExamError('session-state', `evaluation ${evaluationId} is ${e.state}`);
    await tx.updateTable('evaluations').set({ state: 'open' }).where('id', '=', evaluationId).execute();
    await changed(tx, { k: 'evaluation', id: evaluationId });
    await appendAudit(tx, 'evaluation.opened', device.id, { evaluationId }, ctx.now());
  });
  // The form the booths' ballots are checked against, made now, while the voters sit down.
  void openForm(ctx, evaluationId).catch(() => undefined);
  return statusOf(ctx, await loadEvaluation(ctx.db, evaluationId));
};

/**
 * The close: the supervisors' figures per group (cards handed out, cards missing) and the unused
 * cards' codes. For every group, ballots ≤ cards handed out and used + unused + missing = committed;
 * otherwise the close is refused, saying where it does not add up. Then the ballot store is rewritten
 * in key order and the board's hash goes on the log.
 */
export const closeEvaluation: Handler<'organiser:close-evaluation'> = async ({ ctx, device }, { evaluationId, handedOut, missing, unused }) => {
  const e = await loadEvaluation(ctx.db, evaluationId);
  if (e.state !== 'open') throw new ExamError('session-state', `evaluation ${evaluationId} is ${e.state}`);
  // No ballot is taken from here on, and every one taken is on disk before the board is made.
  forgetOpenForm(ctx, evaluationId);
  await ctx.ballots.stop(evaluationId);
  // Paper ballots entered by one teller only are not ballots: their cards are accounted for like any other.
  await forgetPaper(ctx, evaluationId);
  try {
    return await closeStopped(ctx, device.id, e, handedOut, missing, unused);
  } catch (err) {
    ctx.ballots.resume(evaluationId);
    throw err;
  }
};

async function closeStopped(ctx: ServerContext, actor: string, e: EvaluationsTable, handedOut: Record<string, number>, missing: Record<string, number>, unused: string[]): Promise<EvaluationStatus> {
  const evaluationId = e.id;
  const s: EvaluationSettings = settingsOf(e);
  // The figures name the evaluation's groups and no other: they go on the log and into the board's hash as given.
  for (const [field, figures] of [['handedOut', handedOut], ['missing', missing]] as const) {
    const stranger = Object.keys(figures).find((g) => !s.groups.some((x) => x.id === g));
    if (stranger !== undefined) throw new ExamError('bad-request', `${field} names ${stranger}, which is not a group of this evaluation`, [{ path: `${field}.${stranger}`, message: `${stranger} is not a group of this evaluation`, zh: `“${stranger}”不是本次测评的测评组` }]);
  }
  const keys = await ctx.db.selectFrom('evaluation_keys').select(['group_id', 'public_key']).where('evaluation_id', '=', evaluationId).execute();
  const groupOf = new Map(keys.map((k) => [k.public_key, k.group_id]));
  await transact(ctx.db, async (tx) => {
    // The box is read inside the close's transaction: on PostgreSQL it holds the write lock, which every
    // batch of ballots takes too, so whichever process took a ballot, it is on this board or refused
    // (ballot-store-postgres.ts). Closed meanwhile by another process: that close stands.
    if ((await tx.selectFrom('evaluations').select('state').where('id', '=', evaluationId).executeTakeFirstOrThrow()).state !== 'open') throw new ExamError('session-state', `evaluation ${evaluationId} is closed`);
    const ballots = await ctx.ballots.all(evaluationId);
    const used = new Set(ballots.map((b) => b.key));
    const unusedKeys: string[] = [];
    for (const typed of unused) {
      const d = decodeBallotCode(typed);
      if (!d.ok) throw new ExamError('bad-request', `an unused card’s code does not read: ${d.message}`, [{ path: 'unused', message: `the unused card “${typed.slice(0, 12)}…” does not read: ${d.message}`, zh: `未用测评码“${typed.slice(0, 12)}…”无法识别（长度或校验位不符），请逐位核对` }]);
      const k = toBase64(ballotKeyPair(d.payload).publicKey);
      if (!groupOf.has(k)) throw new ExamError('bad-request', `card ${d.code.slice(0, 5)}… is not one of the evaluation’s cards`, [{ path: 'unused', message: `card ${d.code.slice(0, 5)}… is not one of this evaluation’s cards`, zh: `测评码 ${d.code.slice(0, 5)}… 不是本次测评的测评码` }]);
      if (used.has(k)) throw new ExamError('conflict', `card ${d.code.slice(0, 5)}… has voted: it is not unused`, [{ path: 'unused', message: `card ${d.code.slice(0, 5)}… has voted: it is not unused`, zh: `测评码 ${d.code.slice(0, 5)}… 已投票，不是未用的测评码` }]);
      if (!unusedKeys.includes(k)) unusedKeys.push(k);
    }
    const cast: Record<string, number> = {};
    for (const g of s.groups) {
      const committed = keys.filter((k) => k.group_id === g.id).length;
      const c = ballots.filter((b) => groupOf.get(b.key) === g.id).length;
      const u = unusedKeys.filter((k) => groupOf.get(k) === g.id).length;
      const m = missing[g.id] ?? 0;
      const h = handedOut[g.id];
      // Each refusal names the group and its figures in both languages: the organiser corrects that row.
      if (h === undefined) throw new ExamError('bad-request', `how many cards of ${g.name} were handed out?`, [{ path: 'handedOut', message: `${g.name}: how many cards were handed out?`, zh: `请填写“${g.name}”组发出的测评码张数` }]);
      if (c > h) throw new ExamError('conflict', `${g.name}: ${c} ballots, more than the ${h} cards handed out`, [{ path: 'handedOut', message: `${g.name}: ${c} ballots, more than the ${h} cards handed out`, zh: `“${g.name}”组选票 ${c} 张，多于发出的 ${h} 张` }]);
      if (c + u + m !== committed) throw new ExamError('conflict', `${g.name}: ${c} used + ${u} unused + ${m} missing is not the ${committed} cards made`, [{ path: 'missing', message: `${g.name}: ${c} used + ${u} unused + ${m} missing is not the ${committed} cards made`, zh: `“${g.name}”组已用 ${c} + 未用 ${u} + 缺失 ${m}，不等于制作的 ${committed} 张` }]);
      cast[g.id] = c;
    }
    const hash = evaluationBoardHash(evaluationId, ballots.map((b) => ({ ballot: JSON.parse(b.ballotJson) as Ballot, signature: b.signature })), unusedKeys, missing);
    // The board goes into the database with the close, in key order (ballots.all gives them so), at once.
    for (const b of ballots) await tx.insertInto('evaluation_board').values({ evaluation_id: evaluationId, key: b.key, ballot_json: b.ballotJson, signature: b.signature }).execute();
    await tx.updateTable('evaluations').set({ state: 'closed', close_json: JSON.stringify({ handedOut, missing, unused: [...unusedKeys].sort(), boardHash: hash }) }).where('id', '=', evaluationId).execute();
    await changed(tx, { k: 'evaluation', id: evaluationId });
    await appendAudit(tx, 'evaluation.closed', actor, { evaluationId, handedOut, missing, unused: [...unusedKeys].sort(), cast, boardHash: hash }, ctx.now());
  });
  // The ballot store forgets them, and is written afresh: it holds only the ballots of evaluations still open.
  await ctx.ballots.forget(evaluationId);
  // The close is a checkpoint: the supervisors cosign it from their tablets, so the board's hash on the log is witnessed.
  await makeCheckpoint(ctx, checkpointPhase(evaluationId, 'evaluation closed'));
  return statusOf(ctx, await loadEvaluation(ctx.db, evaluationId));
}

/**
 * An evaluation under the minimum turnout is marked invalid; the organiser decides — run it again
 * (a new evaluation with new cards) or record the committee's decision to let it stand — once, with
 * the reason, on the log.
 */
export const decideEvaluation: Handler<'organiser:decide-evaluation'> = async ({ ctx, device }, { evaluationId, decision, reason }) => {
  await transact(ctx.db, async (tx) => {
    const e = await loadEvaluation(tx, evaluationId);
    if (e.state !== 'closed') throw new ExamError('session-state', 'the turnout is decided on once the evaluation is closed');
    if (countEvaluation(settingsOf(e), (await ballotsOf(ctx, e, tx)).map((b) => b.ballot)).valid) throw new ExamError('conflict', 'the evaluation reached the minimum turnout: there is nothing to decide');
    if (e.decision_json) throw new ExamError('conflict', 'the decision on this evaluation has been recorded already');
    await tx.updateTable('evaluations').set({ decision_json: JSON.stringify({ decision, reason }) }).where('id', '=', evaluationId).execute();
    await changed(tx, { k: 'evaluation', id: evaluationId });
    await appendAudit(tx, 'evaluation.decided', device.id, { evaluationId, decision, reason }, ctx.now());
  });
  return statusOf(ctx, await loadEvaluation(ctx.db, evaluationId));
};

/** Every evaluation of the venue, oldest first: what the supervisors' tablets follow. */
export const evaluationList: Handler<'evaluation:list'> = async ({ ctx }) => ({
  evaluations: (await ctx.db.selectFrom('evaluations').selectAll().orderBy('created_at').orderBy('id').execute()).map((e) => ({ id: e.id, selectionId: e.selection_id, title: settingsOf(e).title, state: e.state })),
});

export const evaluationStatus: Handler<'evaluation:status'> = async ({ ctx }, { evaluationId }) => statusOf(ctx, await loadEvaluation(ctx.db, evaluationId));

/** The published board, once closed: the settings, the committed lists, every ballot with its signature (by key), the unused keys, the missing cards, the count. */
export async function evaluationBoard(ctx: ServerContext, evaluationId: string) {
  const e = await loadEvaluation(ctx.db, evaluationId);
  if (e.state !== 'closed') throw new ExamError('not-found', 'the board is published at the close');
  const close = JSON.parse(e.close_json!) as { handedOut: Record<string, number>; missing: Record<string, number>; unused: string[]; boardHash: string };
  const s = settingsOf(e);
  const keys = await ctx.db.selectFrom('evaluation_keys').select(['group_id', 'public_key']).where('evaluation_id', '=', evaluationId).orderBy('public_key').execute();
  const ballots = await ballotsOf(ctx, e);
  const decided = decisionOfEvaluation(e);
  return {
    settings: s,
    lists: s.groups.map((g) => ({ group: g.id, keys: keys.filter((k) => k.group_id === g.id).map((k) => k.public_key) })),
    ballots,
    unused: close.unused,
    missing: close.missing,
    handedOut: close.handedOut,
    boardHash: close.boardHash,
    count: countEvaluation(s, ballots.map((b) => b.ballot)),
    decision: decided,
    /** With the tracker setting on, each ballot's tracker, in the ballots' order, for voters to look theirs up. */
    ...(s.tracker ? { trackers: ballots.map((b) => ballotTracker(b.ballot)) } : {}),
  };
}

/** The board is public once the evaluation is closed: `GET /api/evaluations/:id/board`. */
export function mountEvaluationBoard(app: import('hono').Hono, ctx: () => ServerContext): void {
  app.get('/api/evaluations/:id/board', async (c) => {
    const id = c.req.param('id');
    if (!/^[a-z0-9-]{1,40}$/.test(id)) throw new ExamError('not-found', 'no such evaluation');
    return c.json(await evaluationBoard(ctx(), id));
  });
}
