import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, REQUESTS, fromBase64, makeHandshake, randomBytes, softSigner, toBase64, type RequestError, type RequestName } from '@exam/shared';
import { errorText } from '../examiner-app/src/errors';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, connectDevice, waitFor, type Device, codeOf } from './support/clients';
import type { DeviceStatus } from '@exam/shared';

async function connectError(url: string, auth: object): Promise<{ code: string }> {
  const socket = io(url, { transports: ['websocket'], auth, reconnection: false });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected, but should have been refused')));
      socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve(err.data ?? { code: `transport: ${err.message}` }));
    });
  } finally {
    socket.disconnect();
  }
}


describe('every connection proves its key; every request is checked', () => {
  let t: TestServer;
  let desk: Device;
  let kioskA: Device;
  let kioskB: Device;
  let pending: Device;
  let marker: Device;
  const all: Device[] = [];

  beforeAll(async () => {
    t = await startTestServer();
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    kioskA = await admittedKiosk(t.url, desk, 'demo', '01');
    kioskB = await admittedKiosk(t.url, desk, 'demo', '02');
    pending = await connectDevice(t.url, 'tablet');
    marker = await connectDevice(t.url, 'tablet');
    await desk.req('desk:admit', { deviceId: marker.status.deviceId, role: 'marker', fingerprint: marker.status.fingerprint });
    all.push(desk, kioskA, kioskB, pending, marker);
    await kioskA.req('candidate:sign-in', { ticket: '2026001' });
    await kioskB.req('candidate:sign-in', { ticket: '2026002' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[0]!, keyholder: 'a' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[1]!, keyholder: 'b' });
    await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'access test' });
    await kioskB.req('answer:save', { questionId: 'q6', value: 'B 的答案', rev: 1 });
  });
  afterAll(async () => {
    for (const d of all) d.close();
    await t?.close();
  });

  it('refuses a handshake without a signed challenge, a replayed one, a forged one, a small-order key, an old protocol, a wrong desk code', async () => {
    expect(await connectError(t.url, {})).toEqual(expect.objectContaining({ code: 'unauthenticated' }));
    const signer = softSigner();
    const h = await makeHandshake({ baseUrl: t.url, signer, kind: 'kiosk' });
    const first = io(t.url, { transports: ['websocket'], auth: h, reconnection: false });
    await new Promise<void>((r) => first.once('connect', () => r()));
    first.disconnect();
    expect((await connectError(t.url, h)).code).toBe('challenge-invalid');
    // A challenge carries the server's proof that it issued it (its HMAC): one made up, or one whose
    // expiry was pushed on, is refused although the device signs it properly.
    const altered = (change: (bytes: Uint8Array) => void): typeof fetch => async (url) => {
      const body = (await (await fetch(url)).json()) as { challenge: string };
      const bytes = fromBase64(body.challenge);
      change(bytes);
      return new Response(JSON.stringify({ ...body, challenge: toBase64(bytes) }));
    };
    const madeUp = await makeHandshake({ baseUrl: t.url, signer, kind: 'kiosk', fetchImpl: altered((b) => b.set(randomBytes(32))) });
    expect((await connectError(t.url, madeUp)).code).toBe('challenge-invalid');
    const later = await makeHandshake({ baseUrl: t.url, signer, kind: 'kiosk', fetchImpl: altered((b) => (b[12] = (b[12]! + 1) % 256)) });
    expect((await connectError(t.url, later)).code).toBe('challenge-invalid');
    const other = await makeHandshake({ baseUrl: t.url, signer, kind: 'kiosk' });
    expect((await connectError(t.url, { ...other, publicKey: toBase64(softSigner().publicKey) })).code).toBe('signature-invalid');
    const smallOrder = await makeHandshake({ baseUrl: t.url, signer, kind: 'kiosk' });
    expect((await connectError(t.url, { ...smallOrder, publicKey: toBase64(new Uint8Array(32).fill(0).map((_, i) => (i === 0 ? 1 : 0))) })).code).toBe('key-refused');
    const old = await makeHandshake({ baseUrl: t.url, signer, kind: 'kiosk' });
    expect((await connectError(t.url, { ...old, protocol: PROTOCOL_VERSION + 1 })).code).toBe('protocol-version');
    const wrongDesk = await makeHandshake({ baseUrl: t.url, signer: softSigner(), kind: 'desk', deskCode: 'WRONG-CODE' });
    expect((await connectError(t.url, wrongDesk)).code).toBe('desk-code-wrong');
  });

  const names = Object.keys(REQUESTS) as RequestName[];

  it('answers every request from an unadmitted device with device-not-admitted, whatever it carries', async () => {
    for (const name of names) {
      expect(await codeOf(pending.req(name, {} as never)), name).toBe('device-not-admitted');
      expect(await codeOf(pending.req(name, 'garbage' as never)), name).toBe('device-not-admitted');
    }
  });

  // Which role may send which request, and on which objects: test/access-matrix.test.ts.

  it('refuses malformed, oversized and unknown requests with a code, and the connection lives on', async () => {
    for (const name of names) {
      for (const bad of ['garbage', 42, [1, 2], { unexpected: true }, null]) {
        const code = await codeOf(kioskA.req(name, bad as never));
        expect(['bad-request', 'forbidden'], `${name} ${JSON.stringify(bad)}`).toContain(code);
      }
    }
    expect(await codeOf(kioskA.req('answer:save', { questionId: 'q7', value: 'x'.repeat(600_000), rev: 2 }))).toBe('payload-too-large');
    expect(await codeOf(kioskA.req('answer:save', { questionId: 'q7', value: 'x', rev: -1 }))).toBe('bad-request');
    // A refusal by the schema names its problem by field, in English and in Chinese, and a screen says it in its language.
    const negative = await kioskA.req('answer:save', { questionId: 'q7', value: 'x', rev: -1 }).catch((e: unknown) => e);
    expect((negative as RequestError).body).toMatchObject({ code: 'bad-request', message: 'answer:save: rev: must be more than 0', details: [{ path: 'rev', message: 'must be more than 0', zh: '应大于 0' }] });
    expect(errorText(negative, 'zh').text).toBe('输入内容不符合要求：应大于 0');
    expect(errorText(negative, 'en').text).toBe('What was sent is not in the expected form: must be more than 0');
    expect(await codeOf(kioskA.req('answer:save', { questionId: 'q7', value: { nested: 1 }, rev: 3 } as never))).toBe('bad-request');
    // The character U+0000 is in no text of the protocol (PostgreSQL cannot keep it): refused, naming where, on either store.
    const nul = await kioskA.req('answer:save', { questionId: 'q7', value: 'a\u0000b', rev: 3 }).catch((e: { body: { code: string; message: string; details?: unknown } }) => e.body);
    expect(nul).toMatchObject({ code: 'bad-request', details: [{ path: 'value', message: 'U+0000' }] });
    // Unknown names, including those every JavaScript object has, are unknown requests.
    for (const unknown of ['no:such-event', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(await codeOf(kioskA.req(unknown as RequestName, {} as never)), unknown).toBe('bad-request');
    }
    kioskA.socket.emit('answer:save', { questionId: 'q7', value: 'no ack', rev: 4 }); // no acknowledgement function
    kioskA.socket.emit('answer:save');
    expect(await kioskA.req('answer:save', { questionId: 'q7', value: 'still here', rev: 5 })).toEqual({ rev: 5 });
    expect(kioskA.socket.connected).toBe(true);
  });

  it('gives one candidate’s connection nothing of another candidate’s', async () => {
    expect(await codeOf(kioskA.req('candidate:sign-in', { ticket: '2026002' }))).toBe('wrong-seat');
    await kioskA.req('answer:save', { questionId: 'q6', value: 'A 的答案', rev: 10 });
    const b = await t.server.ctx.db.selectFrom('answers').selectAll().where('ticket', '=', '2026002').where('question_id', '=', 'q6').executeTakeFirstOrThrow();
    expect(b.value_json).toBe('"B 的答案"');
    const heardByA = JSON.stringify(kioskA.received);
    for (const other of ['2026002', '王芳', 'B 的答案']) expect(heardByA).not.toContain(other);
    const signIn = JSON.stringify(await kioskA.req('candidate:sign-in', { ticket: '2026001' }));
    for (const other of ['2026002', '王芳', 'B 的答案', '110105', '身份证']) expect(signIn).not.toContain(other);
  });

  it('a kiosk admitted again at another seat, or in another role, acts for its old candidate no more and hears its session no more', async () => {
    // kioskB is signed in for 2026002 at seat 02, the exam running. The desk admits it again: it is cut
    // off, reconnects, and comes back as what it is now.
    const readmit = async (payload: Parameters<typeof desk.req<'desk:admit'>>[1]) => {
      const gone = new Promise((r) => kioskB.socket.once('disconnect', r));
      await desk.req('desk:admit', payload);
      await gone;
      // Disconnected by the server: socket.io does not retry that by itself; the apps connect again.
      const status = waitFor<DeviceStatus>(kioskB.socket, 'device:status');
      kioskB.socket.connect();
      return status;
    };
    const { deviceId, fingerprint } = kioskB.status;
    expect((await readmit({ deviceId, fingerprint, role: 'kiosk', room: 'demo', seat: '04' })).seat).toBe('04');
    await expect(kioskB.req('answer:save', { questionId: 'q6', value: 'from seat 04', rev: 2 })).rejects.toMatchObject({ code: 'not-signed-in' });
    await expect(kioskB.req('kiosk:incident', { kind: 'lost-focus' })).rejects.toMatchObject({ code: 'not-signed-in' });
    const stored = await t.server.ctx.db.selectFrom('answers').select(['value_json', 'rev']).where('session_id', '=', 'demo').where('ticket', '=', '2026002').where('question_id', '=', 'q6').executeTakeFirstOrThrow();
    expect(stored).toEqual({ value_json: JSON.stringify('B 的答案'), rev: 1 });
    // Admitted as a voting booth: it hears nothing of the exam (the announcement reaches kioskA, signed in at 01).
    expect((await readmit({ deviceId, fingerprint, role: 'booth' })).role).toBe('booth');
    const from = kioskB.received.length;
    // An announcement whose text a direction mark would show reversed on the kiosks is refused, and nobody hears it.
    await expect(desk.req('desk:announce', { sessionId: 'demo', text: '考试时间\u202E钟分01长延' })).rejects.toMatchObject({ code: 'bad-request', body: { details: [{ path: 'text', zh: '不能含控制字符或改变文字方向的符号（如 U+202E）' }] } });
    const heard = waitFor(kioskA.socket, 'exam:announcement');
    await desk.req('desk:announce', { sessionId: 'demo', text: '第二条通知 second notice' });
    await heard;
    await new Promise((r) => setTimeout(r, 300));
    expect(kioskB.received.slice(from).map((e) => e.event)).not.toContain('exam:announcement');
    expect(JSON.stringify(kioskA.received.filter((e) => e.event === 'exam:announcement'))).not.toContain('钟分01长延');
    await expect(kioskB.req('answer:save', { questionId: 'q6', value: 'from the booth', rev: 3 })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a replacement kiosk at the same seat takes over; the old one is cut off at once', async () => {
    await expect(admittedKiosk(t.url, desk, 'demo', '01')).rejects.toMatchObject({ code: 'conflict' });
    const replacement = await admittedKiosk(t.url, desk, 'demo', '01', true);
    all.push(replacement);
    // The server disconnects the replaced kiosk's sockets: they leave every room and hear nothing more.
    await expect.poll(() => kioskA.socket.connected).toBe(false);
    await replacement.req('candidate:sign-in', { ticket: '2026001' });
    expect(await replacement.req('answer:save', { questionId: 'q6', value: 'from the new kiosk', rev: 100 })).toEqual({ rev: 100 });
  });
});
