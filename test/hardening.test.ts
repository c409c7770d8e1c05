import { statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHandshake, softSigner } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, connectDevice, waitFor, type Device, codeOf } from './support/clients';
import { databaseFor, onPostgres } from './support/store';
import { startExamServer, type RunningServer } from '@exam/server';

/** Connects once with a handshake and reports the refusal code, or `connected`. */
async function handshake(url: string, auth: object, extraHeaders?: Record<string, string>, transports: Array<'websocket' | 'polling'> = ['websocket']): Promise<string> {
  const socket = io(url, { transports, auth, reconnection: false, extraHeaders });
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      socket.disconnect();
      resolve(err.data?.code ?? `refused: ${err.message}`);
    });
  });
}
/** A GET with the Host header as given (fetch sets its own). */
function rawGet(port: string, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
const logTypes = async (t: TestServer) => (await t.server.ctx.db.selectFrom('audit_log').select('type').execute()).map((r) => r.type);

describe('the server, hardened: every path before admission is bounded, and an admission change cuts a device off at once', () => {
  let t: TestServer;
  let desk: Device;
  const all: Device[] = [];
  beforeAll(async () => {
    // The loopback exemption is off, so the per-address limits apply to this test's own address.
    t = await startTestServer({ server: { limits: { exemptLoopback: false, deskCodePerKey: 3, deskCodePerAddress: 5, pendingMax: 12, pendingPerAddress: 8, pendingTtlMs: 300, challengesPerAddressPerMinute: 400, incidentCoalesceMs: 60_000, incidentsPerSeat: 3 } } });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    all.push(desk);
    await desk.req('desk:overview', {}); // the desk page asks first, and hears of every change from then on
  });
  afterAll(async () => {
    for (const d of all) d.close();
    await t.close();
  });

  it('keeps the data folder readable by its owner only', () => {
    expect(statSync(t.dataDir).mode & 0o777).toBe(0o700);
    for (const f of [...(onPostgres ? [] : ['exam.db', 'exam.db-wal']), 'server-key.pem']) expect(statSync(join(t.dataDir, f)).mode & 0o777, f).toBe(0o600);
  });

  it('limits wrong desk codes per key and per address, logs each, shows them at the desk, and lets the desk change the code', async () => {
    const before = (await logTypes(t)).filter((x) => x === 'desk.code-refused').length;
    const seen = waitFor<{ deskCodeRefusals: { total: number } }>(desk.socket, 'desk:devices', (d) => d.deskCodeRefusals.total >= 1);
    const key = softSigner();
    const attempt = async (signer = key, code = 'WRON-GCOD') => handshake(t.url, await makeHandshake({ baseUrl: t.url, signer, kind: 'desk', deskCode: code }));
    expect([await attempt(), await attempt(), await attempt()]).toEqual(['desk-code-wrong', 'desk-code-wrong', 'desk-code-wrong']);
    // The key has used its attempts: even the right code is not compared now.
    expect(await attempt(key, t.server.ctx.deskCode)).toBe('too-many-attempts');
    // Other keys from the same address: two more refusals, then the address is locked.
    expect([await attempt(softSigner()), await attempt(softSigner())]).toEqual(['desk-code-wrong', 'desk-code-wrong']);
    expect(await attempt(softSigner(), t.server.ctx.deskCode)).toBe('too-many-attempts');
    expect((await logTypes(t)).filter((x) => x === 'desk.code-refused').length - before).toBe(5);
    await seen;
    const o = await desk.req('desk:overview', {});
    expect(o.deskCodeRefusals.total).toBe(5);
    expect(o.deskCodeRefusals.recent[0]).toMatchObject({ locked: true, address: expect.stringMatching(/127\.0\.0\.1/) });
    // A new code: the old one stops working (for a key and address not locked out, on another server state).
    const old = t.server.ctx.deskCode;
    const { code } = await desk.req('desk:change-code', {});
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(code).not.toBe(old);
    expect(t.server.ctx.deskCode).toBe(code);
    const entries = await t.server.ctx.db.selectFrom('audit_log').select(['type', 'payload_json']).where('type', '=', 'desk.code-changed').execute();
    expect(entries.length).toBe(1);
    expect(entries[0]!.payload_json).not.toContain(code.replace('-', '').slice(0, 4));
  });

  it('keeps devices waiting for admission in memory only: capped per address, never logged, labels cleaned, forgotten once gone', async () => {
    const logBefore = (await logTypes(t)).length;
    const waiting: Device[] = [];
    for (let i = 0; i < 8; i++) waiting.push(await connectDevice(t.url, 'tablet', { label: `tablet\u202E${i}\u0007`, reconnection: false }));
    all.push(...waiting);
    // The ninth from this address is refused at the handshake; nothing was written.
    expect(await handshake(t.url, await makeHandshake({ baseUrl: t.url, signer: softSigner(), kind: 'tablet' }))).toBe('too-many-attempts');
    expect((await logTypes(t)).length).toBe(logBefore);
    expect(await t.server.ctx.db.selectFrom('devices').select('id').where('status', '=', 'pending').execute()).toEqual([]);
    // The desk knows how many wait, never which fingerprints.
    const o = await desk.req('desk:overview', {});
    expect(o.pending.tablet).toBe(8);
    const text = JSON.stringify([o, desk.received]);
    for (const w of waiting) expect(text).not.toContain(w.status.fingerprint);
    // Admitted by the fingerprint read off its screen: the label has no control or bidi characters.
    const row = await desk.req('desk:admit', { role: 'marker', fingerprint: waiting[0]!.status.fingerprint });
    expect(row.label).toBe('tablet0');
    // Gone and forgotten after the time-to-live: room for new ones again.
    for (const w of waiting.slice(1)) w.close();
    await new Promise((r) => setTimeout(r, 400));
    expect(await handshake(t.url, await makeHandshake({ baseUrl: t.url, signer: softSigner(), kind: 'tablet' }))).toBe('connected');
  });

  it('refuses a page of another origin before anything else, over WebSocket and polling; serves no page to be framed', async () => {
    const h = async () => makeHandshake({ baseUrl: t.url, signer: softSigner(), kind: 'kiosk' });
    expect(await handshake(t.url, await h(), { origin: 'http://evil.example' })).toMatch(/^refused/);
    expect(await handshake(t.url, await h(), { origin: 'http://evil.example' }, ['polling'])).toMatch(/^refused/);
    expect(await handshake(t.url, await h(), { origin: new URL(t.url).origin })).toBe('connected');
    const res = await fetch(`${t.url}/`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // The icon every browser asks for: none, said without an error.
    const icon = await fetch(`${t.url}/favicon.ico`);
    expect([icon.status, await icon.text()]).toEqual([204, '']);
  });

  it('answers nothing to a name that is not the venue’s (DNS rebinding): not a page, not the API, not a socket', async () => {
    const port = new URL(t.url).port;
    // A site's name made to point at the server: its page is same-origin with itself, Host and Origin agree.
    const rebound = `rebound.example:${port}`;
    const h = async () => makeHandshake({ baseUrl: t.url, signer: softSigner(), kind: 'kiosk' });
    expect(await handshake(t.url, await h(), { host: rebound, origin: `http://${rebound}` })).toMatch(/^refused/);
    expect(await handshake(t.url, await h(), { host: rebound })).toMatch(/^refused/);
    for (const path of ['/', '/api/health', '/api/auth/challenge', '/notice/', '/api/selections/demo-selection/registrations']) {
      const answer = await rawGet(port, path, rebound);
      expect([answer.status, answer.body], path).toEqual([421, '这个地址不是考务服务器的地址：请按考场提供的 IP 地址打开 · this address does not name the exam server: open it by its IP address, as the venue gave it']);
    }
    // The venue's own: its addresses, written any way, and localhost.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, `127.0.0.1`]) expect((await rawGet(port, '/api/health', host)).status, host).toBe(200);
    expect(await handshake(t.url, await h(), { host: `localhost:${port}`, origin: `http://localhost:${port}` })).toBe('connected');
  });

  it('bounds a kiosk’s incidents: coalesced, capped per seat, refused after the hand-in', async () => {
    const kiosk = await admittedKiosk(t.url, desk, 'demo', '02');
    all.push(kiosk);
    await kiosk.req('candidate:sign-in', { ticket: '2026002' });
    for (let i = 0; i < 30; i++) await kiosk.req('kiosk:incident', { kind: 'lost-focus' });
    for (const kind of ['left-fullscreen', 'blocked-key', 'reloaded'] as const) await kiosk.req('kiosk:incident', { kind });
    const stored = await t.server.ctx.db.selectFrom('incidents').select('kind').where('ticket', '=', '2026002').execute();
    // One lost-focus (the other 29 coalesced), then two more kinds before the seat's cap of three.
    expect(stored.map((x) => x.kind)).toEqual(['lost-focus', 'left-fullscreen', 'blocked-key']);
    expect((await logTypes(t)).filter((x) => x === 'kiosk.incident').length).toBe(3);
  });

  it('cuts a revoked device off at once: it leaves every room, is disconnected, and receives no key', async () => {
    const kiosk = await admittedKiosk(t.url, desk, 'demo', '03');
    all.push(kiosk);
    await kiosk.req('candidate:sign-in', { ticket: '2026003' });
    const other = await admittedKiosk(t.url, desk, 'demo', '04');
    all.push(other);
    await other.req('candidate:sign-in', { ticket: '2026004' });
    const socketId = kiosk.socket.id!;
    expect(t.server.ctx.io.sockets.adapter.rooms.get('session:demo')?.has(socketId)).toBe(true);
    await desk.req('desk:revoke', { deviceId: kiosk.status.deviceId, reason: '设备异常' });
    await expect.poll(() => kiosk.socket.connected).toBe(false);
    expect(t.server.ctx.io.sockets.adapter.rooms.get('session:demo')?.has(socketId)).toBe(false);
    expect(t.server.ctx.io.sockets.sockets.has(socketId)).toBe(false);
    // It may connect again, but as revoked: no request, no room, no key at the start.
    const again = await connectDevice(t.url, 'kiosk', { signer: kiosk.signer });
    all.push(again);
    expect(again.status.status).toBe('revoked');
    expect(await codeOf(again.req('candidate:sign-in', { ticket: '2026003' }))).toBe('device-not-admitted');
    // A key that is not admitted holds a few sockets at most (socketsPerWaitingKey, 4): the fifth is refused, a closed one frees its place.
    const more: Device[] = [];
    for (let i = 0; i < 3; i++) more.push(await connectDevice(t.url, 'kiosk', { signer: kiosk.signer, reconnection: false }));
    all.push(...more);
    expect(await handshake(t.url, await makeHandshake({ baseUrl: t.url, signer: kiosk.signer, kind: 'kiosk' }))).toBe('too-many-attempts');
    more[0]!.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(await handshake(t.url, await makeHandshake({ baseUrl: t.url, signer: kiosk.signer, kind: 'kiosk' }))).toBe('connected');
    const key = waitFor(other.socket, 'exam:key');
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[0]!, keyholder: 'a' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[1]!, keyholder: 'b' });
    await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'test' });
    await key;
    for (const d of [kiosk, again]) expect(d.received.some((e) => e.event === 'exam:key')).toBe(false);
    // A kiosk admitted again to another seat is disconnected too, and comes back into its new place.
    const moved = waitFor(other.socket, 'disconnect');
    await desk.req('desk:admit', { deviceId: other.status.deviceId, role: 'kiosk', fingerprint: other.status.fingerprint, room: 'demo', seat: '01' });
    await moved;
  });

  it('bounds the challenges one address may fetch', async () => {
    let refused = 0;
    for (let i = 0; i < 420; i++) if ((await fetch(`${t.url}/api/auth/challenge`)).status === 429) refused++;
    expect(refused).toBeGreaterThan(0);
    const body = (await (await fetch(`${t.url}/api/auth/challenge`)).json()) as { error: { code: string } };
    expect(body.error.code).toBe('too-many-attempts');
  });
});

