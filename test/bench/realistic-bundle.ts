import type { Bundle } from '@exam/shared';
import { VenueBuilder, newKey } from './venue-builder';

/**
 * The mix of the realistic bundle the benchmark verifies (issue: "verify_bundle_ms on a realistic
 * bundle"), at `scale` 1:
 * - 2 written sessions of 1,000 candidates, 10 answers each (8 objective, 2 open), every hand-in
 *   with its signed receipt, every open answer marked by one of 4 markers (2 signed marks per
 *   candidate, 2 % of them marked again: a second version naming the first);
 * - 20 interview days (one per post, one draw each) of 50 candidates in one room of 10 examiners:
 *   1,000 interviewed candidates × 10 examiners = 10,000 signed sheets, 5 % of them corrected by
 *   their examiner and countersigned by the room's supervisor;
 * - each draw with 5 contributors (the server, 2 supervisors, 2 candidates' representatives);
 * - checkpoints at the end of each phase, each cosigned by 2 supervisors: 3 per session (paper
 *   opened, exam closed, marking finished) and 2 per day (lots drawn, scoring finished) — 46;
 * - a log of the day's own events, about 100,000 entries: every admission, sign-in, the kiosks'
 *   6 reconnections and 30 (coalesced) incidents per candidate, share entries, openings, hand-ins,
 *   marks, check-ins, the draws, every move between rooms, every sheet, correction and checkpoint.
 * Every signature is made as the product makes it; the bundle verifies (the benchmark checks).
 */
export const MIX = { sessions: 2, candidates: 1000, markers: 4, remarkShare: 0.02, days: 20, perDay: 50, examiners: 10, correctedShare: 0.05, reconnections: 6, incidents: 30 } as const;

export async function realisticBundle(scale = 1): Promise<Bundle> {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const v = new VenueBuilder(1_795_000_000_000);
  const supervisors = [newKey(), newKey()];
  for (const [i, s] of supervisors.entries()) v.admit(s, 'tablet', 'supervisor', { person: `笔试监督员${i + 1}` });
  const markers = Array.from({ length: MIX.markers }, () => newKey());
  for (const [i, m] of markers.entries()) v.admit(m, 'tablet', 'marker', { person: `阅卷人${i + 1}` });
  for (let si = 1; si <= MIX.sessions; si++) {
    const sessionId = `written-${si}`;
    const tickets = Array.from({ length: n(MIX.candidates) }, (_, i) => `${si}${String(i + 1).padStart(5, '0')}`);
    const session = await v.writtenSession({ sessionId, label: sessionId, tickets, seatOf: (t) => t.slice(1), markers, supervisors, reconnections: MIX.reconnections, incidents: MIX.incidents, remarkShare: MIX.remarkShare });
    await session.run();
  }
  for (let di = 1; di <= MIX.days; di++) {
    const dayId = `post-${String(di).padStart(2, '0')}`;
    const tickets = Array.from({ length: n(MIX.perDay) }, (_, i) => `P${String(di).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`);
    const day = await v.interviewDay({ dayId, label: dayId, rooms: [{ room: '面试室', tickets }], examiners: MIX.examiners, correctedShare: MIX.correctedShare });
    await day.run();
  }
  return v.finish();
}
