import type { ServerContext } from '../context';
import { finalizeCandidate } from '../answers/submit';
import { SAVE_GRACE_MS, endsAt } from './timing';

/**
 * The server's clock runs the exam: once a second, every candidate whose time is up (grace
 * included) and who has not handed in is handed in automatically. After a restart — or when
 * another process takes the lead — the same loop catches up from the stored times.
 */
export function startTimeKeeper(ctx: ServerContext, intervalMs = 1000): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    // Of several processes, only the one that leads keeps the clock (cluster/leader.ts).
    if (busy || !ctx.leader.isLeader()) return;
    busy = true;
    try {
      const now = ctx.now();
      for (const live of ctx.live.all()) {
        if (live.session.state !== 'running') continue;
        for (const c of live.candidates.values()) {
          if (c.signed_in_at === null || c.submitted_at !== null || c.paused_at !== null || c.submitting) continue;
          if (now > endsAt(live.session, c, now)! + SAVE_GRACE_MS) await finalizeCandidate(ctx, live.session.id, c.ticket, true);
        }
      }
    } catch (err) {
      console.error('time keeper:', err);
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