/**
 * Two server processes on one PostgreSQL database (as `exam start --processes N` runs them, each
 * with its own memory): a kiosk that moves from one to the other keeps its seat's incidents bounded,
 * because the incidents written decide, not what one process saw (red when each process counts its own).
 */
describe.runIf(onPostgres)('a kiosk’s incidents, bounded over every process', () => {
  const limits = { incidentCoalesceMs: 60_000, incidentsPerSeat: 3 };
  let t: TestServer;
  let second: RunningServer;
  const all: Device[] = [];
  beforeAll(async () => {
    t = await startTestServer({ server: { limits } });
    second = await startExamServer({ dataDir: t.dataDir, database: await databaseFor(t.dataDir), httpPort: 0, httpsPort: false, keepTime: false, limits });
  });
  afterAll(async () => {
    for (const d of all) d.close();
    await second.close();
    await t.close();
  });

  it('coalesces and caps them whichever process takes them', async () => {
    const desk = await connectDesk(t.url, t.server.ctx.deskCode);
    all.push(desk);
    const kiosk = await admittedKiosk(t.url, desk, 'demo', '02');
    all.push(kiosk);
    await kiosk.req('candidate:sign-in', { ticket: '2026002' });
    await kiosk.req('kiosk:incident', { kind: 'lost-focus' });
    kiosk.close();
    // The same kiosk, reconnected to the other process: its candidate is bound to it in the database.
    const moved = await connectDevice(second.httpUrl, 'kiosk', { signer: kiosk.signer });
    all.push(moved);
    for (let i = 0; i < 5; i++) await moved.req('kiosk:incident', { kind: 'lost-focus' });
    for (const kind of ['left-fullscreen', 'blocked-key', 'reloaded'] as const) await moved.req('kiosk:incident', { kind });
    const stored = await t.server.ctx.db.selectFrom('incidents').select('kind').where('ticket', '=', '2026002').orderBy('id').execute();
    expect(stored.map((x) => x.kind)).toEqual(['lost-focus', 'left-fullscreen', 'blocked-key']);
  });
});
