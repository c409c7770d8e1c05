import type { Timing } from '@exam/shared';
import type { CandidatesTable } from '../db/schema/candidates';
import type { SessionsTable } from '../db/schema/sessions';

/** Saves that arrive this long after a candidate's time is up are still taken (network latency). */
export const SAVE_GRACE_MS = 2_000;

/**
 * When a candidate's time ends: the start signal plus the duration, plus extra time, plus the
 * time spent paused. While paused the end keeps moving, so it is reported as if resumed now.
 */
export function endsAt(session: SessionsTable, c: CandidatesTable | undefined, now: number): number | null {
  if (session.started_at === null) return null;
  const base = session.started_at + session.duration_minutes * 60_000;
  if (!c) return base;
  const pausedNow = c.paused_at !== null ? now - c.paused_at : 0;
  return base + c.extra_ms + c.paused_ms + pausedNow;
}

export function timingOf(session: SessionsTable, c: CandidatesTable | undefined, now: number): Timing {
  return {
    sessionId: session.id,
    serverNow: now,
    scheduledStart: session.scheduled_start,
    startedAt: session.started_at,
    endsAt: endsAt(session, c, now),
    pausedAt: c?.paused_at ?? null,
    closed: session.state === 'closed',
    durationMinutes: session.duration_minutes,
    extraMs: c?.extra_ms ?? 0,
    pausedMs: c?.paused_ms ?? 0,
  };
}
