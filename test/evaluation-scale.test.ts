import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '@exam/shared';
import { VerifyPool, exportBundle, makeGroupCards, poolVerifyMany, type GroupCards } from '@exam/server';
import { startTestServer, type TestServer } from './support/server';
import { connectDesk, type Device } from './support/clients';
import { openEvaluation, signedBallot } from './support/ballots';

/**
 * 500 voters over real sockets (docs/evaluation.md): two groups of 250, ten booths casting at once,
 * some ballots sent twice at the same moment (a booth retrying); every acknowledgement comes back,
 * every ballot is stored once, the close adds up, and the verifier recounts the board from the bundle —
 * with the buffers that hold ballots' texts small enough to be used again many times over the casting.
 */
describe('500 voters on ten booths at once', () => {
  let t: TestServer;
  let desk: Device;
  let org: Device;
  let booths: Device[] = [];
  const cards: GroupCards[] = [makeGroupCards('ev-500', 'managers', 255), makeGroupCards('ev-500', 'others', 255)];
  const refs = Array.from({ length: 20 }, (_, i) => `2026${String(i + 1).padStart(4, '0')}`);

  beforeAll(async () => {
    // Ballots' texts in buffers of 16 kB rather than 4 MB: two or three ballots each, so that buffers are used
    // again while other ballots are still being verified and committed (evaluation/ballot-texts.ts).
    t = await startTestServer({ server: { ballotBufferBytes: 16 * 1024 } });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    ({ org, booths } = await openEvaluation({
      url: t.url,
      desk,
      id: 'ev-500',
      refs,
      groups: [
        { cards: cards[0]!, name: '中层干部', weight: 60, entitled: 250 },
        { cards: cards[1]!, name: '其他干部职工', weight: 40, entitled: 250 },
      ],
      booths: 10,
    }));
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
    // Five booths send their fifty at once; the other five one after another, each once the last is
    // acknowledged, as a booth does (texts are then written into buffers used again while others are
    // still being committed). Every tenth ballot is sent twice, at the same moment.
    const castInTurn = async (booth: Device, mine: typeof ballots) => {
      const out = [];
      for (const [i, b] of mine.entries()) out.push(...(await Promise.all((i % 10 === 0 ? [b, b] : [b]).map((x) => booth.req('booth:cast', x)))));
      return out;
    };
    const replies = await Promise.all(
      booths.map((booth, k) => {
        const mine = ballots.filter((_, i) => i % 10 === k);
        return k < 5 ? Promise.all(mine.flatMap((b, i) => (i % 10 === 0 ? [b, b] : [b])).map((b) => booth.req('booth:cast', b))) : castInTurn(booth, mine);
      }),
    );
    expect(replies.flat().length).toBe(550);
    expect(replies.flat().every((r) => r.received === true)).toBe(true);
    expect((await t.server.ctx.ballots.all('ev-500')).length).toBe(500);
    // Buffers were used again during the casting: the board verified below shows that no text was written over before its commit.
    expect(t.server.ctx.ballotTexts.recycledCount).toBeGreaterThan(0);
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
