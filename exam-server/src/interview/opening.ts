import { ExamError } from '@exam/shared';
import { rooms } from '../context';
import type { Handler } from '../realtime/requests';
import { transact } from '../db/transact';
import { acceptShare } from '../papers/share-vault';
import { appendAudit } from '../audit/log';
import { loadSealedFile } from '../papers/store';
import { openSealed } from '../papers/opening';
import { daySummary, getDay } from './day';

/**
 * The interview questions (题本) are sealed like a paper and opened at the start of the day by k
 * keyholders: each share is checked at entry; the k-th opens them at once, and the tablets get them.
 */
export const enterQuestionsShare: Handler<'interview:enter-share'> = async ({ ctx, device }, { dayId, code, keyholder }) => {
  const day = await getDay(ctx.db, dayId);
  const { file, key } = await loadSealedFile(ctx.db, day.questions_id);
  if (key) throw new ExamError('session-state', 'the interview questions are already open');
  const share = await acceptShare(ctx.vault, day.questions_id, file, code);
  let opened = false;
  try {
    await transact(ctx.db, async (tx) => {
      await appendAudit(tx, 'share.entered', device.id, { dayId, target: 'interview-questions', sealId: file.sealId, index: share.index, keyholder });
      if ((await ctx.vault.indices(day.questions_id)).length >= file.threshold) {
        const o = await openSealed(ctx, tx, day.questions_id, ctx.now());
        await appendAudit(tx, 'interview-questions.opened', device.id, { dayId, sealId: file.sealId, key: o.key, keyCommitment: o.keyCommitment, shares: o.shares });
        ctx.opened.put(day.questions_id, o.content);
        opened = true;
      }
    });
  } catch (err) {
    await ctx.vault.remove(day.questions_id, share.index);
    throw err;
  }
  const entered = await ctx.vault.indices(day.questions_id);
  if (opened) await ctx.vault.clear(day.questions_id);
  const summary = await daySummary(ctx, dayId);
  ctx.io.to([rooms.desk, rooms.day(dayId)]).emit('interview:day', summary);
  for (const r of summary.rooms) ctx.io.to(rooms.panel(dayId, r.room)).emit('interview:room', { dayId, ...r });
  return { index: share.index, entered, threshold: file.threshold, opened };
};

export const dayOverview: Handler<'interview:overview'> = async ({ ctx, socket }, { dayId }) => {
  const summary = await daySummary(ctx, dayId);
  await socket.join(rooms.day(dayId));
  return summary;
};
