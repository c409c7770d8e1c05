import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { handshakeAuth, request, type DeviceKind, type DeviceSigner, type DeviceStatus } from '@exam/shared';

/** A device key held by Node's crypto: the fleet's thousands of handshakes would crawl in pure JS. */
export function nodeSigner(): DeviceSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  const key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return { publicKey: raw, sign: async (m) => new Uint8Array(sign(null, m, key)) };
}

export interface FleetDevice {
  socket: Socket;
  status: DeviceStatus;
}

export async function connect(url: string, kind: DeviceKind, deskCode?: string): Promise<FleetDevice> {
  const socket = io(url, { transports: ['websocket'], auth: handshakeAuth({ baseUrl: url, signer: nodeSigner(), kind, deskCode }), reconnection: false });
  const status = await new Promise<DeviceStatus>((resolve, reject) => {
    socket.once('device:status', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, status };
}

/** Runs `fn` over items with at most `width` at a time. */
export async function inBatches<T, R>(items: T[], width: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

export { request };
