import { entryHash } from '../../protocol/audit-entry';
import { short, type VerifyContext } from '../context';
import type { Step } from '../report';
import type { BundleAuditEntry } from '../bundle';
import { checkpointHashProblem, matchesCheckpoint } from '../checkpoint-text';
import { payloadProblems } from '../../protocol/log-entries';

const GENESIS = '0'.repeat(64);

/** Step 3, the checkpoints' signatures: the server's and each cosignature, and the supervisors' own copies. */
export function addCheckpointSignatures(ctx: VerifyContext): void {
  for (const cp of ctx.body.checkpoints) {
    const statement = { seq: cp.seq, hash: cp.hash, phase: cp.phase };
    ctx.addJob(`checkpoint:${cp.seq}:server`, { type: 'checkpoint', object: statement, publicKey: ctx.body.serverKey, signature: cp.serverSignature });
    for (const c of cp.cosignatures) ctx.addJob(`checkpoint:${cp.seq}:${c.supervisorKey}`, { type: 'checkpoint', object: statement, publicKey: c.supervisorKey, signature: c.signature });
  }
  (ctx.kept.checkpoints ?? []).forEach((k, i) => {
    if (k.signature && k.supervisorKey && k.phase) ctx.addJob(`kept:${i}`, { type: 'checkpoint', object: { seq: k.seq, hash: k.hash, phase: k.phase }, publicKey: k.supervisorKey, signature: k.signature });
  });
}

/** Step 3, the chain itself (and each entry's type and members, protocol §11): run while the signatures are checked, since it hashes every entry. */
export function checkChain(ctx: VerifyContext, s: Step): void {
  let prev = GENESIS;
  ctx.body.log.forEach((e, i) => {
    s.check(e.seq === i + 1, () => `第 ${i + 1} 条日志缺失或顺序错乱（此处为第 ${e.seq} 条） · entry ${i + 1} is missing or out of order (found seq ${e.seq})`);
    s.check(e.prev === prev, () => `第 ${e.seq} 条日志（${e.type}）未指向前一条的哈希 · entry ${e.seq} (${e.type}) does not point at the hash of the entry before`);
    const h = entryHash(e);
    s.check(h === e.hash, () => `第 ${e.seq} 条日志（${e.type}）被改动：内容与其哈希不符 · entry ${e.seq} (${e.type}) was altered: its content does not match its hash`);
    const shape = payloadProblems(e.type, e.payload);
    s.check(shape.length === 0, () => `第 ${e.seq} 条日志的内容不符合协议 · entry ${e.seq}: ${shape.join('; ')}`);
    prev = e.hash;
  });
}

/**
 * Step 3, the witnesses: every checkpoint of the bundle names an entry with exactly that hash, is
 * signed by the server, and is one the log recorded (`checkpoint.made`); every cosignature verifies
 * and is one the log recorded (`checkpoint.cosigned`), and none the log recorded is left out; every
 * checkpoint the supervisors kept or wrote down names an entry of this log with that hash.
 */
