import type { LiveSessions } from '../sessions/live';

/**
 * Which candidate each kiosk is signed in for. A candidate is active on one kiosk at a time: a
 * sign-in on a replacement kiosk takes the candidate over, and the old kiosk can act no more. The
 * binding is the candidate's `device_id` (written by the sign-in: answers/sign-in.ts), read here
 * from the sessions in memory — the same in every process serving the database.
 */
export class KioskBindings {
  constructor(private readonly live: LiveSessions) {}

  of(deviceId: string): { sessionId: string; ticket: string } | undefined {
    return this.live.boundTo(deviceId);
  }

  deviceOf(sessionId: string, ticket: string): string | undefined {
    return this.live.get(sessionId)?.candidates.get(ticket)?.device_id ?? undefined;
  }
}
