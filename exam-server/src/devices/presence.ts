import type { ServerContext } from '../context';
import type { Presence } from './registry';

/** How long a process is waited for when asked which devices it holds. */
const ASK_MS = 2_000;

/**
 * Which devices are connected, and how many of each kind wait for admission: on one process, what it
 * holds; on several serving one PostgreSQL database, what every process holds (each is asked over the
 * adapter, docs/processes.md). If one does not answer in time — it has just died, and its devices
 * are reconnecting elsewhere — this process's own view stands for that moment.
 */
export async function presenceEverywhere(ctx: ServerContext): Promise<{ online: Set<string>; pending: Presence['pending'] }> {
  const views = [ctx.devices.presence()];
  if (ctx.database.postgres) {
    const asked = ctx.io.serverSideEmitWithAck('presence');
    asked.catch(() => undefined);
    const late = new Promise<null>((r) => setTimeout(() => r(null), ASK_MS).unref());
    // (this process's view alone, until the next change, if they do not all answer in time)
    views.push(...((await Promise.race([asked, late]).catch(() => null)) ?? []));
  }
  const pending = { kiosk: 0, tablet: 0, desk: 0 };
  for (const v of views) for (const k of Object.keys(pending) as Array<keyof typeof pending>) pending[k] += v.pending[k];
  return { online: new Set(views.flatMap((v) => v.online)), pending };
}

/** Answers the other processes' question (on PostgreSQL), and passes their word that the desks' list is due to the one that sends it. */
export function answerPresence(ctx: ServerContext): void {
  ctx.io.on('presence', (ack) => ack(ctx.devices.presence()));
  ctx.io.on('devices-changed', () => ctx.seats.devicesChanged(false));
}
