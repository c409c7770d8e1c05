import { ExamError, checkpointPhase } from '@exam/shared';
import { changed } from '../cluster/changes';
import { rooms } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { acceptShare } from '../papers/share-vault';
import { appendAudit } from '../audit/log';
import { decryptSealed, loadSealedFile } from '../papers/store';
import { openSealed, rebuildKey } from '../papers/opening';
import { announceSession } from './overview';
import { markObjective } from '../marking/auto';
import { makeCheckpoint } from '../audit/checkpoints';

/**
 * A keyholder enters a share at the desk. It is checked (checksum, seal, commitment) and held in
 * memory; the entry, never the share, goes on the log. The answer key opens as soon as enough
 * shares are in, and only after the exam is closed; the paper waits for the start signal.
 */
export const enterShare: Handler<'desk:enter-share'> = async ({ ctx, device }, { sessionId, target, code, keyholder }) => {
  const live = ctx.live.get(sessionId);
  if (!live) throw new ExamError('not-found', `no session ${sessionId}`);
  const s = live.session;
  if (target === 'paper' && s.state !== 'scheduled') throw new ExamError('session-state', 'the paper is already open');
  if (target === 'answer-key' && s.state !== 'closed') throw new ExamError('session-state', 'the answer key is opened only after the exam is closed');
  const fileId = target === 'paper' ? s.paper_id : s.answer_key_id;
  const otherId = target === 'paper' ? s.answer_key_id : s.paper_id;
  const { file, key } = await loadSealedFile(ctx.db, fileId);
  if (key) throw new ExamError('session-state', `the ${target} is already open`);
  const other = (await loadSealedFile(ctx.db, otherId)).file;
  const share = await acceptShare(ctx.vault, fileId, file, code, other);
  const now = ctx.now();
  let opened = false;
  try {
    await transact(ctx.db, async (tx) => {
      await appendAudit(tx, 'share.entered', device.id, { sessionId, target, sealId: file.sealId, index: share.index, keyholder });
      if (target === 'answer-key' && (await ctx.vault.indices(fileId)).length >= file.threshold) {
        const o = await openSealed(ctx, tx, fileId, now);
        await appendAudit(tx, 'answer-key.opened', device.id, { sessionId, sealId: file.sealId, key: o.key, keyCommitment: o.keyCommitment, shares: o.shares });
        ctx.opened.put(fileId, o.content);
        opened = true;
      }
    });
  } catch (err) {
    // The entry was not recorded: take the share back out so the keyholder can enter it again.
    await ctx.vault.remove(fileId, share.index);
    throw err;
  }
  const entered = await ctx.vault.indices(fileId);
  if (opened) {
    await ctx.vault.clear(fileId);
    await markObjective(ctx, sessionId);
    await makeCheckpoint(ctx, checkpointPhase(sessionId, 'answer key opened, objective marks'));
  }
  await announceSession(ctx, sessionId);
  return { target, index: share.index, entered, threshold: file.threshold, ready: entered.length >= file.threshold, opened };
};

/**
 * The start signal. Never before the scheduled time unless an override with a reason is given
 * (and logged). The key is rebuilt now and checked against the sealed file's commitment, stored
 * and logged, and only the 32-byte key goes to the kiosks, which decrypt (and authenticate) the
 * paper they already hold. The server opens its own copy after the key has gone out, so that no
 * kiosk waits on it.
 */
export const startExam: Handler<'desk:start'> = async ({ ctx, device }, { sessionId, overrideReason }) => {
  const live = ctx.live.get(sessionId);
  if (!live) throw new ExamError('not-found', `no session ${sessionId}`);
  const s = live.session;
  if (s.state !== 'scheduled') throw new ExamError('session-state', 'the exam has already started');
  const now = ctx.now();
  if (now < s.scheduled_start && !overrideReason) {
    throw new ExamError('too-early', `the exam is scheduled for ${new Date(s.scheduled_start).toISOString()}; starting earlier needs an override with a reason`);
  }
  const result = await transact(ctx.db, async (tx) => {
    // A start given a moment ago through another process, not yet heard of here, stands: rebuildKey
    // finds the paper opened (write transactions take turns, docs/postgresql.md) and refuses.
    const o = await rebuildKey(ctx, tx, s.paper_id, now);
    await tx.updateTable('sessions').set({ state: 'running', started_at: now, start_override: overrideReason ?? null }).where('id', '=', sessionId).execute();
    await changed(tx, { k: 'session-row', id: sessionId });
    await appendAudit(tx, 'exam.started', device.id, {
      sessionId,
      startedAt: now,
      scheduledStart: s.scheduled_start,
      override: overrideReason ?? null,
      sealedHash: o.sealedHash,
      key: o.key,
      keyCommitment: o.keyCommitment,
      shares: o.shares,
    });
    return o;
  });
  await ctx.vault.clear(s.paper_id);
  live.session = { ...s, state: 'running', started_at: now, start_override: overrideReason ?? null };
  ctx.io.to(rooms.session(sessionId)).emit('exam:key', { sessionId, key: result.key, startedAt: now });
  ctx.opened.put(s.paper_id, decryptSealed(result.file, result.keyBytes));
  await announceSession(ctx, sessionId);
  await makeCheckpoint(ctx, checkpointPhase(sessionId, 'paper opened'));
  return { startedAt: now, overridden: overrideReason !== undefined && now < s.scheduled_start };
};
