import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, type Device } from './support/clients';

/** The desk's seat map tells, at a glance, a candidate who never signed in from one whose kiosk dropped. */
describe('the seat map', () => {
  let t: TestServer;
  let desk: Device;
  const kiosks: Device[] = [];
  beforeAll(async () => {
    t = await startTestServer({ startInMinutes: 60 });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
  });
  afterAll(async () => {
    for (const k of kiosks) k.close();
    desk?.close();
    await t?.close();
  });

  it('names each of the states a seat can be in before the start, each for its own reason', async () => {
    for (const seat of ['01', '02', '03']) kiosks.push(await admittedKiosk(t.url, desk, 'demo', seat));
    await kiosks[0]!.req('candidate:sign-in', { ticket: '2026001' });
    await kiosks[1]!.req('candidate:sign-in', { ticket: '2026002' });
    // Seat 02's kiosk drops after its candidate signed in; seat 03's kiosk is on, nobody signed in;
    // seat 04 has a candidate and no kiosk at all.
    kiosks[1]!.close();
    const states = async () => Object.fromEntries((await desk.req('desk:session', { sessionId: 'demo' })).seats.map((s) => [s.seat, s.state]));
    await expect.poll(states).toEqual({ '01': 'signed-in', '02': 'dropped', '03': 'online', '04': 'offline' });
  });

  it('puts a kiosk’s lost connection and a candidate’s move to a replacement kiosk on the incident list, once the exam runs', async () => {
    const incidents = async () => (await desk.req('desk:session', { sessionId: 'demo' })).incidents.map((i) => [i.seat, i.kind, i.detail]);
    expect(await incidents()).toEqual([]); // seat 02 dropped before the start: not an incident of the exam
    await kiosks[2]!.req('candidate:sign-in', { ticket: '2026003' });
    for (const code of t.demo.paperShares.slice(0, 2)) await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code, keyholder: 'k' });
    await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'seat map test' });
    kiosks[0]!.close();
    await expect.poll(incidents).toEqual([['01', 'connection-lost', null]]);
    // Seat 03's kiosk fails; the desk admits another in its place and the candidate signs in there.
    const old = kiosks[2]!.status.fingerprint;
    const replacement = await admittedKiosk(t.url, desk, 'demo', '03', true);
    kiosks.push(replacement);
    await replacement.req('candidate:sign-in', { ticket: '2026003' });
    await expect.poll(async () => (await incidents()).filter(([seat]) => seat === '03')).toEqual([['03', 'kiosk-replaced', `${old} → ${replacement.status.fingerprint}`]]);
  });
});
