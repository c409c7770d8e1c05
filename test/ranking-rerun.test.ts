// An evaluation under its minimum turnout that the committee has run again (docs/protocol.md §24–§25):
// the post's rules were fixed when it opened, and it will never stand; the rules may then name the
// evaluation run again in its place — that change alone, before the new one opens — and a verifier
// holds the log to the same rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetRules, verifyBundle, type Bundle, type RankingRules } from '@exam/shared';
import { rebuildAndResign } from './support/tampering';
import { startTestServer, type TestServer } from './support/server';
import { connectDesk, type Device } from './support/clients';
import { admitted } from './support/selection-flow';
import { RERUN_SELECTION as SELECTION, rerunSelection, type RerunSelection } from './support/rerun-flow';

let t: TestServer;
let desk: Device;
let org: Device;
let offset = 0;
const devices: Device[] = [];
const now = () => Date.now() + offset;
let flow: RerunSelection;
const evaluation = (id: string) => flow.evaluation(id);

const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { body: { code: string; message: string } }) => [e.body.code, e.body.message] as const,
  );

beforeAll(async () => {
  t = await startTestServer({ server: { now } });
  desk = await connectDesk(t.url, t.server.ctx.deskCode);
  org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
  devices.push(desk, org);
  flow = await rerunSelection({ url: t.url, desk, org, now, setNow: (at) => (offset = at - Date.now()), devices });
});
afterAll(async () => {
  for (const d of devices) d.close();
  await t.close();
});

