import { ExamError, decodeShareCode, shareMatchesCommitment, singleTypoCandidates, type PaperShare, type SealedFile } from '@exam/shared';

/**
 * Where entered shares are held until the opening: in memory only, never written anywhere.
 * One process holds them itself; the processes of `exam start --processes N` hold them in the
 * primary process, over the cluster's IPC channel (cluster/kept-by-primary.ts), so that shares entered
 * at desks served by different processes add up, and survive the loss of the process that took them.
 */
export interface ShareKeeper {
  /** Keeps a share; false if a share of that index is kept already. */
  put(fileId: string, share: PaperShare): Promise<boolean>;
  indices(fileId: string): Promise<number[]>;
  shares(fileId: string): Promise<PaperShare[]>;
  remove(fileId: string, index: number): Promise<void>;
  /** Forgets a file's shares once it is opened (or to start the entry again). */
  clear(fileId: string): Promise<void>;
}

/** Shares in this process's memory; wiped (zeroed) when removed or cleared. */
export class MemoryShareKeeper implements ShareKeeper {
  private readonly entered = new Map<string, Map<number, PaperShare>>();
  async put(fileId: string, share: PaperShare): Promise<boolean> {
    const shares = this.entered.get(fileId) ?? new Map<number, PaperShare>();
    if (shares.has(share.index)) return false;
    shares.set(share.index, share);
    this.entered.set(fileId, shares);
    return true;
  }
  async indices(fileId: string): Promise<number[]> {
    return [...(this.entered.get(fileId)?.keys() ?? [])].sort((a, b) => a - b);
  }
  async shares(fileId: string): Promise<PaperShare[]> {
    return [...(this.entered.get(fileId)?.values() ?? [])];
  }
  async remove(fileId: string, index: number): Promise<void> {
    this.entered.get(fileId)?.get(index)?.share.fill(0);
    this.entered.get(fileId)?.delete(index);
  }
  async clear(fileId: string): Promise<void> {
    for (const s of this.entered.get(fileId)?.values() ?? []) s.share.fill(0);
    this.entered.delete(fileId);
  }
}

/**
 * Checks a typed code against the sealed file and keeps it with the keeper (`ctx.vault`): the shares
 * keyholders have entered are held in memory only and never written anywhere, since before the
 * opening no key exists but in the shares. A restart before the opening means the keyholders enter
 * them again (the log shows both entries). Every refusal names what is wrong.
 */
export async function acceptShare(keeper: ShareKeeper, fileId: string, file: SealedFile, code: string, other?: SealedFile): Promise<PaperShare> {
  const share = checkShare(file, code, other);
  if (!(await keeper.put(fileId, share))) throw new ExamError('share-duplicate', `share ${share.index} has already been entered`);
  return share;
}

/** A typed share code checked against the sealed file: checksum, seal, split, commitment. */
function checkShare(file: SealedFile, code: string, other?: SealedFile): PaperShare {
  const decoded = decodeShareCode(code);
  if (!decoded.ok) {
    if (decoded.problem === 'share-code-checksum') {
      // Name the group of four to check, when exactly one changed character gives a share this file committed to.
      const fits = singleTypoCandidates(code).filter((c) => c.share.sealId === file.sealId && shareMatchesCommitment(c.share, file.shareCommitments[c.share.index - 1] ?? '0'.repeat(64)));
      if (fits.length === 1) {
        const group = Math.floor(fits[0]!.position / 4) + 1;
        throw new ExamError('share-code-checksum', `a character in group ${group} (第 ${group} 组) was mistyped: check that group against the sheet`, [{ path: `group ${group}`, message: 'mistyped' }]);
      }
    }
    throw new ExamError(decoded.problem, decoded.message);
  }
  const share = decoded.share;
  if (share.sealId !== file.sealId) {
    const what = other && share.sealId === other.sealId ? `it is a share of the ${other.kind}, not of the ${file.kind}` : `it belongs to seal ${share.sealId}, not ${file.sealId}`;
    throw new ExamError('share-wrong-paper', `this share cannot open ${file.kind} ${file.sealId}: ${what}`);
  }
  if (share.threshold !== file.threshold || share.count !== file.count) {
    throw new ExamError('share-wrong-paper', `the code says ${share.threshold} of ${share.count} but the sealed file was split ${file.threshold} of ${file.count}`);
  }
  if (!shareMatchesCommitment(share, file.shareCommitments[share.index - 1]!)) {
    throw new ExamError('share-commitment-mismatch', `share ${share.index} does not match the commitment in the sealed file: it is not the share that was printed for keyholder ${share.index}`);
  }
  return share;
}
