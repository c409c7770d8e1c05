import { io, type Socket } from 'socket.io-client';
import { get, set } from 'idb-keyval';
import {
  browserDeviceSigner,
  handshakeAuth,
  request,
  signingBytes,
  toBase64,
  type DeviceKind,
  type DeviceSigner,
  type DeviceStatus,
  type ObjectType,
  type RequestName,
  type RequestPayload,
  type RequestResults,
} from '@exam/shared';

export interface ConnectionState {
  connected: boolean;
  status: DeviceStatus | null;
  nonExtractable: boolean;
  error: { code: string; message: string } | null;
}

/**
 * The desk's or a tablet's connection: its own key (non-extractable where WebCrypto allows),
 * proven to the server by signing a fresh challenge at every (re)connection.
 */
export class Connection {
  state: ConnectionState = { connected: false, status: null, nonExtractable: false, error: null };
  socket!: Socket;
  private signer: DeviceSigner | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly kind: DeviceKind,
    private readonly keyName: string,
  ) {}

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  async start(deskCode?: string): Promise<void> {
    // Pages that share this connection each ask for it: connect once, again only with a new desk code.
    if (this.socket && deskCode === undefined) return;
    this.socket?.disconnect();
    const { signer, nonExtractable } = await browserDeviceSigner({ get, set }, this.keyName);
    this.signer = signer;
    const baseUrl = location.origin;
    this.set({ nonExtractable });
    this.socket = io(baseUrl, { transports: ['websocket'], auth: handshakeAuth({ baseUrl, signer, kind: this.kind, deskCode, label: this.kind }), reconnectionDelayMax: 3000 });
    this.socket.on('connect', () => this.set({ connected: true, error: null }));
    this.socket.on('disconnect', () => this.set({ connected: false }));
    this.socket.on('connect_error', (err: Error & { data?: { code: string; message: string } }) => {
      this.set({ connected: false, error: err.data ?? { code: 'offline', message: err.message } });
      // A refusal by the server's check (not a network failure) stops socket.io's own retries;
      // retry the passing ones (a challenge lost in a restart), not a revoked device or a wrong code.
      if (!this.socket.active && ['unauthenticated', 'challenge-invalid', 'internal'].includes(err.data?.code ?? '')) setTimeout(() => this.socket.connect(), 2000);
    });
    this.socket.on('device:status', (s: DeviceStatus) => this.set({ status: s }));
  }

  /** This device's public key, base64, as it goes into what it signs. */
  publicKey(): string {
    if (!this.signer) throw new Error('no key yet');
    return toBase64(this.signer.publicKey);
  }

  /** Signs the canonical encoding of an object of the protocol with this device's key (docs/protocol.md §3–4). */
  async sign(type: ObjectType, object: unknown): Promise<string> {
    if (!this.signer) throw new Error('no key yet');
    return toBase64(await this.signer.sign(signingBytes(type, object)));
  }

  req<K extends RequestName>(name: K, payload: RequestPayload<K>): Promise<RequestResults[K]> {
    return request(this.socket, name, payload);
  }
}
