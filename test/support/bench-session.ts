import { createSession, sealPaper, type Db } from '@exam/server';
import { benchPaper } from '../bench/bench-paper';

/**
 * One exam session of `kiosks` candidates on the benchmark's 100-question paper, sealed 2-of-3, its
 * room named as the session: candidate i sits at `seat(i)` with ticket `prefix + seat(i)`. Returns
 * the sealed files' share codes (the paper's, to open it at a desk).
 */
export async function benchSession(db: Db, o: { id: string; kiosks: number; seat: (i: number) => string; prefix: string; durationMinutes: number; lateEntryMinutes: number }): Promise<{ paperShares: string[] }> {
  const sealed = await sealPaper(benchPaper().paper, benchPaper().answerKey, { label: o.id, threshold: 2, count: 3 });
  await createSession(db, {
    id: o.id,
    label: o.id,
    room: o.id,
    seats: [],
    sealedPaper: sealed.paper.file,
    sealedAnswerKey: sealed.answerKey.file,
    scheduledStart: Date.now(),
    durationMinutes: o.durationMinutes,
    lateEntryMinutes: o.lateEntryMinutes,
    roster: Array.from({ length: o.kiosks }, (_, i) => ({ name: `考生${i + 1}`, idNumber: '11010519491231002X', ticket: `${o.prefix}${o.seat(i)}`, seat: o.seat(i) })),
  });
  return { paperShares: sealed.paper.shareCodes };
}
