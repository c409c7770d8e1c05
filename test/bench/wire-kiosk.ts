// A simulated kiosk that speaks socket.io's wire protocol (Engine.IO 4 over WebSocket) itself, for
// the benchmark's load. On a two-core machine the load generator shares the processors with the
// server it measures; the full socket.io client spends several times more per message (timers
// reset on every packet, event emitters, its own parser), and that cost, not the server's, set the
// figures. The server sees the same frames either way: the handshake (a signed challenge, from
// shared's `makeHandshake`), events with acknowledgements, pongs.
import WebSocket from 'ws';
import { makeHandshake, type DeviceKind, type DeviceStatus } from '@exam/shared';
import { nodeSigner } from './fleet';

type Listener = (data: unknown) => void;

export class WireKiosk {
  private nextId = 0;
  private readonly acks = new Map<number, (res: { ok: boolean; data?: unknown; error?: { code: string; message: string } }) => void>();
  private readonly listeners = new Map<string, Listener>();
  status!: DeviceStatus;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer, binary: boolean) => {
      if (binary) return;
      this.receive(raw.toString());
    });
  }

  static async connect(url: string, kind: DeviceKind, deskCode?: string): Promise<WireKiosk> {
    const auth = await makeHandshake({ baseUrl: url, signer: nodeSigner(), kind, deskCode });
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    const k = new WireKiosk(ws);
    const status = new Promise<DeviceStatus>((resolve) => k.once('device:status', (s) => resolve(s as DeviceStatus)));
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      k.opened = () => resolve();
    });
    ws.send(`40${JSON.stringify(auth)}`);
    await new Promise<void>((resolve, reject) => {
      k.connected = resolve;
      k.refused = (e) => reject(new Error(`connect refused: ${JSON.stringify(e)}`));
    });
    k.status = await status;
    return k;
  }

  private opened: () => void = () => undefined;
  private connected: () => void = () => undefined;
  private refused: (e: unknown) => void = () => undefined;

  /** One Engine.IO packet: open (0), ping (2), or a socket.io packet inside a message (4). */
  private receive(text: string): void {
    const engine = text.charCodeAt(0) - 48;
    if (engine === 2) return void this.ws.send('3');
    if (engine === 0) return this.opened();
    if (engine !== 4) return;
    const type = text.charCodeAt(1) - 48;
    if (type === 0) return this.connected();
    if (type === 4) return this.refused(JSON.parse(text.slice(2)));
    // 2: an event, 3: an acknowledgement; either may carry an id before its JSON array.
    let i = 2;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const id = i > 2 ? Number(text.slice(2, i)) : -1;
    const args = JSON.parse(text.slice(i)) as unknown[];
    if (type === 3) {
      const done = this.acks.get(id);
      this.acks.delete(id);
      done?.(args[0] as never);
    } else if (type === 2) {
      const l = this.listeners.get(args[0] as string);
      if (l) {
        this.listeners.delete(args[0] as string);
        l(args[1]);
      }
    }
  }

  /** The next event of that name (one at a time, as the benchmark needs). */
  once(event: string, listener: Listener): void {
    this.listeners.set(event, listener);
  }

  /** A request with an acknowledgement; rejects with the server's error code. */
  request<T = unknown>(event: string, payload: unknown): Promise<T> {
    return this.requestEncoded<T>(JSON.stringify([event, payload]));
  }

  /** The same, the request encoded beforehand (`JSON.stringify([event, payload])`): a booth's ballot, written once, not at each try. */
  requestEncoded<T = unknown>(encoded: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.acks.set(id, (res) => (res.ok ? resolve(res.data as T) : reject(new Error(res.error?.code ?? 'refused'))));
      this.ws.send(`42${id}${encoded}`);
    });
  }

  disconnect(): void {
    this.ws.close();
  }
}
