import { io, type Socket } from 'socket.io-client';
import {
  RequestError,
  handshakeAuth,
  randomBytes,
  signObject,
  toBase64,
  toHex,
  type MarkObject,
  request,
  softSigner,
  type DeviceKind,
  type DeviceStatus,
  type RequestName,
  type RequestPayload,
  type RequestResults,
} from '@exam/shared';

export interface Device {
  socket: Socket;
  signer: ReturnType<typeof softSigner>;
  status: DeviceStatus;
  /** Every event the server pushed to this device, in order. */
  received: Array<{ event: string; args: unknown[] }>;
  req<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<RequestResults[K]>;
  close(): void;
}

/** Connects a device with a fresh key over real socket.io, proving the key by a signed challenge. */
export async function connectDevice(
  baseUrl: string,
  kind: DeviceKind,
  opts: { deskCode?: string; signer?: ReturnType<typeof softSigner>; label?: string; reconnection?: boolean } = {},
): Promise<Device> {
  const signer = opts.signer ?? softSigner();
  const received: Device['received'] = [];
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: handshakeAuth({ baseUrl, signer, kind, deskCode: opts.deskCode, label: opts.label }),
    reconnection: opts.reconnection ?? true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
  });
  socket.onAny((event: string, ...args: unknown[]) => received.push({ event, args }));
  // As the apps do: a refusal by the server's check (a challenge fetched while the server was
  // restarting) stops socket.io's own retries, so retry those, not a final refusal.
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    if (!socket.active && ['unauthenticated', 'challenge-invalid', 'internal'].includes(err.data?.code ?? '')) setTimeout(() => socket.connect(), 300);
  });
  const status = await new Promise<DeviceStatus>((resolve, reject) => {
    socket.once('device:status', resolve);
    socket.once('connect_error', (err) => reject(Object.assign(err, { data: (err as Error & { data?: unknown }).data })));
  });
  return {
    socket,
    signer,
    status,
    received,
    req: (name, payload) => request(socket, name, payload),
    close: () => socket.disconnect(),
  };
}

export async function connectDesk(baseUrl: string, deskCode: string): Promise<Device> {
  return connectDevice(baseUrl, 'desk', { deskCode, label: 'desk' });
}

/** A kiosk that the desk has admitted to a seat, as an invigilator would: reading its fingerprint. */
export async function admittedKiosk(baseUrl: string, desk: Device, room: string, seat: string, replace = false): Promise<Device> {
  const kiosk = await connectDevice(baseUrl, 'kiosk', { label: `kiosk ${seat}` });
  const admitted = waitFor<DeviceStatus>(kiosk.socket, 'device:status', (s) => s.status === 'admitted');
  admitted.catch(() => undefined); // awaited below only if the desk admits it
  await desk.req('desk:admit', { role: 'kiosk', fingerprint: kiosk.status.fingerprint, room, seat, ...(replace ? { replace } : {}) });
  kiosk.status = await admitted;
  return kiosk;
}

export function waitFor<T>(socket: Socket, event: string, pred: (v: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (v: T) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(v);
    };
    socket.on(event, handler);
  });
}

/** A mark signed by a device's key, as a marker's tablet signs it (at `at`, by the device's clock). */
export function signedMark(d: Device, m: Pick<MarkObject, 'sessionId' | 'code' | 'questionId' | 'points' | 'replaces'>, at = Date.now()): { mark: MarkObject; signature: string } {
  const { replaces, ...rest } = m;
  const mark: MarkObject = { ...rest, ...(replaces ? { replaces } : {}), markerKey: toBase64(d.signer.publicKey), signedAt: at, nonce: toHex(randomBytes(16)) };
  return { mark, signature: toBase64(signObject(d.signer.pair.secretKey, 'mark', mark)) };
}

/** The code a request was refused with, `ok` when it was accepted, or what else happened. */
export const codeOf = async (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof RequestError ? e.code : `not a refusal: ${String(e)}`),
  );

/** A seeded stream of numbers in [0, 1) (xorshift), so a failing run can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