export function checkWitnesses(ctx: VerifyContext, s: Step): void {
  const { body } = ctx;
  // Each checkpoint.made entry by what it made: the head it names, the phase, and its own time (a checkpoint's `at`).
  const made = new Map<string, BundleAuditEntry[]>();
  for (const e of ctx.logOf('checkpoint.made')) {
    const key = `${String(e.payload['seq'])}|${String(e.payload['hash'])}`;
    made.set(key, [...(made.get(key) ?? []), e]);
  }
  const cosigned = new Set(ctx.logOf('checkpoint.cosigned').map((e) => String(e.payload['signature'])));
  const inBundle = new Set<string>();
  for (const cp of body.checkpoints) {
    s.check(ctx.signed(`checkpoint:${cp.seq}:server`), () => `服务器对第 ${cp.seq} 条处检查点的签名验证不通过 · the server’s signature of the checkpoint at entry ${cp.seq} does not verify`);
    s.check(body.log[cp.seq - 1]?.hash === cp.hash, () => `“${cp.phase}”的检查点所指第 ${cp.seq} 条的哈希与日志不符 · the checkpoint of “${cp.phase}” names entry ${cp.seq} with another hash than the log’s`);
    const entries = made.get(`${cp.seq}|${cp.hash}`) ?? [];
    if (s.check(entries.length > 0, () => `第 ${cp.seq} 条处的检查点从未在日志中生成（没有 checkpoint.made 记录） · the checkpoint at entry ${cp.seq} was never made on the log (no checkpoint.made names it)`)) {
      s.check(entries.some((e) => e.payload['phase'] === cp.phase && e.at === cp.at), () => `第 ${cp.seq} 条处检查点的阶段或时间不是日志记录的（第 ${entries[0]!.seq} 条） · the checkpoint at entry ${cp.seq} has another phase or time than the checkpoint.made that logged it (entry ${entries[0]!.seq})`);
    }
    for (const c of cp.cosignatures) {
      inBundle.add(c.signature);
      s.check(ctx.signed(`checkpoint:${cp.seq}:${c.supervisorKey}`), () => `监督员对第 ${cp.seq} 条处检查点的会签验证不通过 · a supervisor’s cosignature of the checkpoint at entry ${cp.seq} does not verify`);
      s.check(cosigned.has(c.signature), () => `第 ${cp.seq} 条处检查点的一个会签未记入日志 · a cosignature of the checkpoint at entry ${cp.seq} is not on the log`);
    }
  }
  for (const e of ctx.logOf('checkpoint.cosigned')) {
    s.check(inBundle.has(String(e.payload['signature'])), () => `第 ${e.seq} 条日志记录的会签（检查点 ${String(e.payload['seq'])}）在核验包中缺失 · the cosignature logged at entry ${e.seq} (checkpoint ${String(e.payload['seq'])}) is missing from the bundle`);
  }
  // A restore from a backup (`server.restored`) follows exactly the entry the backup ended with.
  const restores = ctx.logOf('server.restored');
  for (const r of restores) {
    const seq = Number(r.payload['seq']);
    s.check(seq === r.seq - 1 && body.log[seq - 1]?.hash === r.payload['head'], () => `第 ${r.seq} 条日志称服务器从截至第 ${seq} 条（${short(String(r.payload['head']))}）的备份恢复，但它并不紧接在该条之后 · entry ${r.seq} says the server was restored from a backup ending at entry ${seq} (${short(String(r.payload['head']))}), but it does not follow that entry`);
  }
  (ctx.kept.checkpoints ?? []).forEach((k, i) => {
    const shape = checkpointHashProblem(k.hash);
    if (!s.check(shape === null, () => `为第 ${k.seq} 条保存的检查点格式有误 · the checkpoint kept for entry ${k.seq}: ${shape}`)) return;
    const e = body.log[k.seq - 1];
    const found = e !== undefined && matchesCheckpoint(e.hash, k.hash);
    // A checkpoint made after a backup on the server that was then lost is not in the restored log:
    // that is reported with the restore (restoreNotes), not called a rewrite.
    const lostInRestore = !found && restores.some((r) => Number(r.payload['seq']) < k.seq);
    s.check(found || lostInRestore, () => `为第 ${k.seq} 条保存的检查点（${short(k.hash)}）不在这份日志中：历史被改写，或当天展示的是另一份日志 · the checkpoint kept for entry ${k.seq} (${short(k.hash)}) is not in this log: the history was rewritten, or another one was shown`);
    if (k.signature && k.supervisorKey && k.phase) s.check(ctx.signed(`kept:${i}`), () => `监督员自己保存的第 ${k.seq} 条处检查点验证不通过 · the supervisor’s own copy of the checkpoint at entry ${k.seq} does not verify`);
  });
}

/**
 * What a restore from a backup means for this log, in Chinese and English: informative, listed
 * beside the steps. Each `server.restored` entry, and each checkpoint the supervisors kept that was
 * made on the lost server after the backup, and so is not in this log.
 */
export function restoreNotes(ctx: VerifyContext): string[] {
  const out: string[] = [];
  const restores = ctx.logOf('server.restored');
  for (const r of restores) {
    const seq = Number(r.payload['seq']);
    const when = Number(r.payload['createdAt']);
    const at = Number.isFinite(when) && Math.abs(when) <= 8.64e15 ? new Date(when).toISOString() : String(r.payload['createdAt']);
    const note = r.payload['note'] ? `（${String(r.payload['note'])}）` : '';
    const noteEn = r.payload['note'] ? ` (${String(r.payload['note'])})` : '';
    out.push(
      `日志第 ${r.seq} 条：服务器从备份 ${String(r.payload['backup'])}（${at}，日志截至第 ${seq} 条）恢复${note}；原服务器在第 ${seq} 条之后记录的内容不在本日志中。 · The server was restored from the backup ${String(r.payload['backup'])} at entry ${r.seq} (the backup of ${at} held the log up to entry ${seq})${noteEn}; what the lost server logged after entry ${seq} is not in this log.`,
    );
  }
  for (const k of ctx.kept.checkpoints ?? []) {
    const e = ctx.body.log[k.seq - 1];
    if (checkpointHashProblem(k.hash) !== null || (e !== undefined && matchesCheckpoint(e.hash, k.hash))) continue;
    const r = restores.find((x) => Number(x.payload['seq']) < k.seq);
    if (r) out.push(`监督员保存的第 ${k.seq} 条检查点（${short(k.hash)}）是在备份之后由原服务器做出的，随第 ${r.seq} 条的恢复而丢失。 · The checkpoint you kept for entry ${k.seq} (${short(k.hash)}) was made by the lost server after the backup and was lost in the restore at entry ${r.seq}.`);
  }
  return out;
}
