import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { fromBase64, fromUtf8, openBytes, sealedFileSchema } from '@exam/shared';
import { createSession, parseAuthoredPaper, sealPaper, startExamServer, type RunningServer } from '@exam/server';
import { connectDesk, connectDevice, waitFor, type Device } from './support/clients';

const CANARY = 'CANARY-7f3e9a-金丝雀';
const KEY_CANARY = 'KEYCANARY-51c0d2';

const paperYaml = `
title: "${CANARY} title"
duration_minutes: 60
instructions: "${CANARY} instructions"
sections:
  - title: "${CANARY} section"
    questions:
      - type: single
        prompt: "${CANARY} prompt"
        options: ["${CANARY} A", "B"]
        answer: A
        points: 5
      - type: essay
        prompt: "essay"
        reference: "${KEY_CANARY} reference"
        points: 10
`;

describe('before the opening, no response, log line or database row holds any plaintext of the paper', () => {
  let server: RunningServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'exam-canary-'));
  const devices: Device[] = [];
  const seen: string[] = [];
  const logged: string[] = [];
  afterAll(async () => {
    vi.restoreAllMocks();
    for (const d of devices) d.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const capture = (label: string, v: unknown) => seen.push(`${label}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const http = async (path: string) => {
    const res = await fetch(server.httpUrl + path);
    capture(`GET ${path}`, `${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
  };
  const everything = async (): Promise<string> => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(server.ctx.db);
    const rows: string[] = [];
    for (const { name } of tables.rows) rows.push(JSON.stringify(await sql.raw(`select * from "${name}"`).execute(server.ctx.db)));
    const files = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)).toString('latin1') + readFileSync(join(dataDir, f)).toString('utf8'));
    const received = devices.flatMap((d) => d.received.map((r) => JSON.stringify(r)));
    return [...seen, ...logged, ...rows, ...files, ...received].join('\n');
  };

  it('holds through setup, admission, sign-in, share entry and a refused early start', async () => {
    for (const m of ['log', 'error', 'warn', 'info'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(' ')));
    const out = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (out as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });

    server = await startExamServer({ dataDir, httpPort: 0, httpsPort: false });
    const { paper, answerKey } = parseAuthoredPaper(paperYaml);
    const sealed = await sealPaper(paper, answerKey, { label: 'canary exam', threshold: 2, count: 3 });
    expect(JSON.stringify(sealed.paper.file)).not.toContain('CANARY');
    await createSession(server.ctx.db, {
      id: 'canary',
      label: 'canary exam',
      room: 'r1',
      seats: ['1'],
      sealedPaper: sealed.paper.file,
      sealedAnswerKey: sealed.answerKey.file,
      scheduledStart: Date.now() + 3_600_000,
      durationMinutes: 60,
      lateEntryMinutes: 10,
      roster: [{ name: '测试', idNumber: '11010519491231002X', ticket: 'C1', seat: '1' }],
    });
    await server.ctx.live.load(server.ctx.db);

    const desk = await connectDesk(server.httpUrl, server.ctx.deskCode);
    const kiosk = await connectDevice(server.httpUrl, 'kiosk');
    devices.push(desk, kiosk);
    const ask = async (d: Device, name: Parameters<Device['req']>[0], payload: unknown) => {
      try {
        capture(name, await d.req(name, payload as never));
      } catch (err) {
        capture(name, String(err));
      }
    };
    await ask(desk, 'desk:admit', { deviceId: kiosk.status.deviceId, role: 'kiosk', fingerprint: kiosk.status.fingerprint, room: 'r1', seat: '1' });
    await ask(kiosk, 'candidate:sign-in', { ticket: 'C1' });
    await ask(kiosk, 'answer:save', { questionId: 'q1', value: 0, rev: 1 });
    await ask(kiosk, 'kiosk:incident', { kind: 'lost-focus' });
    await ask(desk, 'desk:overview', {});
    await ask(desk, 'desk:session', { sessionId: 'canary' });
    await ask(desk, 'desk:enter-share', { sessionId: 'canary', target: 'paper', code: sealed.paper.shareCodes[0], keyholder: 'k1' });
    await ask(desk, 'desk:enter-share', { sessionId: 'canary', target: 'paper', code: sealed.paper.shareCodes[2], keyholder: 'k3' });
    await ask(desk, 'desk:start', { sessionId: 'canary' });
    await ask(desk, 'desk:results', { sessionId: 'canary' });
    for (const p of ['/', '/api/health', '/api/server', '/api/auth/challenge', '/api/sessions/canary/sealed-paper', '/api/nothing']) await http(p);
    await new Promise((r) => setTimeout(r, 1200)); // a seat-map tick

    const all = await everything();
    expect(all).toContain('canary exam'); // what we captured is real
    expect(all).not.toContain('CANARY');
    expect(all).not.toContain(KEY_CANARY);
    expect(all).not.toContain('金丝雀');
  });

  it('and the canary was really in the paper: the start signal opens it', async () => {
    const kiosk = devices[1]!;
    const key = waitFor<{ key: string }>(kiosk.socket, 'exam:key');
    await devices[0]!.req('desk:start', { sessionId: 'canary', overrideReason: 'canary test' });
    const sealed = sealedFileSchema.parse(await (await fetch(`${server.httpUrl}/api/sessions/canary/sealed-paper`)).json());
    expect(fromUtf8(openBytes(fromBase64((await key).key), sealed.box)!)).toContain(CANARY);
    // The answer key is still sealed: its reference answer is nowhere.
    expect(await everything()).not.toContain(KEY_CANARY);
  });
});
