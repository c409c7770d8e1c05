import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, waitFor, type Device } from './support/clients';

/** The server's clock runs the exam; here it is a clock the test moves. */
let offset = 0;
const clock = () => Date.now() + offset;

describe("the server's clock runs the exam", () => {
  let t: TestServer;
  let desk: Device;
  const kiosks: Device[] = [];
  beforeAll(async () => {
    t = await startTestServer({ startInMinutes: 1, server: { now: clock } });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    for (const seat of ['01', '02', '03']) kiosks.push(await admittedKiosk(t.url, desk, 'demo', seat));
    await kiosks[0]!.req('candidate:sign-in', { ticket: '2026001' });
    await kiosks[1]!.req('candidate:sign-in', { ticket: '2026002' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[0]!, keyholder: 'a' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[1]!, keyholder: 'b' });
  });
  afterAll(async () => {
    for (const k of kiosks) k.close();
    desk?.close();
    await t?.close();
  });

  it('starts without an override once the scheduled time has come', async () => {
    offset = 61_000;
    const r = await desk.req('desk:start', { sessionId: 'demo' });
    expect(r.overridden).toBe(false);
  });

  it('closes late entry after the window, but lets a candidate who signed in come back', async () => {
    offset += 16 * 60_000; // the demo allows 15 minutes
    const late = await kiosks[2]!.req('candidate:sign-in', { ticket: '2026003' }).catch((e: RequestError) => e.code);
    expect(late).toBe('late-entry-closed');
    expect((await kiosks[0]!.req('candidate:sign-in', { ticket: '2026001' })).key).not.toBeNull();
  });

  it('hands papers in by itself when time is up, extra time counted, and refuses later saves', async () => {
    await kiosks[0]!.req('answer:save', { questionId: 'q1', value: 0, rev: 1 });
    await desk.req('desk:extra-time', { sessionId: 'demo', ticket: '2026002', minutes: 5, reason: '设备故障补时' });
    offset += 14 * 60_000 + 3_000; // 30 minutes and 3 seconds after the start
    const receipt = await waitFor<{ receipt: { ticket: string; auto: boolean; answerCount: number } }>(kiosks[0]!.socket, 'exam:submitted', () => true, 5000);
    expect(receipt.receipt).toMatchObject({ ticket: '2026001', auto: true, answerCount: 1 });
    // The candidate with extra time is still working.
    expect(await kiosks[1]!.req('answer:save', { questionId: 'q1', value: 1, rev: 1 })).toEqual({ rev: 1 });
    offset += 5 * 60_000;
    await waitFor(kiosks[1]!.socket, 'exam:submitted', () => true, 5000);
    const refused = await kiosks[1]!.req('answer:save', { questionId: 'q1', value: 2, rev: 2 }).catch((e: RequestError) => e.code);
    expect(refused).toBe('already-submitted');
  });
});