describe('an evaluation run again, in the rules of a post fixed by it', () => {
  // Two evaluations (the unit's and the superiors', say), each half the composite.
  let rules: RankingRules;
  const set = (r: RankingRules) => org.req('organiser:set-ranking-rules', { rules: r });
  const named = async () => (await org.req('ranking:status', { selectionId: SELECTION })).posts[0]!.rounds[0]!;

  it('refuses every change to the fixed rules but naming the rerun, not yet open, in place of the evaluation decided rerun', async () => {
    await evaluation('ev-a');
    // The admission numbers the evaluation names stand: no session sat from these seats, yet the draw cannot be abandoned.
    expect(await refusal(org.req('organiser:abandon-seat-draw', { selectionId: SELECTION, reason: '重新抽签' }))).toEqual(['session-state', 'evaluation ev-a of the selection already names its candidates: the posts stand']);
    const unusedB = await evaluation('ev-b');
    rules = { ...presetRules(SELECTION, 'p1', {}), components: [{ kind: 'evaluation', source: 'ev-a', weight: 1 }, { kind: 'evaluation', source: 'ev-b', weight: 1 }], tieBreak: [0, 1] };
    await set(rules);
    for (const id of ['ev-a', 'ev-b']) await org.req('organiser:open-evaluation', { evaluationId: id });
    expect((await named()).fixedBy).toMatchObject({ component: 'evaluation/ev-a' });
    // Nobody voted in ev-b: it is closed under its minimum turnout, and the committee runs it again.
    await org.req('organiser:close-evaluation', { evaluationId: 'ev-b', handedOut: { all: 0 }, missing: {}, unused: unusedB });
    const swapped = { ...rules, components: [rules.components[0]!, { kind: 'evaluation' as const, source: 'ev-b2', weight: 1 }] };
    // Not before it is decided: ev-b might yet stand.
    await evaluation('ev-b2');
    expect((await refusal(set(swapped)))![0]).toBe('rules-fixed');
    // Until the committee decides, the ranking waits on ev-b's turnout, and on ev-a still open.
    const reasons = async () => [...new Set((await named()).waiting.map((x) => `${x.component}:${x.reason}`))].sort();
    expect(await reasons()).toEqual(['0:evaluation-not-closed', '1:evaluation-turnout']);
    await org.req('organiser:decide-evaluation', { evaluationId: 'ev-b', decision: 'rerun', reason: '参评率未达到三分之二，党组决定重新测评' });
    expect(await reasons()).toEqual(['0:evaluation-not-closed', '1:evaluation-rerun']);
    expect((await named()).waiting.filter((x) => x.component === 1)).toHaveLength((await named()).ranking!.rows.length);
    // Not with anything else changed, nor the weight; not for ev-a, which was not run again; not an evaluation already open.
    expect((await refusal(set({ ...swapped, ties: 'tie-break' })))![0]).toBe('rules-fixed');
    expect((await refusal(set({ ...swapped, components: [rules.components[0]!, { ...swapped.components[1]!, weight: 2 }] })))![0]).toBe('rules-fixed');
    expect((await refusal(set({ ...rules, components: [{ kind: 'evaluation', source: 'ev-b2', weight: 1 }, rules.components[1]!] })))![0]).toBe('rules-fixed');
    await evaluation('ev-open');
    await org.req('organiser:open-evaluation', { evaluationId: 'ev-open' });
    expect((await refusal(set({ ...swapped, components: [rules.components[0]!, { kind: 'evaluation', source: 'ev-open', weight: 1 }] })))![0]).toBe('rules-fixed');
    // The rerun, before it opens: taken, and the rules stay fixed by ev-a.
    await set(swapped);
    const round = await named();
    expect([round.rules.components.map((x) => x.source), round.fixedBy?.component]).toEqual([['ev-a', 'ev-b2'], 'evaluation/ev-a']);
    expect(await reasons()).toEqual(['0:evaluation-not-closed', '1:evaluation-not-closed']);
    expect((await refusal(set({ ...swapped, ties: 'tie-break' })))![0]).toBe('rules-fixed');
    // Leaving out the component that fixed them changes fixed rules too (the rest has not begun).
    const withoutA = { ...swapped, components: [swapped.components[1]!], tieBreak: [0] };
    expect(await refusal(set(withoutA))).toEqual(['rules-fixed', expect.stringMatching(/evaluation\/ev-a began/)]);
    expect((await named()).rules.components.map((x) => x.source)).toEqual(['ev-a', 'ev-b2']);
  });

  describe('in the bundle', () => {
    let bundle: Bundle;
    const server = () => ({ signObject: (type: string, object: unknown) => t.server.ctx.serverKey.signObject(type as never, object) });
    const step15 = async (b: Bundle) => (await verifyBundle(b)).steps.find((x) => x.id === '15-ranking')!;
    const swapAt = (b: Bundle) => b.body.log.findIndex((e) => e.type === 'ranking.rules-set' && (e.payload['rules'] as RankingRules).components.some((c) => c.source === 'ev-b2'));

    it('passes step 15 with the swap on the log', async () => {
      bundle = JSON.parse((await org.req('organiser:export-bundle', {})).text) as Bundle;
      expect(swapAt(bundle)).toBeGreaterThan(0);
      const s = await step15(structuredClone(bundle));
      expect([s.ok, s.problems]).toEqual([true, []]);
    });

    it('fails step 15 for a swap that changes anything else, or comes before the decision, the log rebuilt and re-signed', async () => {
      const b = structuredClone(bundle);
      (b.body.log[swapAt(b)]!.payload['rules'] as RankingRules).ties = 'tie-break';
      rebuildAndResign(b, server());
      const s = await step15(b);
      expect([s.ok, s.problems[0]]).toEqual([false, expect.stringMatching(/were set after evaluation\/ev-a began/)]);
      // The decision moved after the swap: the swap then replaced an evaluation that might yet have stood.
      const c = structuredClone(bundle);
      const d = c.body.log.findIndex((e) => e.type === 'evaluation.decided');
      const [decided] = c.body.log.splice(d, 1);
      c.body.log.splice(swapAt(c) + 1, 0, decided!);
      rebuildAndResign(c, server());
      const s2 = await step15(c);
      expect([s2.ok, s2.problems[0]]).toEqual([false, expect.stringMatching(/were set after evaluation\/ev-a began/)]);
      // The swap replaced by rules that leave out ev-a, which had begun: the rules in force were fixed.
      const e = structuredClone(bundle);
      const dropped = e.body.log[swapAt(e)]!.payload['rules'] as RankingRules;
      dropped.components = dropped.components.filter((x) => x.source !== 'ev-a');
      dropped.tieBreak = [0];
      rebuildAndResign(e, server());
      const s3 = await step15(e);
      expect([s3.ok, s3.problems[0]]).toEqual([false, expect.stringMatching(/were set after evaluation\/ev-a began/)]);
    });

    it('fails steps 14 and 15 for rules changed before the entries that began their components, written late', async () => {
      // The evaluations' openings written at the end of the log, and the swap made to leave ev-a out: by
      // the openings alone, that change would seem set before either evaluation began. But ev-b's close
      // (and so its voting) came before it.
      const c = structuredClone(bundle);
      const openings = c.body.log.filter((x) => x.type === 'evaluation.opened' && ['ev-a', 'ev-b'].includes(x.payload['evaluationId'] as string));
      expect(openings).toHaveLength(2);
      c.body.log = [...c.body.log.filter((x) => !openings.includes(x)), ...openings];
      const rules = c.body.log[swapAt(c)]!.payload['rules'] as RankingRules;
      rules.components = rules.components.filter((x) => x.source !== 'ev-a');
      rules.tieBreak = [0];
      rebuildAndResign(c, server());
      const report = await verifyBundle(c);
      const s15 = report.steps.find((x) => x.id === '15-ranking')!;
      expect([s15.ok, s15.problems[0]]).toEqual([false, expect.stringMatching(/were set after evaluation\/ev-b began/)]);
      const s14 = report.steps.find((x) => x.id === '14-evaluation')!;
      expect([s14.ok, s14.problems.filter((p) => p.includes('closed before voting opened'))]).toEqual([false, [expect.stringMatching(/^ev-b：/)]]);
    });
  });
});
