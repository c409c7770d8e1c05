import { ExamError, decodeShareCode, shareMatchesCommitment, singleTypoCandidates, type PaperShare, type SealedFile } from '@exam/shared';

/**
 * The shares keyholders have entered, held in this process's memory only and never written
 * anywhere: before the opening no key exists but in the shares. A restart before the opening
 * means the keyholders enter them again (the log shows both entries).
 */
export class ShareVault {
  private readonly entered = new Map<string, Map<number, PaperShare>>();

  /** Checks a typed code against the sealed file and keeps it. Every refusal names what is wrong. */
  accept(fileId: string, file: SealedFile, code: string, other?: SealedFile): PaperShare {
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
    const shares = this.entered.get(fileId) ?? new Map<number, PaperShare>();
    if (shares.has(share.index)) throw new ExamError('share-duplicate', `share ${share.index} has already been entered`);
    shares.set(share.index, share);
    this.entered.set(fileId, shares);
    return share;
  }

  indices(fileId: string): number[] {
    return [...(this.entered.get(fileId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  shares(fileId: string): PaperShare[] {
    return [...(this.entered.get(fileId)?.values() ?? [])];
  }

  remove(fileId: string, index: number): void {
    const s = this.entered.get(fileId)?.get(index);
    s?.share.fill(0);
    this.entered.get(fileId)?.delete(index);
  }

  /** Forgets a file's shares once it is opened (or to start the entry again). */
  clear(fileId: string): void {
    const shares = this.entered.get(fileId);
    for (const s of shares?.values() ?? []) s.share.fill(0);
    this.entered.delete(fileId);
  }
}
