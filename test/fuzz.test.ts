import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, REQUESTS, RequestError, request, type RequestName } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, connectDevice, type Device, seeded } from './support/clients';
import { requestTemplates } from './support/request-templates';

/** How many messages: a short run in `npm test`; the reliability issue runs it for 10⁶ (FUZZ_MESSAGES). */
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

/** Values a careless or hostile client might put anywhere. */
const ODD: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 60), '', ' ', 'x'.repeat(600), '\u202e\u0000\u0007', '𠮷'.repeat(40), '0'.repeat(64), 'A'.repeat(86) + '==', [], [null], [1, 'a', {}], {}, { a: { b: { c: [] } } }, 'demo', 'demo-interview', '2026001', '面试室A', 'q1', 'q6'];

function mutate(template: unknown, r: () => number): unknown {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const roll = r();
  if (roll < 0.3) return structuredClone(template);
  if (roll < 0.8 && template && typeof template === 'object' && !Array.isArray(template)) {
    const out = structuredClone(template) as Record<string, unknown>;
    const keys = Object.keys(out);
    const target = keys.length > 0 && r() < 0.85 ? pick(keys) : `extra${Math.floor(r() * 3)}`;
    const inner = out[target];
    if (r() < 0.2) delete out[target];
    else if (inner && typeof inner === 'object' && !Array.isArray(inner) && r() < 0.6) out[target] = mutate(inner, r);
    else out[target] = structuredClone(pick(ODD));
    return out;
  }
  return pick([null, 42, 'garbage', [1, 2], {}, { payload: 'x'.repeat(600_000) }, ...ODD]);
}

describe('a short fuzzer: every request from every role, valid-looking and broken', () => {
  let t: TestServer;
  const devices: Array<{ role: string; device: Device }> = [];
  beforeAll(async () => {
    t = await startTestServer();
    const desk = await connectDesk(t.url, t.server.ctx.deskCode);
    await desk.req('desk:overview', {});
    const k1 = await admittedKiosk(t.url, desk, 'demo', '01');
    const k2 = await admittedKiosk(t.url, desk, 'demo', '02');
    await k1.req('candidate:sign-in', { ticket: '2026001' });
    await k2.req('candidate:sign-in', { ticket: '2026002' });
    const tablet = async (role: 'marker' | 'examiner' | 'supervisor' | 'escort' | 'contributor' | 'organiser' | 'reviewer', extra: Record<string, string> = {}) => {
      const d = await connectDevice(t.url, 'tablet');
      await desk.req('desk:admit', { deviceId: d.status.deviceId, role, fingerprint: d.status.fingerprint, ...extra });
      return d;
    };
    const day = { dayId: 'demo-interview', person: '测试' };
    devices.push(
      { role: 'desk', device: desk },
      { role: 'kiosk', device: k1 },
      { role: 'kiosk', device: k2 },
      { role: 'marker', device: await tablet('marker') },
      { role: 'examiner', device: await tablet('examiner', { ...day, room: '面试室A' }) },
      { role: 'supervisor', device: await tablet('supervisor', { ...day, room: '面试室A' }) },
      { role: 'escort', device: await tablet('escort', day) },
      { role: 'contributor', device: await tablet('contributor', day) },
      { role: 'organiser', device: await tablet('organiser', { person: '测试' }) },
      { role: 'reviewer', device: await tablet('reviewer', { person: '测试' }) },
      { role: 'pending', device: await connectDevice(t.url, 'tablet') },
    );
  });
  afterAll(async () => {
    for (const d of devices) d.device.close();
    await t?.close();
  });

  /** What any accepted request changes: every state change is on the log, and autosaves are rows with revisions. */
  const digest = async () => {
    const db = t.server.ctx.db;
    const log = await db.selectFrom('audit_log').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('seq').as('seq')]).executeTakeFirstOrThrow();
    const answers = await db.selectFrom('answers').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('rev').as('revs')]).executeTakeFirstOrThrow();
    return JSON.stringify([log, answers, t.server.ctx.deskCode]);
  };

  it(`answers ${MESSAGES} seeded messages without a crash, an internal error, or a change from any refusal`, async () => {
    const errors = vi.spyOn(console, 'error');
    const r = seeded(SEED);
    const names = Object.keys(REQUESTS) as RequestName[];
    const templates = requestTemplates(t, { admit: devices.find((d) => d.role === 'pending')!.device, revoke: devices[2]!.device });
    const seen = { ok: 0, refused: new Map<string, number>(), pairs: new Set<string>() };
    const changedOnRefusal: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const { role, device } = devices[Math.floor(r() * devices.length)]!;
      const name = names[Math.floor(r() * names.length)]!;
      const payload = mutate(templates[name], r);
      if (!device.socket.connected) continue; // a kiosk revoked by an accepted desk:revoke is cut off
      seen.pairs.add(`${role} ${name}`);
      const before = await digest();
      try {
        await request(device.socket, name, payload as never, 15_000);
        seen.ok++;
      } catch (err) {
        expect(err, `#${i} ${role} ${name}: an answer, not a timeout`).toBeInstanceOf(RequestError);
        const code = (err as RequestError).code;
        expect(ERROR_CODES, `#${i} ${role} ${name}`).toContain(code);
        expect(code, `#${i} ${role} ${name} ${JSON.stringify(payload).slice(0, 200)}`).not.toBe('internal');
        seen.refused.set(code, (seen.refused.get(code) ?? 0) + 1);
        if ((await digest()) !== before) changedOnRefusal.push(`#${i} ${role} ${name} (${code})`);
      }
    }
    expect(changedOnRefusal).toEqual([]);
    expect(errors.mock.calls.filter((c) => String(c[0]).startsWith('request '))).toEqual([]);
    errors.mockRestore();
    // It reached nearly every request from every role (a kiosk revoked on the way is skipped), and the server still answers.
    expect(seen.pairs.size).toBeGreaterThan(0.8 * devices.length * names.length);
    expect(seen.ok).toBeGreaterThan(0);
    expect([...seen.refused.keys()]).toEqual(expect.arrayContaining(['bad-request', 'forbidden', 'device-not-admitted']));
    expect((await fetch(`${t.url}/api/health`)).ok).toBe(true);
  }, 600_000);
});
