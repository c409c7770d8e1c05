import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { generate } from 'selfsigned';
import { handshakeAuth, request, softSigner, type DeviceStatus } from '@exam/shared';
import { makeGroupCards, startExamServer, type RunningServer } from '@exam/server';
import { connectDesk, type Device } from './support/clients';
import { openEvaluation, signedBallot } from './support/ballots';

/**
 * Phone voting (docs/evaluation.md): off unless the venue names a host and gives the certificate
 * the phones trust for it; then a phone votes over TLS under that name only — not over plain HTTP,
 * not under the venue certificate's addresses — as a booth that exists in memory only: no row, no
 * log entry, nothing at the desk.
 */
describe('phones vote only under the host name whose certificate they trust, and leave nothing behind', () => {
  const HOST = 'vote.example.test';
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-phones-'));
  let server: RunningServer;
  let phoneCert: string;
  let desk: Device;
  const closing: Array<() => void> = [];
  const cards = makeGroupCards('ev-phone', 'all', 6);

  /** A phone's connection: TLS to the server's port, asking for `servername` (SNI), trusting `ca`. */
  const phone = async (o: { servername?: string; ca: string; plain?: boolean }) => {
    const port = Number(new URL(o.plain ? server.httpUrl : server.httpsUrl!).port);
    const base = o.plain ? server.httpUrl : `https://${o.servername ?? '127.0.0.1'}:${port}`;
    const tlsOpts = { ca: o.ca, ...(o.servername ? { servername: o.servername } : {}) };
    const fetchImpl: typeof fetch = (url) =>
      o.plain
        ? fetch(url)
        : new Promise((resolve, reject) => {
            httpsRequest({ host: '127.0.0.1', port, path: new URL(String(url)).pathname, ...tlsOpts }, (res) => {
              let b = '';
              res.on('data', (d: Buffer) => (b += d.toString()));
              res.on('end', () => resolve(new Response(b, { status: res.statusCode })));
            })
              .on('error', reject)
              .end();
          });
    const url = o.plain ? server.httpUrl : `https://127.0.0.1:${port}`;
    const socket = io(url, { transports: ['websocket'], reconnection: false, ...(o.plain ? {} : { agent: new Agent(tlsOpts) as never, ca: o.ca }), auth: handshakeAuth({ baseUrl: base, signer: softSigner(), kind: 'phone', fetchImpl }) });
    closing.push(() => socket.disconnect());
    const status = await new Promise<DeviceStatus | { refused: string }>((resolve) => {
      socket.once('device:status', resolve);
      socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve({ refused: err.data?.code ?? err.message }));
    });
    return { socket, status };
  };

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: HOST }], { keyType: 'ec', curve: 'P-256', algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: HOST }] }] } as never);
    phoneCert = pems.cert;
    server = await startExamServer({ dataDir, httpPort: 0, httpsPort: 0, httpsHost: '127.0.0.1', phones: { host: HOST, cert: pems.cert, key: pems.private } });
    desk = await connectDesk(server.httpUrl, server.ctx.deskCode);
    const { org } = await openEvaluation({ url: server.httpUrl, desk, id: 'ev-phone', refs: ['20260001'], groups: [{ cards, name: '全体', weight: 100, entitled: 5 }], booths: 0 });
    closing.push(() => org.close());
  });
  afterAll(async () => {
    for (const c of closing) c();
    desk?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a phone under the host name, over TLS, as a booth: it names a card and casts a ballot', async () => {
    const { socket, status } = await phone({ servername: HOST, ca: phoneCert });
    expect(status).toMatchObject({ status: 'admitted', role: 'booth', room: null, seat: null, person: null });
    const ballot = signedBallot({ code: cards.codes[0]!, evaluationId: 'ev-phone', group: 'all', candidates: ['20260001'], overall: ['competent'], dimensions: true });
    expect(await request(socket, 'booth:card', { key: ballot.ballot.key })).toEqual({ evaluationId: 'ev-phone', group: 'all', spent: false });
    expect(await request(socket, 'booth:cast', ballot)).toEqual({ received: true });
    // A phone is a booth and nothing more.
    expect((await request(socket, 'desk:overview', {}).catch((e: { code: string }) => e.code)) as string).toBe('forbidden');
  });

  it('refuses a phone over plain HTTP, or under the venue certificate’s address', async () => {
    expect((await phone({ plain: true, ca: '' })).status).toEqual({ refused: 'forbidden' });
    expect((await phone({ ca: server.certificate!.cert })).status).toEqual({ refused: 'forbidden' });
  });

  it('keeps nothing of a phone: no device row, no log entry, nothing at the desk', async () => {
    const rows = await server.ctx.db.selectFrom('devices').select('kind').execute();
    expect(rows.map((r) => r.kind)).not.toContain('phone');
    const log = await server.ctx.db.selectFrom('audit_log').select('payload_json').execute();
    expect(log.some((e) => e.payload_json.includes('"phone"'))).toBe(false);
    const overview = await desk.req('desk:overview', {});
    expect(JSON.stringify(overview)).not.toContain('phone');
  });

  it('refuses phones where the venue did not allow them', async () => {
    const other = mkdtempSync(join(tmpdir(), 'exam-nophones-'));
    const plain = await startExamServer({ dataDir: other, httpPort: 0, httpsPort: false });
    try {
      const socket = io(plain.httpUrl, { transports: ['websocket'], reconnection: false, auth: handshakeAuth({ baseUrl: plain.httpUrl, signer: softSigner(), kind: 'phone' }) });
      const refused = await new Promise<string>((resolve) => socket.once('connect_error', (err: Error & { data?: { code: string } }) => resolve(err.data?.code ?? err.message)));
      socket.disconnect();
      expect(refused).toBe('forbidden');
      // And phone voting cannot be switched on without HTTPS.
      await expect(startExamServer({ dataDir: other, httpPort: 0, httpsPort: false, phones: { host: HOST, cert: phoneCert, key: '' } })).rejects.toThrow('phone voting needs HTTPS');
    } finally {
      await plain.close();
      rmSync(other, { recursive: true, force: true });
    }
  });
});
