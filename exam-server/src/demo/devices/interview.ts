import {
  lotCommitStatement,
  lotCommitment,
  randomBytes,
  signObject,
  toBase64,
  toHex,
  type InterviewSet,
  type ScoreSheet,
  type SignedSheet,
} from '@exam/shared';
import type { Device } from './clients';

/** A sheet scoring every rubric item at `fraction` of its maximum, rounded down to the step. */
export function makeSheet(set: InterviewSet, examiner: Device, dayId: string, room: string, lot: number, fraction: number, extra: Partial<ScoreSheet> = {}): ScoreSheet {
  const items = set.questions.flatMap((q) => q.rubric.map((r) => ({ question: q.id, item: r.id, score: Math.floor((r.max * fraction) / r.step) * r.step })));
  return {
    dayId,
    room,
    lot,
    items,
    total: items.reduce((s, i) => s + i.score, 0),
    examinerKey: toBase64(examiner.signer.publicKey),
    signedAt: Date.now(),
    nonce: toHex(randomBytes(16)),
    ...extra,
  };
}

export function signSheet(sheet: ScoreSheet, examiner: Device): SignedSheet {
  return { sheet, signature: toBase64(signObject(examiner.signer.pair.secretKey, 'score-sheet', sheet)) };
}

/** A supervisor's device taking part in the draw: commit now, reveal later. */
export function contributor(device: Device) {
  const secret = toHex(randomBytes(32));
  const key = toBase64(device.signer.publicKey);
  return {
    secret,
    commit: (drawId: string, candidatesHash: string) => {
      const commitment = lotCommitment(drawId, key, secret);
      return { drawId, commitment, signature: toBase64(signObject(device.signer.pair.secretKey, 'lot-commit', lotCommitStatement(drawId, candidatesHash, key, commitment))) };
    },
  };
}
