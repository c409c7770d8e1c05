import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUESTS, type RequestName, type Role } from '@exam/shared';
import { setUpInterviewDemo } from '@exam/server';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, connectDevice, type Device, codeOf } from './support/clients';
import { requestTemplates } from './support/request-templates';
import { FOREIGN } from './support/foreign-objects';


/**
 * The access matrix, generated from the code's own request table (REQUESTS): every role — and a
 * device not admitted — sends every request; a role the table does not list is refused
 * (`forbidden`, or `device-not-admitted`), and a role it lists is refused for every object it does
 * not own (support/foreign-objects.ts). New roles and requests enter the matrix by themselves.
 */
describe('the access matrix: every role × every request × objects it does not own', () => {
  let t: TestServer;
  const roles: Array<[string, Device]> = [];
  beforeAll(async () => {
    t = await startTestServer();
    await setUpInterviewDemo(t.server.ctx.db, 'other-day');
    const desk = await connectDesk(t.url, t.server.ctx.deskCode);
    const kiosk = await admittedKiosk(t.url, desk, 'demo', '01');
    const other = await admittedKiosk(t.url, desk, 'demo', '02');
    await kiosk.req('candidate:sign-in', { ticket: '2026001' });
    await other.req('candidate:sign-in', { ticket: '2026002' });
    const tablet = async (role: Role, extra: Record<string, string> = {}) => {
      const d = await connectDevice(t.url, 'tablet');
      await desk.req('desk:admit', { deviceId: d.status.deviceId, role: role as 'marker', fingerprint: d.status.fingerprint, ...extra });
      return d;
    };
    const day = { dayId: 'demo-interview', person: '测试' };
    const station = async (role: 'booth' | 'teller') => {
      const d = await connectDevice(t.url, 'kiosk');
      await desk.req('desk:admit', { deviceId: d.status.deviceId, role, fingerprint: d.status.fingerprint, ...(role === 'teller' ? { person: '计票员' } : {}) });
      return d;
    };
    roles.push(
      ['desk', desk],
      ['kiosk', kiosk],
      ['marker', await tablet('marker')],
      ['examiner', await tablet('examiner', { ...day, room: '面试室A' })],
      ['supervisor', await tablet('supervisor', { ...day, room: '面试室A' })],
      ['escort', await tablet('escort', day)],
      ['contributor', await tablet('contributor', day)],
      ['organiser', await tablet('organiser', { person: '测试' })],
      ['reviewer', await tablet('reviewer', { person: '测试' })],
      ['booth', await station('booth')],
      ['teller', await station('teller')],
      ['not admitted', await connectDevice(t.url, 'tablet')],
    );
    roles.push(['(other kiosk)', other]);
  });
  afterAll(async () => {
    for (const [, d] of roles) d.close();
    await t?.close();
  });

  it('refuses every request to every role the table does not list, and every foreign object to those it does', async () => {
    const names = Object.keys(REQUESTS) as RequestName[];
    const matrix = roles.filter(([r]) => r !== '(other kiosk)');
    // Every role of the protocol is in the matrix.
    const allRoles = new Set(names.flatMap((n) => [...REQUESTS[n].roles]));
    for (const r of allRoles) expect(matrix.map(([x]) => x), `a device for ${r}`).toContain(r);
    const templates = requestTemplates(t, { admit: roles.find(([r]) => r === 'not admitted')![1], revoke: roles.find(([r]) => r === '(other kiosk)')![1] });
    const wrong: string[] = [];
    const cases = new Set<string>();
    for (const name of names) {
      const allowed = REQUESTS[name].roles as readonly string[];
      const foreign = FOREIGN[name];
      for (const [role, device] of matrix) {
        if (!allowed.includes(role)) {
          const expected = role === 'not admitted' ? 'device-not-admitted' : 'forbidden';
          const got = await codeOf(device.req(name, templates[name] as never));
          cases.add(`${role} × ${name} (not its request)`);
          if (got !== expected) wrong.push(`${role} × ${name}: ${got}, expected ${expected}`);
        } else if ('payload' in foreign && (!foreign.roles || foreign.roles.includes(role))) {
          const got = await codeOf(device.req(name, foreign.payload as never));
          cases.add(`${role} × ${name} (an object not its own)`);
          if (got !== foreign.code) wrong.push(`${role} × ${name} on an object not its own: ${got}, expected ${foreign.code}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const notListed = names.reduce((n, name) => n + matrix.filter(([r]) => !(REQUESTS[name].roles as readonly string[]).includes(r)).length, 0);
    const owned = names.reduce((n, name) => {
      const f = FOREIGN[name];
      return n + ('payload' in f ? matrix.filter(([r]) => (REQUESTS[name].roles as readonly string[]).includes(r) && (!f.roles || f.roles.includes(r))).length : 0);
    }, 0);
    expect(cases.size).toBe(notListed + owned);
    expect(owned).toBeGreaterThanOrEqual(18);
  });
});
