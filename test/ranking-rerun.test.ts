// An evaluation under its minimum turnout that the committee has run again (docs/protocol.md §24–§25):
// the post's rules were fixed when it opened, and it will never stand; the rules may then name the
// evaluation run again in its place — that change alone, before the new one opens — and a verifier
// holds the log to the same rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, presetRules, verifyBundle, type Bundle, type EvaluationSettings, type RankingRules } from '@exam/shared';
import { makeGroupCards } from '@exam/server';
import { PEOPLE } from '@exam/server/demo/ranked-selection';
import { contributor } from './support/interview';
import { rebuildAndResign } from './support/tampering';
import { startTestServer, type TestServer } from './support/server';
import { connectDesk, type Device } from './support/clients';
import { admitted, selectionToQualified } from './support/selection-flow';

const SELECTION = 'rerun-selection';
let t: TestServer;
let desk: Device;
let org: Device;
let offset = 0;
const devices: Device[] = [];
const now = () => Date.now() + offset;
let admissions: Map<string, string>;

const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { body: { code: string; message: string } }) => [e.body.code, e.body.message] as const,
  );

/** An evaluation of the selection's candidates, one group of six, its cards made. */
async function evaluation(id: string): Promise<string[]> {
  const settings: EvaluationSettings = {
    selectionId: SELECTION,
    id,
    title: `民主测评 ${id}`,
    candidates: PEOPLE.filter((p) => admissions.has(p.name)).map((p) => ({ ref: admissions.get(p.name)!, name: p.name })),
    groups: [{ id: 'all', name: '全体干部职工', weight: 100, entitled: 6 }],
    ...DEFAULT_RULES,
    dimensions: false,
    recommendation: [],
  };
  const cards = makeGroupCards(id, 'all', 6);
  await org.req('organiser:create-evaluation', { settings, lists: [cards.keys] });
  return cards.codes;
}

beforeAll(async () => {
  t = await startTestServer({ server: { now } });
  desk = await connectDesk(t.url, t.server.ctx.deskCode);
  org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
  devices.push(desk, org);
  const people = PEOPLE.filter((p) => p.posts.includes('p1')).map((p) => ({ ...p, posts: ['p1'] as [string] }));
  const sel = await selectionToQualified({ url: t.url, desk, org, now, setNow: (at) => (offset = at - Date.now()), selectionId: SELECTION, steps: ['evaluation'], posts: [{ id: 'p1', title: '办公室副主任', paper: null, seats: 1, minRatio: 2 }], people });
  devices.push(sel.reviewer, ...sel.others);
  const sup = await admitted(t.url, desk, { role: 'supervisor', person: '纪检监督员' });
  devices.push(sup);
  const draw = await org.req('organiser:open-seat-draw', { selectionId: SELECTION, supervisors: [sup.status.deviceId] });
  const c = contributor(sup);
  await sup.req('lot:commit', c.commit(draw.drawId, draw.candidatesHash));
  await sup.req('lot:reveal', { drawId: draw.drawId, secret: c.secret });
  admissions = new Map((await org.req('organiser:admissions', { selectionId: SELECTION })).rows.map((r) => [r.name, r.admissionNo]));
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
    const unusedA = await evaluation('ev-a');
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
    await org.req('organiser:decide-evaluation', { evaluationId: 'ev-b', decision: 'rerun', reason: '参评率未达到三分之二，党组决定重新测评' });
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
    expect((await refusal(set({ ...swapped, ties: 'tie-break' })))![0]).toBe('rules-fixed');
    void unusedA;
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
    });
  });
});
