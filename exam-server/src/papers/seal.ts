import {
  canonicalize,
  encodeShareCode,
  keyCommitment,
  newPaperKey,
  randomBytes,
  sealBytes,
  sealedHash,
  shareCommitment,
  splitKey,
  toHex,
  utf8,
  type AnswerKey,
  type InterviewSet,
  type Paper,
  type SealedFile,
} from '@exam/shared';

export interface SealResult {
  file: SealedFile;
  hash: string;
  shareCodes: string[];
}

export async function sealOne(kind: SealedFile['kind'], content: unknown, label: string, threshold: number, count: number, sealId: string, paperSealId?: string): Promise<SealResult> {
  const key = newPaperKey();
  const shares = await splitKey(key, sealId, threshold, count);
  const file: SealedFile = {
    format: 'sealed/1',
    kind,
    sealId,
    label,
    ...(paperSealId ? { paperSealId } : {}),
    threshold,
    count,
    shareCommitments: shares.map(shareCommitment),
    keyCommitment: keyCommitment(key),
    box: sealBytes(key, utf8(canonicalize(content))),
    sealedAt: new Date().toISOString(),
  };
  key.fill(0);
  return { file, hash: sealedHash(file), shareCodes: shares.map(encodeShareCode) };
}

/** Seals interview questions (题本) k-of-n, like a paper. */
export async function sealInterview(set: InterviewSet, opts: { label: string; threshold: number; count: number }): Promise<SealResult> {
  return sealOne('interview', set, opts.label, opts.threshold, opts.count, toHex(randomBytes(4)));
}

/**
 * Seals a paper and its answer key, each with its own random key split k-of-n. The keys exist
 * only here, in memory, until they are split; nothing but the shares can rebuild them.
 */
export async function sealPaper(
  paper: Paper,
  answerKey: AnswerKey,
  opts: { label: string; threshold: number; count: number; keyThreshold?: number; keyCount?: number },
): Promise<{ paper: SealResult; answerKey: SealResult }> {
  const paperSealId = toHex(randomBytes(4));
  let keySealId = toHex(randomBytes(4));
  while (keySealId === paperSealId) keySealId = toHex(randomBytes(4));
  return {
    paper: await sealOne('paper', paper, opts.label, opts.threshold, opts.count, paperSealId),
    answerKey: await sealOne(
      'answer-key',
      { ...answerKey, paperSealId },
      `${opts.label} — answer key`,
      opts.keyThreshold ?? opts.threshold,
      opts.keyCount ?? opts.count,
      keySealId,
      paperSealId,
    ),
  };
}
