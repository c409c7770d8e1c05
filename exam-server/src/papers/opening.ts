import { ExamError, combineShares, keyCommitment, toBase64, type AnswerKey, type InterviewSet, type Paper, type SealedFile } from '@exam/shared';
import { changed } from '../cluster/changes';
import type { ServerContext } from '../context';
import type { Tx } from '../db/database';
import { decryptSealed, loadSealedFile } from './store';

export interface RebuiltKey {
  /** base64 of the key, as logged and as sent to the kiosks */
  key: string;
  keyBytes: Uint8Array;
  keyCommitment: string;
  /** the indices of the shares that were entered */
  shares: number[];
  sealedHash: string;
  file: SealedFile;
}

/**
 * Rebuilds a sealed file's key from the shares in the vault, checks it against the commitment in
 * the sealed file, and records the key (no longer secret once opened) in the caller's
 * transaction. The shares are wiped from memory after the commit (`ShareKeeper.clear`).
 */
export async function rebuildKey(ctx: ServerContext, tx: Tx, fileId: string, now: number): Promise<RebuiltKey> {
  const { file, hash, key: stored } = await loadSealedFile(tx, fileId);
  if (stored) throw new ExamError('session-state', `${file.kind} ${file.sealId} is already open`);
  const shares = await ctx.vault.shares(fileId);
  if (shares.length < file.threshold) throw new ExamError('not-enough-shares', `${file.threshold} keyholders must enter their shares; ${shares.length} have`);
  const keyBytes = await combineShares(shares.slice(0, file.threshold));
  const commitment = keyCommitment(keyBytes);
  if (commitment !== file.keyCommitment) throw new ExamError('key-mismatch', 'the shares rebuild a key that does not match the sealed file');
  const key = toBase64(keyBytes);
  await tx.updateTable('sealed_files').set({ key, opened_at: now }).where('id', '=', fileId).execute();
  await changed(tx, { k: 'file', id: fileId });
  return { key, keyBytes, keyCommitment: commitment, shares: shares.map((s) => s.index).sort(), sealedHash: hash, file };
}

/** `rebuildKey`, then the file decrypted with it (the answer key, the interview questions). */
export async function openSealed(ctx: ServerContext, tx: Tx, fileId: string, now: number): Promise<RebuiltKey & { content: Paper | AnswerKey | InterviewSet }> {
  const rebuilt = await rebuildKey(ctx, tx, fileId, now);
  return { ...rebuilt, content: decryptSealed(rebuilt.file, rebuilt.keyBytes) };
}
