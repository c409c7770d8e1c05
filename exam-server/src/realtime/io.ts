import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { ExamError } from '@exam/shared';
import { rooms, type ExamIo, type ServerContext } from '../context';
import { authenticate } from './auth';
import { bindRequests } from './requests';
import { handlers } from './handlers';
import { deviceStatus, roomsOf } from '../devices/status';
import { seatIncident } from '../answers/seat-incident';
import { examParser } from './parser';

/**
 * Frames above this close the connection at the transport. It is above the largest request the
 * schemas allow (a file of 4 MiB of base64 with its fields), so that every request is answered:
 * one too large for its schema is refused `payload-too-large`, not cut off.
 */
const MAX_FRAME_BYTES = 6 * 1024 * 1024;

/**
 * A browser page may connect only from the venue's own origin: the host it connected to must be one
 * of the venue's (http/venue-host.ts), and the scheme-less host it names in `Origin` that host. A page of another origin gets nothing (not even an
 * answer to a desk code); clients that are not browsers send no `Origin`.
 */
export function sameOrigin(req: IncomingMessage, isVenueHost: (host: string | undefined) => boolean = () => true): boolean {
  // The host the request names must be the venue's own, or a page on a rebound name would pass as same-origin.
  if (!isVenueHost(req.headers.host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function createIo(http: HttpServer, isVenueHost?: (host: string | undefined) => boolean): ExamIo {
  return new Server(http, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    serveClient: false,
    parser: examParser,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    cors: { origin: false },
    allowRequest: (req, callback) => {
      const ok = sameOrigin(req, isVenueHost);
      callback(ok ? null : 'this page is not of the venue', ok);
    },
  });
}

export function wireIo(ctx: ServerContext): void {
  ctx.io.use((socket, next) => {
    authenticate(ctx, socket).then(
      () => next(),
      (err: unknown) => {
        const body = err instanceof ExamError ? err.toBody() : { code: 'internal', message: 'authentication failed' };
        if (!(err instanceof ExamError)) console.error('auth:', err);
        const e = new Error(body.message) as Error & { data: unknown };
        e.data = body;
        next(e);
      },
    );
  });
  ctx.io.on('connection', (socket) => {
    const id = socket.data.deviceId;
    ctx.devices.connected(id, 1, ctx.now());
    ctx.seats.devicesChanged();
    void socket.join(rooms.device(id));
    const device = ctx.devices.get(id)!;
    socket.emit('device:status', deviceStatus(ctx, device));
    for (const r of roomsOf(device)) void socket.join(r);
    if (device.status === 'pending') void socket.join(rooms.waiting);
    // A kiosk signed in for a candidate (before a restart, or on another process) hears its session at once.
    const bound = ctx.bindings.sittingFor(device);
    if (bound) void socket.join(rooms.session(bound.sessionId));
    if (device.room) {
      const live = ctx.live.currentInRoom(device.room);
      if (live) ctx.seats.touch(live.session.id);
    }
    bindRequests(ctx, socket, handlers, (err, event) => console.error(`request ${event}:`, err));
    socket.on('disconnect', () => {
      ctx.devices.connected(id, -1, ctx.now());
      ctx.seats.devicesChanged();
      const b = ctx.bindings.of(id);
      if (b) {
        ctx.seats.touch(b.sessionId);
        // A kiosk still bound to its candidate lost its connection mid-exam (not one replaced or revoked,
        // nor one this server closed as it stops).
        if (!ctx.stopping && ctx.bindings.deviceOf(b.sessionId, b.ticket) === id && ctx.devices.get(id)?.status === 'admitted' && !ctx.devices.isOnline(id)) {
          const written = seatIncident(ctx, b.sessionId, b.ticket, 'connection-lost').catch((err: unknown) => console.error('incident:', err));
          ctx.background.add(written);
          void written.finally(() => ctx.background.delete(written));
        }
      }
    });
  });
}
