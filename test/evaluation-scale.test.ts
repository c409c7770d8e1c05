import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, verifyBundle, type EvaluationSettings } from '@exam/shared';
import { VerifyPool, exportBundle, makeGroupCards, poolVerifyMany, type GroupCards } from '@exam/server';
import { startTestServer, type TestServer } from './support/server';
import { connectDesk, connectDevice, type Device } from './support/clients';
import { admitted } from './support/selection-flow';
import { signedBallot } from './support/ballots';

/**
 * 500 voters over real sockets (docs/evaluation.md): two groups of 250, ten booths casting at once,
 * some ballots sent twice at the same moment (a booth retrying); every acknowledgement comes back,
 * every ballot is stored once, the close adds up, and the verifier recounts the board from the bundle.
 */
describe('500 voters on ten booths at once', () => {
  let t: TestServer;
  let desk: Device;
  let org: Device;
  const booths: Device[] = [];
  const cards: GroupCards[] = [makeGroupCards('ev-500', 'managers', 255), makeGroupCards('ev-500', 'others', 255)];
  const refs = Array.from({ length: 20 }, (_, i) => `2026${String(i + 1).padStart(4, '0')}`);

  beforeAll(async () => {
    t = await startTestServer();
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
    await org.req('organiser:create-selection', { id: 'sel-500', title: '五百人测评', registrationOpens: Date.now() + 86_400_000, registrationCloses: Date.now() + 2 * 86_400_000, steps: ['evaluation'] });
    const settings: EvaluationSettings = {
      selectionId: 'sel-500',
      id: 'ev-500',
      title: '五百人民主测评',
      candidates: refs.map((ref, i) => ({ ref, name: `候选人${i + 1}` })),
      groups: [
        { id: 'managers', name: '中层干部', weight: 60, entitled: 250 },
        { id: 'others', name: '其他干部职工', weight: 40, entitled: 250 },
      ],
      ...DEFAULT_RULES,
      dimensions: true,
      recommendation: [],
    };
    await org.req('organiser:create-evaluation', { settings, lists: cards.map((c) => c.keys) });
    for (let i = 0; i < 10; i++) {
      const b = await connectDevice(t.url, 'kiosk');
      await desk.req('desk:admit', { deviceId: b.status.deviceId, role: 'booth', fingerprint: b.status.fingerprint });
      booths.push(b);
    }
    await org.req('organiser:open-evaluation', { evaluationId: 'ev-500' });
  }, 60_000);
  afterAll(async () => {
    for (const d of [desk, org, ...booths]) d?.close();
    await t?.close();
  });

  it('takes 500 ballots cast at once, each once, and the verifier recounts them', async () => {
    const ratings = ['excellent', 'competent', 'basic', 'incompetent'];
    const ballots = Array.from({ length: 500 }, (_, i) => {
      const c = cards[i % 2]!;
      return signedBallot({ code: c.codes[Math.floor(i / 2)]!, evaluationId: 'ev-500', group: c.group, candidates: refs, overall: refs.map((_, j) => ratings[(i * 7 + j) % 4]!), dimensions: true });
    });
    expect(new Set(ballots.map((b) => b.ballot.key)).size).toBe(500);
    // Each booth sends its fifty at once; every tenth ballot is sent twice, at the same moment.
    const replies = await Promise.all(booths.map((booth, k) => Promise.all(ballots.filter((_, i) => i % 10 === k).flatMap((b, i) => (i % 10 === 0 ? [b, b] : [b])).map((b) => booth.req('booth:cast', b)))));
    expect(replies.flat().length).toBe(550);
    expect(replies.flat().every((r) => r.received === true)).toBe(true);
    expect(t.server.ctx.ballots.all('ev-500').length).toBe(500);
    const closed = await org.req('organiser:close-evaluation', { evaluationId: 'ev-500', handedOut: { managers: 250, others: 250 }, missing: {}, unused: cards.flatMap((c) => c.codes.slice(250)) });
    expect([closed.count!.cast, closed.count!.valid, closed.groups.map((g) => g.cast)]).toEqual([500, true, [250, 250]]);
    // Verified as `exam verify` does it: the signatures in worker threads.
    const pool = new VerifyPool(2);
    const report = await verifyBundle(await exportBundle(t.server.ctx), { verifyMany: poolVerifyMany(pool) }).finally(() => pool.close());
    expect(report.steps.filter((s) => !s.ok).map((s) => s.id)).toEqual([]);
    // Step 14 checked every ballot: its key, its signature, its fit to the form — three checks each, at least.
    expect(report.steps.find((s) => s.id === '14-evaluation')!.checked).toBeGreaterThanOrEqual(1500);
  }, 120_000);
});
