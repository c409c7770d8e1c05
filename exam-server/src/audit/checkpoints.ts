import { ExamError, fromBase64, type CheckpointRow, type CheckpointStatement } from '@exam/shared';
import { rooms, type ServerContext } from '../context';
import type { Handler } from '../realtime/requests';
import type { Db } from '../db/database';
import { transact } from '../db/transact';
import { appendAudit } from './log';
import { verifyObjectFast } from '../identity/verify-fast';

async function rowOf(db: Db, seq: number): Promise<CheckpointRow> {
  const c = await db.selectFrom('checkpoints').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
  const cos = await db.selectFrom('cosignatures').select(['supervisor_key', 'signature']).where('seq', '=', seq).orderBy('at').execute();
  return { seq: c.seq, hash: c.hash, phase: c.phase, subject: await subjectOf(db, c.phase), at: c.at, serverSignature: c.server_signature, cosignatures: cos.map((x) => ({ supervisorKey: x.supervisor_key, signature: x.signature })) };
}

/** The label of the session, interview day, selection or evaluation a phase names (`<id>: …`), for screens; null for a phase typed at the desk. */
async function subjectOf(db: Db, phase: string): Promise<string | null> {
  const id = phase.slice(0, Math.max(0, phase.indexOf(': ')));
  if (!id) return null;
  const session = await db.selectFrom('sessions').select('label').where('id', '=', id).executeTakeFirst();
  if (session) return session.label;
  const day = await db.selectFrom('interview_days').select('label').where('id', '=', id).executeTakeFirst();
  if (day) return day.label;
  const selection = await db.selectFrom('selections').select('title').where('id', '=', id).executeTakeFirst();
  if (selection) return selection.title;
  const evaluation = await db.selectFrom('evaluations').select('settings_json').where('id', '=', id).executeTakeFirst();
  return evaluation ? (JSON.parse(evaluation.settings_json) as { title: string }).title : null;
}

/**
 * A checkpoint at the end of a phase: the log's head at that moment (entry `seq` and its hash),
 * signed by the server and then cosigned by each supervisor from their own device, which keeps a
 * copy. A server that later rewrote its log, even re-signing everything with its own key, could
 * not make a kept checkpoint agree.
 */
export async function makeCheckpoint(ctx: ServerContext, phase: string): Promise<CheckpointRow> {
  const seq = await transact(ctx.db, async (tx) => {
    const head = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (!head) throw new ExamError('session-state', 'the log is empty');
    const statement: CheckpointStatement = { seq: head.seq, hash: head.hash, phase };
    const signature = ctx.serverKey.signObject('checkpoint', statement);
    // The checkpoint's time is the time of the entry that logs it (docs/bundle.md step 3 holds them equal).
    const at = ctx.now();
    await tx.insertInto('checkpoints').values({ seq: head.seq, hash: head.hash, phase, at, server_signature: signature }).onConflict((oc) => oc.doNothing()).execute();
    await appendAudit(tx, 'checkpoint.made', 'server', { ...statement, signature }, at);
    return head.seq;
  });
  const row = await rowOf(ctx.db, seq);
  // The end of each phase is also a backup (it reports its own failure; the phase goes on).
  ctx.backups?.write(phase).catch(() => undefined);
  ctx.io.to(rooms.desk).emit('checkpoint:due', row);
  for (const d of ctx.devices.all().filter((x) => x.role === 'supervisor' && x.status === 'admitted')) ctx.io.to(rooms.device(d.id)).emit('checkpoint:due', row);
  return row;
}

export const listCheckpoints: Handler<'checkpoint:list'> = async ({ ctx }) => {
  const seqs = await ctx.db.selectFrom('checkpoints').select('seq').orderBy('seq').execute();
  return { checkpoints: await Promise.all(seqs.map((s) => rowOf(ctx.db, s.seq))) };
};

export const makeCheckpointRequest: Handler<'checkpoint:make'> = ({ ctx }, { phase }) => makeCheckpoint(ctx, phase);

/** A supervisor's cosignature of a checkpoint, from the supervisor's own tablet key. */
export const cosignCheckpoint: Handler<'checkpoint:cosign'> = async ({ ctx, device }, { checkpoint, signature }) => {
  const c = await ctx.db.selectFrom('checkpoints').selectAll().where('seq', '=', checkpoint.seq).executeTakeFirst();
  if (!c) throw new ExamError('not-found', `no checkpoint at entry ${checkpoint.seq}`);
  if (c.hash !== checkpoint.hash || c.phase !== checkpoint.phase) throw new ExamError('conflict', 'this is not the checkpoint the server made at that entry');
  if (!verifyObjectFast(fromBase64(device.public_key), 'checkpoint', checkpoint, fromBase64(signature))) throw new ExamError('signature-invalid', 'the cosignature does not verify');
  await transact(ctx.db, async (tx) => {
    await tx.insertInto('cosignatures').values({ seq: c.seq, supervisor_key: device.public_key, signature, at: ctx.now() }).onConflict((oc) => oc.doNothing()).execute();
    await appendAudit(tx, 'checkpoint.cosigned', device.id, { ...checkpoint, supervisorKey: device.public_key, signature });
  });
  return rowOf(ctx.db, c.seq);
};
