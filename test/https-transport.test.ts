import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { handshakeAuth, softSigner, type DeviceStatus } from '@exam/shared';
import { startExamServer, type RunningServer } from '@exam/server';

describe('transport: HTTPS on the LAN with the venue certificate, plain HTTP only on localhost', () => {
  let server: RunningServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-tls-'));
  beforeAll(async () => {
    server = await startExamServer({ dataDir, httpPort: 0, httpsPort: 0, httpsHost: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('makes a venue certificate on first start and keeps it', async () => {
    expect(server.certificate!.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const again = await startExamServer({ dataDir, httpPort: 0, httpsPort: 0, httpsHost: '127.0.0.1' });
    expect(again.certificate!.fingerprint).toBe(server.certificate!.fingerprint);
    await again.close();
  });

  it('binds plain HTTP to 127.0.0.1 only', () => {
    expect(server.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the API and socket.io over TLS to a client that trusts only the venue certificate', async () => {
    const port = Number(new URL(server.httpsUrl!).port);
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest({ host: '127.0.0.1', port, path: '/api/health', ca: server.certificate!.cert, servername: 'localhost' }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve(b));
      });
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true, protocol: 2 });

    // A client that does not trust the certificate is refused by TLS itself.
    await expect(
      new Promise((resolve, reject) => httpsRequest({ host: '127.0.0.1', port, path: '/api/health' }, resolve).on('error', reject).end()),
    ).rejects.toThrow(/self[- ]signed|certificate/i);

    const base = `https://localhost:${port}`;
    const signer = softSigner();
    const fetchImpl: typeof fetch = (url) =>
      new Promise((resolve, reject) => {
        const u = new URL(String(url));
        httpsRequest({ host: '127.0.0.1', port, path: u.pathname, ca: server.certificate!.cert, servername: 'localhost' }, (res) => {
          let b = '';
          res.on('data', (d: Buffer) => (b += d.toString()));
          res.on('end', () => resolve(new Response(b, { status: res.statusCode })));
        })
          .on('error', reject)
          .end();
      });
    const socket = io(base, { transports: ['websocket'], ca: server.certificate!.cert, auth: handshakeAuth({ baseUrl: base, signer, kind: 'kiosk', fetchImpl }), reconnection: false });
    const status = await new Promise<DeviceStatus>((resolve, reject) => {
      socket.once('device:status', resolve);
      socket.once('connect_error', reject);
    });
    expect(status.status).toBe('pending');
    socket.disconnect();
  });
});
