import { ExamError, REQUESTS, type RequestSpec, nulPath, schemaProblems, problemDetail, type Ack, type ParsedPayload, type RequestName, type RequestResults, type Role } from '@exam/shared';
import type { z } from 'zod';
import type { ExamSocket, ServerContext } from '../context';
import type { DevicesTable } from '../db/schema/devices';
import { knownFreeOfNul } from './parser';

export interface RequestContext {
  ctx: ServerContext;
  socket: ExamSocket;
  device: DevicesTable;
}

export type Handler<K extends RequestName> = (rc: RequestContext, payload: ParsedPayload<K>) => Promise<RequestResults[K]>;
export type Handlers = { [K in RequestName]: Handler<K> };

/** The largest payload of one request, as JSON characters: an essay answer fits, a flood does not. */
export const MAX_REQUEST_CHARS = 512 * 1024;

function sizeOf(payload: unknown): number {
  try {
    return JSON.stringify(payload)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

/**
 * Wires every request of the protocol to its handler. Before a handler runs, the device behind
 * the connection must be admitted with a role the request allows, and the payload must pass its
 * schema in `shared` (which bounds its size). Every outcome is acknowledged as
 * `{ ok, data }` or `{ ok: false, error }`; nothing a client sends can take the connection down.
 */
export function bindRequests(ctx: ServerContext, socket: ExamSocket, handlers: Handlers, onError: (err: unknown, event: string) => void): void {
  // One listener for every request (socket.io calls it with the event's name first), rather than
  // one per name: a socket with sixty named listeners makes each event's lookup a slow one, and
  // autosaves arrive by the thousand.
  socket.onAny((event: string, ...args: unknown[]) => {
    const last = args[args.length - 1];
    const reply = typeof last === 'function' ? (last as (r: Ack<unknown>) => void) : () => undefined;
    if (typeof event !== 'string' || !Object.hasOwn(REQUESTS, event)) {
      reply({ ok: false, error: { code: 'bad-request', message: `unknown request ${String(event).slice(0, 60)}` } });
      return;
    }
    const name = event as RequestName;
    const payload = typeof last === 'function' ? (args.length > 1 ? args[0] : undefined) : args[0];
    run(ctx, socket, handlers, name, payload).then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        if (err instanceof ExamError) reply({ ok: false, error: err.toBody() });
        else {
          onError(err, name);
          reply({ ok: false, error: { code: 'internal', message: 'the server could not do this; it has been logged' } });
        }
      },
    );
  });
}

async function run<K extends RequestName>(ctx: ServerContext, socket: ExamSocket, handlers: Handlers, name: K, payload: unknown): Promise<RequestResults[K]> {
  const spec = REQUESTS[name];
  // Who may ask comes first: a device that may not send this request learns nothing of its shape.
  let device = ctx.devices.get(socket.data.deviceId);
  // Admitted a moment ago by a desk on another process, whose change this one has not read yet: read it
  // now — once a second at most, so that a device sending request after request is not a load on the database.
  if ((!device || device.status !== 'admitted') && ctx.database.postgres && !(Date.now() - (socket.data.rereadAt ?? 0) < 1_000)) {
    socket.data.rereadAt = Date.now();
    await ctx.devices.reload(ctx.db, socket.data.deviceId);
    device = ctx.devices.get(socket.data.deviceId);
  }
  if (!device || device.status !== 'admitted') throw new ExamError('device-not-admitted', 'this device has not been admitted at the desk');
  if (!(spec.roles as readonly Role[]).includes(device.role as Role)) throw new ExamError('forbidden', `a ${device.role} device cannot ${name}`);
  // Every string and list in the schemas has a bound, so a payload that passes is bounded too;
  // the size is measured only to say why one did not pass. An autosave the schema written out by
  // hand takes as it is (shared: isPlainSave) skips the schema, whose output would equal it.
  const parsed = (spec as RequestSpec).plain?.(payload) ? { success: true as const, data: payload } : spec.schema.safeParse(payload ?? {});
  if (!parsed.success) {
    if (sizeOf(payload) > MAX_REQUEST_CHARS) {
      throw new ExamError('payload-too-large', `a request may carry at most 512 KiB, and a file it carries (a roster, registration forms) at most 4 MiB of base64, a file of about 3 MB: split the file`, [
        { message: 'the request is too large', zh: '请求过大：文件最大约 3 MB（base64 后 4 MiB），其余内容最多 512 KiB；请把文件拆分后分别导入' },
      ]);
    }
    throw schemaRefusal(name, spec.schema, payload ?? {});
  }
  // A payload whose packet text held no `\u0000` holds no U+0000 (parser.ts); any other is walked.
  const nul = knownFreeOfNul(payload) ? null : nulPath(parsed.data);
  if (nul !== null) throw nulRefusal(name, nul);
  // A device admitted for one interview day acts on, and sees, that day only.
  const day = dayNamed(parsed.data);
  if (device.day_id !== null && day !== null && day !== device.day_id) throw new ExamError('forbidden', `this ${device.role} is admitted for ${device.day_id}, not ${day}`);
  return handlers[name]({ ctx, socket, device }, parsed.data as ParsedPayload<K>);
}

/** The interview day a payload names, if any: its `dayId`, or the day of the draw it names (`<dayId>-draw-<n>`). */
function dayNamed(payload: unknown): string | null {
  const p = payload as { dayId?: unknown; drawId?: unknown };
  if (typeof p?.dayId === 'string') return p.dayId;
  if (typeof p?.drawId === 'string') return /^(.+)-draw-\d+$/.exec(p.drawId)?.[1] ?? null;
  return null;
}

/** A payload holding the character U+0000, which no text of the protocol may hold (docs/protocol.md §1). */
export function nulRefusal(what: string, path: string): ExamError {
  return new ExamError('bad-request', `${what}: text may not contain the character U+0000 (at ${path})`, [{ path, message: 'U+0000' }]);
}

/**
 * A payload that failed its schema: `bad-request`, naming the first problem and up to ten by field
 * path, each in English and in Chinese (shared: schemaProblems). Used by the HTTP API too.
 */
export function schemaRefusal(what: string, schema: z.ZodType, input: unknown): ExamError {
  const problems = schemaProblems(schema, input);
  const first = problems[0];
  return new ExamError(
    'bad-request',
    first ? `${what}: ${first.at.length > 0 ? `${first.at.join('.')}: ` : ''}${first.message}` : `${what}: not in the expected form`,
    problems.map(problemDetail),
  );
}
