import { ExamError } from '@exam/shared';
import type { ServerContext } from '../context';
import type { LiveSession } from '../sessions/live';
import { kioskSitsFor } from './bindings';

/** The candidate this kiosk is signed in for; refuses a kiosk that is not (or no longer) the active one. */
export function boundCandidate(ctx: ServerContext, deviceId: string) {
  const b = ctx.bindings.of(deviceId);
  if (!b) throw new ExamError('not-signed-in', 'sign in with the admission ticket first');
  if (ctx.bindings.deviceOf(b.sessionId, b.ticket) !== deviceId) throw new ExamError('forbidden', 'this candidate is signed in on another kiosk');
  const live = ctx.live.get(b.sessionId) as LiveSession;
  const candidate = live.candidates.get(b.ticket)!;
  if (!kioskSitsFor(ctx.devices.get(deviceId), live.session.room, candidate.seat)) throw new ExamError('forbidden', 'this device is no longer the kiosk at the candidate’s seat: sign in again');
  return { live, session: live.session, candidate };
}
