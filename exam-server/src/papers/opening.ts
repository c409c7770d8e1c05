import { ExamError, combineShares, keyCommitment, toBase64, type AnswerKey, type InterviewSet, type Paper } from '@exam/shared';
import type { ServerContext } from '../context';
import type { Tx } from '../db/database';
import { decryptSealed, loadSealedFile } from './store';

/**
 * Rebuilds a sealed file's key from the shares in the vault, checks it against the commitment in
 * the sealed file, decrypts, and records the key (no longer secret once opened) in the caller's
 * transaction. The shares are wiped from memory after the commit (see `ShareVault.clear`).
 */
export async function openSealed(ctx: ServerContext, tx: Tx, fileId: string, now: number): Promise<{ key: string; content: Paper | AnswerKey | InterviewSet; keyCommitment: string; shares: number[] }> {
  const { file, key: stored } = await loadSealedFile(tx, fileId);
  if (stored) throw new ExamError('session-state', `${file.kind} ${file.sealId} is already open`);
  const shares = ctx.vault.shares(fileId);
  if (shares.length < file.threshold) throw new ExamError('not-enough-shares', `${file.threshold} keyholders must enter their shares; ${shares.length} have`);
  const key = await combineShares(shares.slice(0, file.threshold));
  const commitment = keyCommitment(key);
  if (commitment !== file.keyCommitment) throw new ExamError('key-mismatch', 'the shares rebuild a key that does not match the sealed file');
  const content = decryptSealed(file, key);
  const keyB64 = toBase64(key);
  await tx.updateTable('sealed_files').set({ key: keyB64, opened_at: now }).where('id', '=', fileId).execute();
  return { key: keyB64, content, keyCommitment: commitment, shares: shares.map((s) => s.index).sort() };
}
