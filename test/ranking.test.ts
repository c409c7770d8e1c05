// The composite ranking of a whole selection over real sockets (docs/protocol.md §25): the rules fixed
// before their components begin, every component from the server's own results, the outcomes of the
// documents' rules, and who may see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ballotProblems, bundleHash, countEvaluation, divideRoundHalfAwayFromZero, verifyBundle, type Bundle, type EvaluationSettings, type NoticeRow, type PostRanking, type RankingStatus, type SupervisorsBundle } from '@exam/shared';
import { rebuildAndResign, resign } from './support/tampering';
import { startTestServer, type TestServer } from './support/server';
import { codeOf, connectDesk, type Device } from './support/clients';
import { admitted } from './support/selection-flow';
import { SELECTION, rankedSelection, type RankedSelection } from './support/ranking-flow';
import { makeGroupCards } from '@exam/server';

let t: TestServer;
let desk: Device;
let org: Device;
let flow: RankedSelection;
let offset = 0;
/** An appointees' notice published before the committee's last decision (test 'records the committee’s decision'). */
let early: NoticeRow;
const devices: Device[] = [];
const now = () => Date.now() + offset;

beforeAll(async () => {
  t = await startTestServer({ server: { now } });
  desk = await connectDesk(t.url, t.server.ctx.deskCode);
  org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
  devices.push(desk, org);
  flow = await rankedSelection({ url: t.url, desk, org, now, setNow: (at) => (offset = at - Date.now()), devices, stopBefore: 'rules' });
});
afterAll(async () => {
  for (const d of devices) d.close();
  await t.close();
});

const status = () => org.req('ranking:status', { selectionId: SELECTION });
const post = (s: RankingStatus, id: string) => s.posts.find((p) => p.post === id)!;
/** Independently of shared/src/ranking: score × 100 ÷ max in hundredths, half away from zero (all positive here). */
const outOf100 = (score: number, max: number) => Number(divideRoundHalfAwayFromZero(BigInt(score) * 10_000n, BigInt(max)));
const refusal = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { body: { code: string; message: string; details?: Array<{ path?: string }> } }) => [e.body.code, e.body.details?.[0]?.path ?? null, e.body.message] as const,
  );

describe('composite ranking of a selection', () => {
  it('takes only components the selection has, for posts that go ahead, a round only after its first', async () => {
    const base = flow.rules.p1;
    const set = (rules: object) => refusal(org.req('organiser:set-ranking-rules', { rules: rules as never }));
    expect((await set({ ...base, components: [{ ...base.components[0]!, source: 'paper-b' }, ...base.components.slice(1)] }))!.slice(0, 2)).toEqual(['bad-request', 'rules.components.0']);
    expect((await set({ ...base, components: [base.components[0]!, { ...base.components[1]!, source: 'demo-interview' }, base.components[2]!] }))!.slice(0, 2)).toEqual(['bad-request', 'rules.components.1']);
    expect((await set({ ...base, round: 2 }))!.slice(0, 2)).toEqual(['conflict', null]);
    expect((await set({ ...base, post: 'p9' }))!.slice(0, 2)).toEqual(['not-found', null]);
    // Nothing set yet: the posts are listed without rounds.
    expect((await status()).posts.map((p) => [p.post, p.paper, p.rounds.length])).toEqual([
      ['p1', 'paper-a', 0],
      ['p2', 'paper-b', 0],
    ]);
  });

  it('rates in an evaluation only the selection’s candidates, by admission number and registered name, and recommends only for its posts', async () => {
    const created = await t.server.ctx.db.selectFrom('evaluations').select('settings_json').where('id', '=', 'rank-evaluation').executeTakeFirstOrThrow();
    const good = JSON.parse(created.settings_json) as EvaluationSettings;
    const cards = makeGroupCards('rank-evaluation-2', 'all', 6);
    const create = (edit: (s: EvaluationSettings) => void) => {
      const settings = structuredClone({ ...good, id: 'rank-evaluation-2' });
      edit(settings);
      return refusal(org.req('organiser:create-evaluation', { settings, lists: [cards.keys] }));
    };
    const jia = flow.admission.get('甲一')!;
    // Each refusal names the field: five distinct faults, each at its own place.
    const refusals = [
      await create((s) => void s.candidates.push({ ref: '20269999', name: '外来人' })),
      await create((s) => void (s.candidates[1]!.name = '被测评人2')),
      await create((s) => void s.recommendation[1]!.candidates.push(jia)), // 甲一 competes for p1 only
      await create((s) => void (s.recommendation[0]!.seats = 2)),
      await create((s) => void (s.recommendation[0]!.post = 'p9')),
    ];
    expect(refusals.map((r) => r!.slice(0, 2))).toEqual([
      ['bad-request', 'settings.candidates.5'],
      ['bad-request', 'settings.candidates.1'],
      ['bad-request', 'settings.recommendation.1.candidates'],
      ['bad-request', 'settings.recommendation.0'],
      ['bad-request', 'settings.recommendation.0'],
    ]);
    expect(refusals[0]![2]).toContain('20269999 is not an admission number of selection rank-selection');
    expect(refusals[1]![2]).toContain(`admission number ${good.candidates[1]!.ref} is 乙二, not 被测评人2`);
    expect(refusals[2]![2]).toContain(`${jia} does not compete for post p2`);
    expect(await t.server.ctx.db.selectFrom('evaluations').select('id').where('id', '=', 'rank-evaluation-2').executeTakeFirst()).toBeUndefined();
    // An evaluation may rate some of them; rules then may not name it for a post whose field it leaves out, nor one whose recommendation part does.
    const wu = flow.admission.get('戊五')!;
    const partial = async (id: string, edit: (s: EvaluationSettings) => void) => {
      const settings = structuredClone({ ...good, id });
      edit(settings);
      await org.req('organiser:create-evaluation', { settings, lists: [makeGroupCards(id, 'all', 6).keys] });
    };
    await partial('rank-evaluation-unrated', (s) => {
      s.candidates = s.candidates.filter((c) => c.ref !== wu);
      s.recommendation[0]!.candidates = s.recommendation[0]!.candidates.filter((c) => c !== wu);
    });
    await partial('rank-evaluation-unlisted', (s) => void (s.recommendation[0]!.candidates = s.recommendation[0]!.candidates.filter((c) => c !== wu)));
    const naming = (source: string) => refusal(org.req('organiser:set-ranking-rules', { rules: { ...flow.rules.p1, components: flow.rules.p1.components.map((c) => (c.kind === 'evaluation' ? { ...c, source } : c)) } }));
    const at = flow.rules.p1.components.findIndex((c) => c.kind === 'evaluation');
    expect(await naming('rank-evaluation-unrated')).toEqual(['bad-request', `rules.components.${at}`, `evaluation rank-evaluation-unrated does not rate ${wu}, who compete for p1 in round 1`]);
    expect(await naming('rank-evaluation-unlisted')).toEqual(['bad-request', `rules.components.${at}`, `the recommendation part of evaluation rank-evaluation-unlisted for p1 leaves out ${wu}, who compete for it in round 1`]);
  });

  it('sets the rules before anything begins, logged, and may change them until then', async () => {
    await flow.runUntil('written');
    const s = await status();
    expect(post(s, 'p1').rounds.map((r) => [r.rules.components.map((c) => `${c.kind}/${c.source}:${c.weight}`).join(' '), r.fixedBy])).toEqual([['written/paper-a:3 interview/rank-day:3 evaluation/rank-evaluation:4', null]]);
    // A second round waits until the first is complete: it ranks that round's shortlist (checked before its own shape).
    expect(await refusal(org.req('organiser:set-ranking-rules', { rules: { ...flow.rules.p1, round: 2 } }))).toEqual(['conflict', null, expect.stringMatching(/^round 1 of p1 is not complete/)]);
    // A change while nothing has begun is allowed, and logged too.
    await org.req('organiser:set-ranking-rules', { rules: { ...flow.rules.p2, ties: 'tie-break' } });
    await org.req('organiser:set-ranking-rules', { rules: flow.rules.p2 });
    const logged = await t.server.ctx.db.selectFrom('audit_log').select(['type', 'payload_json']).where('type', '=', 'ranking.rules-set').orderBy('seq').execute();
    expect(logged.map((e) => JSON.parse(e.payload_json) as { postId: string; rules: { ties: string } }).map((p) => [p.postId, p.rules.ties])).toEqual([
      ['p1', 'all'],
      ['p2', 'all'],
      ['p2', 'tie-break'],
      ['p2', 'all'],
    ]);
    // What it waits for, and why: the exam not over, the interview not scored, the evaluation open — each candidate, each component.
    const waiting = (st: RankingStatus) => post(st, 'p1').rounds[0]!.waiting.map((x) => `${st.people[x.registrationId]!.name} ${x.component} ${x.reason}`).sort();
    const names = ['丁四', '乙二', '戊五', '甲一'];
    expect(waiting(s)).toEqual([...names.map((n) => `${n} 0 exam-not-over`), ...names.map((n) => `${n} 1 not-scored`), ...names.map((n) => `${n} 2 evaluation-not-closed`)].sort());
    // A candidate left out of the paper's session, or off the day's list, is named as such: the ranking could never be complete.
    // (Rows taken out of the database behind the server's back for a moment, and put back as they were.)
    const db = t.server.ctx.db;
    const no = flow.admission.get('甲一')!;
    const seat = await db.selectFrom('candidates').selectAll().where('session_id', '=', 'w-paper-a').where('ticket', '=', no).executeTakeFirstOrThrow();
    const onDay = await db.selectFrom('interview_candidates').selectAll().where('ticket', '=', no).executeTakeFirstOrThrow();
    await db.deleteFrom('candidates').where('session_id', '=', 'w-paper-a').where('ticket', '=', no).execute();
    await db.deleteFrom('interview_candidates').where('day_id', '=', onDay.day_id).where('ticket', '=', no).execute();
    const left = waiting(await status()).filter((x) => x.startsWith('甲一'));
    await db.insertInto('candidates').values(seat).execute();
    await db.insertInto('interview_candidates').values(onDay).execute();
    expect(left).toEqual(['甲一 0 no-session', '甲一 1 not-on-day', '甲一 2 evaluation-not-closed']);
    expect(waiting(await status())).toEqual(waiting(s));
    // No component known: no candidate has a composite, and nothing is complete.
    expect(post(s, 'p1').rounds[0]!.ranking!.complete).toBe(false);
    expect(post(s, 'p1').rounds[0]!.ranking!.rows.map((r) => r.composite)).toEqual([null, null, null, null]);
  });

  it('refuses a change once a component the rules name has begun, and says which and where', async () => {
    await flow.runUntil('evaluation');
    const started = await t.server.ctx.db.selectFrom('audit_log').select(['seq', 'payload_json']).where('type', '=', 'exam.started').orderBy('seq').execute();
    const paperA = started.find((e) => (JSON.parse(e.payload_json) as { sessionId: string }).sessionId === 'w-paper-a')!.seq;
    const r = await refusal(org.req('organiser:set-ranking-rules', { rules: { ...flow.rules.p1, ties: 'tie-break' } }));
    expect(r![0]).toBe('rules-fixed');
    expect(r![2]).toContain(`written/paper-a began at log entry ${paperA}`);
    const s = await status();
    expect(post(s, 'p1').rounds[0]!.fixedBy).toEqual({ component: 'written/paper-a', seq: paperA });
    // The written totals are known, the rest not: still no shortlist.
    const p1 = post(s, 'p1').rounds[0]!.ranking!;
    expect([p1.complete, p1.shortlist]).toEqual([false, []]);
    const written = await desk.req('desk:results', { sessionId: 'w-paper-a' });
    const byNo = new Map(written.rows.map((x) => [x.ticket, x]));
    for (const row of p1.rows) {
      const w = byNo.get(row.admissionNo)!;
      expect(row.scores[0]).toBe(w.absent ? null : outOf100(w.total!, written.paperTotal));
      if (w.absent) expect(row.missing).toEqual([0]);
    }
    // 甲一: 5 singles, the multiple, true/false and the blanks right (8.00) and 4.50 + 8.00 for the open answers: 20.50 of 23.00.
    expect([written.paperTotal, p1.rows.find((x) => x.admissionNo === flow.admission.get('甲一'))!.scores[0]]).toEqual([2300, 8913]);
  });

  it('ranks by the documents’ rules once every component is known', async () => {
    await flow.runUntil('notices');
    const s = await status();
    const interview = await desk.req('interview:results', { dayId: 'rank-day' });
    const evaluation = await org.req('evaluation:status', { evaluationId: 'rank-evaluation' });
    const name = (id: string) => s.people[id]!.name;
    for (const p of ['p1', 'p2']) {
      const ranking = post(s, p).rounds[0]!.ranking!;
      expect(ranking.complete).toBe(true);
      for (const row of ranking.rows.filter((r) => r.missing.length === 0)) {
        // Each component as this test computes it from what the desk and the count show, and the composite from those.
        const iv = interview.rows.find((x) => x.ticket === row.admissionNo)!;
        expect(row.scores[1]).toBe(outOf100(iv.score!, interview.max));
        const ev = evaluation.count!.candidates.find((c) => c.ref === row.admissionNo)!;
        expect(row.scores[2]).toBe(ev.score); // the scale's highest points are 100: the score is already out of 100
        const [w, i, e] = row.scores as number[];
        expect(row.composite).toBe(Number(divideRoundHalfAwayFromZero(BigInt(3 * w! + 3 * i! + 4 * e!), 10n)));
      }
    }
    // p1: 戊五 absent from the written exam (missing), 丁四 rated 不称职 by 3 of 6 (50 % > 30 %); the field is
    // 甲一 and 乙二, two: the vote bar is 50 % and each has exactly 3 of 6 marks; the composite bar 50 points.
    const p1 = post(s, 'p1').rounds[0]!.ranking!;
    expect([p1.fieldSize, p1.voteBar, p1.compositeBar, p1.voteBarApplies, p1.limit]).toEqual([2, 5000, 5000, 'yes', 3]);
    expect(p1.rows.map((r) => [name(r.registrationId), r.outcome, r.voteBp])).toEqual(
      expect.arrayContaining([
        ['甲一', 'shortlisted', 5000],
        ['乙二', 'shortlisted', 5000],
        ['丁四', 'dissatisfied', 0],
        ['戊五', 'missing', 0],
      ]),
    );
    expect(p1.shortlist.map(name).sort()).toEqual(['乙二', '甲一'].sort());
    expect(p1.vacancies).toBeNull();
    // p2: 乙二 (first preference) and 丙三, three marks each.
    const p2 = post(s, 'p2').rounds[0]!.ranking!;
    expect(p2.rows.map((r) => [name(r.registrationId), r.outcome])).toEqual(expect.arrayContaining([['乙二', 'shortlisted'], ['丙三', 'shortlisted']]));
    // The rows are in composite order, highest first, with competition ranks.
    expect(p1.rows.slice(0, 2).map((r) => r.composite!)).toEqual([...p1.rows.slice(0, 2).map((r) => r.composite!)].sort((a, b) => b - a));
    expect(p1.rows[0]!.rank).toBe(1);
  });

  it('records the committee’s decision: a person proposed for both posts goes to the one they preferred, the other post takes its next', async () => {
    const id = (n: string) => flow.ids.get(n)!;
    const decide = (posts: Array<{ post: string; proposed: string[]; notProposed?: Array<{ registrationId: string; reason: string }> }>) =>
      org.req('organiser:decide-appointments', { decision: { selectionId: SELECTION, meeting: '2026 年第 12 次党组会议', posts: posts.map((p) => ({ notProposed: [], ...p })), probationMonths: 12 } });
    // Someone not on p2's shortlist; a shortlisted person left out without a reason; a post left out.
    expect((await refusal(decide([{ post: 'p1', proposed: [id('甲一'), id('乙二')] }, { post: 'p2', proposed: [id('乙二'), id('丁四')] }])))!.slice(0, 1)).toEqual(['bad-request']);
    expect((await refusal(decide([{ post: 'p1', proposed: [id('甲一')] }, { post: 'p2', proposed: [id('乙二'), id('丙三')] }])))![2]).toContain('neither proposed nor given a reason');
    expect((await refusal(decide([{ post: 'p1', proposed: [id('甲一'), id('乙二')] }])))![2]).toContain('post p2 is not decided');
    // 乙二 first on both lists: 乙二 put p2 first, so p2 has 乙二 and p1 takes 甲一, whatever order the posts come in.
    const a = await decide([{ post: 'p1', proposed: [id('乙二'), id('甲一')] }, { post: 'p2', proposed: [id('乙二'), id('丙三')] }]);
    const b = await decide([{ post: 'p2', proposed: [id('乙二'), id('丙三')] }, { post: 'p1', proposed: [id('乙二'), id('甲一')] }]);
    expect(b.decision!.result).toEqual(a.decision!.result);
    expect(a.decision!.result.posts.map((p) => [p.post, p.appointed.map((r) => a.people[r]!.name), p.vacancies])).toEqual([
      ['p1', ['甲一'], []],
      ['p2', ['乙二'], []],
    ]);
    // The committee does not propose 甲一 for p1 (the review found a reason): p1 has only 乙二, who goes to p2: vacant, taken elsewhere.
    const c = await decide([{ post: 'p1', proposed: [id('乙二')], notProposed: [{ registrationId: id('甲一'), reason: '考察中发现不宜提拔的情形' }] }, { post: 'p2', proposed: [id('乙二'), id('丙三')] }]);
    expect(c.decision!.result.posts.find((p) => p.post === 'p1')).toEqual({ post: 'p1', seats: 1, appointed: [], vacancies: [{ seats: 1, rule: 'taken-elsewhere' }] });
    // The reason stays off the public log: the log names who is not proposed, not why.
    const logged = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'ranking.decided').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(logged.payload_json).not.toContain('考察中发现');
    expect(JSON.parse(logged.payload_json).decision.posts[0].notProposed).toEqual([id('甲一')]);
    // The decision that stands: the first one again. After it, no rules change (a second round neither).
    await decide([{ post: 'p1', proposed: [id('乙二'), id('甲一')] }, { post: 'p2', proposed: [id('乙二'), id('丙三')] }]);
    // Its appointees go on notice here; the committee decides again below (the flow's notices), which this notice then no longer shows.
    early = (await org.req('organiser:publish-notice', { selectionId: SELECTION, kind: 'appointees', target: null, workingDays: 5 })).notices.at(-1)!;
    expect([early.kind, early.replaced]).toEqual(['appointees', null]);
    expect((await refusal(org.req('organiser:set-ranking-rules', { rules: { ...flow.rules.p1, round: 2, components: [...flow.rules.p1.components, { kind: 'interview', source: 'demo-interview', weight: 1 }] } })))!.slice(0, 1)).toEqual(['conflict']);
  });

  it('puts the ranking and the proposed appointees on notice, registers and handles objections, and makes the appointments final after the period', async () => {
    await flow.runUntil();
    let st = await org.req('notice:status', { selectionId: SELECTION });
    const decidedAt = (await org.req('ranking:status', { selectionId: SELECTION })).decision!.decidedAt;
    // The early notice is no longer in force from the committee's new decision; the others are, the appointments made last.
    expect(st.notices.map((n) => [n.kind, n.workingDays, n.ended, n.replaced])).toEqual([
      ['appointees', 5, true, { by: null, at: decidedAt }],
      ['ranking', 5, true, null],
      ['appointees', 5, true, null],
      ['appointed', 5, false, null],
    ]);
    const appointees = st.notices[2]!;
    const appointed = st.notices[3]!;
    // Day one is the day after publication; the last working day ends at 24:00 Beijing time.
    expect(appointees.endsAt).toBe(Date.parse(`${appointees.lastDay}T00:00:00+08:00`) + 86_400_000);
    expect(appointees.firstDay > new Date(appointees.publishedAt + 8 * 3600_000).toISOString().slice(0, 10)).toBe(true);
    expect(st.objections.map((o) => [o.signed, o.about === null ? null : flow.ids.get('甲一') === o.about, o.outcome?.outcome, o.noticeId])).toEqual([
      [true, true, 'unfounded', appointees.id],
      [false, null, 'no-effect', appointees.id],
      [false, null, 'no-effect', appointed.id],
    ]);
    const name = (r: string) => [...flow.ids].find(([, id]) => id === r)![0];
    expect(st.appointments.map((a) => [a.post, name(a.registrationId), a.state])).toEqual([
      ['p1', '甲一', 'final'],
      ['p2', '乙二', 'final'],
    ]);
    // The period is over: an objection now is refused, and the appointments are final once.
    expect((await refusal(org.req('organiser:record-objection', { noticeId: appointees.id, about: null, name: null, contact: null, via: 'letter', text: '迟到的异议' })))![0]).toBe('session-state');
    expect((await refusal(org.req('organiser:finalise-appointments', { selectionId: SELECTION })))![0]).toBe('conflict');
    // Once final, the committee's decision no longer changes, and no objection can withhold an appointment.
    const id = (n: string) => flow.ids.get(n)!;
    expect(await refusal(org.req('organiser:decide-appointments', { decision: { selectionId: SELECTION, meeting: '2026 年第 13 次党组会议', posts: [{ post: 'p1', proposed: [id('乙二'), id('甲一')], notProposed: [] }, { post: 'p2', proposed: [id('乙二'), id('丙三')], notProposed: [] }], probationMonths: 12 } }))).toEqual(['conflict', 'decision.selectionId', 'the appointments of this selection are final: the committee’s decision can no longer change']);
    st = await org.req('organiser:record-objection', { noticeId: appointed.id, about: id('乙二'), name: null, contact: null, via: 'letter', text: '任职后反映的问题' });
    const late = st.objections.at(-1)!;
    for (const outcome of ['deferred', 'not-appointed'] as const) expect((await refusal(org.req('organiser:handle-objection', { objectionId: late.id, outcome, reason: '核实后' })))!.slice(0, 2)).toEqual(['session-state', 'outcome']);
    st = await org.req('organiser:handle-objection', { objectionId: late.id, outcome: 'no-effect', reason: '反映的问题按干部管理规定另行处理' });
    expect(st.appointments.map((a) => a.state)).toEqual(['final', 'final']);
    // The appointments made: names, posts and the probation, the objection's content nowhere.
    const made = await (await fetch(`${t.url}/notice/${appointed.id}`)).text();
    expect(made).toContain('任用结果公布');
    expect(made).toContain('试用期 12 个月');
    for (const n of ['甲一', '乙二']) expect(made).toContain(n);
    expect(made).not.toContain('任职后反映的问题');
    expect(made).not.toContain('本公示已');
    // The early notice says at its top that it is no longer in force, and the list of notices says so beside it.
    const earlyPage = await (await fetch(`${t.url}/notice/${early.id}`)).text();
    expect(earlyPage).toContain('本公示已失效 · No longer in force');
    expect(earlyPage).toContain('党组于');
    const list = await (await fetch(`${t.url}/notice/`)).text();
    expect(list.match(/已失效 no longer in force/g)).toHaveLength(1);
    expect(list).toMatch(new RegExp(`/notice/${early.id}">[^<]*</a>（已失效 no longer in force）`));
    // The public page: no login, the names and posts, the period, the bundle's hash; the objection's content nowhere.
    const html = await (await fetch(`${t.url}/notice/${appointees.id}`)).text();
    expect(html).toContain('拟任人选公示');
    expect(html).toContain(appointees.bundleHash);
    expect(html).toContain(`${appointees.lastDay} 24:00`);
    for (const n of ['甲一', '乙二']) expect(html).toContain(n);
    expect(html).not.toContain('原单位工作中存在问题');
    const index = await (await fetch(`${t.url}/notice/`)).text();
    expect(index).toContain(`/notice/${appointees.id}`);
    expect(index).not.toContain('Bundle hash');
    // A mistyped address: a page in both languages for the public, never an error object.
    for (const path of ['/notice/n-nope', '/notice/n-000000000000', '/notice/n-nope/pdf']) {
      const res = await fetch(`${t.url}${path}`);
      const body = await res.text();
      expect([res.status, res.headers.get('content-type')?.split(';')[0]], path).toEqual([404, 'text/html']);
      expect(body, path).toContain('没有这份公示 · No such notice');
      expect(body, path).not.toContain('"error"');
    }
    // The bundle published with it is the one whose hash the page carries, and it verifies.
    const published = (await (await fetch(`${t.url}/notice/${appointees.id}/bundle.json`)).json()) as Bundle;
    expect(bundleHash(published.body)).toBe(appointees.bundleHash);
    expect((await verifyBundle(published)).steps.filter((x) => !x.ok)).toEqual([]);
    const ranking = await (await fetch(`${t.url}/notice/${st.notices[1]!.id}`)).text();
    expect(ranking).toContain('综合成绩及考察人选公示');
    expect(ranking).toContain('001 列出 40、50、60 分未说明对应人数');
    expect(ranking).not.toContain('本公示已');
    // The ranking published again: the first says which replaced it, with a link.
    const again = (await org.req('organiser:publish-notice', { selectionId: SELECTION, kind: 'ranking', target: null, workingDays: 5 })).notices;
    expect(again.filter((n) => n.kind === 'ranking').map((n) => n.replaced?.by ?? null)).toEqual([again.at(-1)!.id, null]);
    const replaced = await (await fetch(`${t.url}/notice/${st.notices[1]!.id}`)).text();
    expect(replaced).toContain(`本公示已被更新 · Replaced</strong>`);
    expect(replaced).toContain(`<a href="/notice/${again.at(-1)!.id}">`);
  });

  it('shows the rankings to the venue’s supervisors, and to no examiner', async () => {
    const sup = await admitted(t.url, desk, { role: 'supervisor', person: '外部监督员' });
    devices.push(sup);
    expect((await sup.req('ranking:status', { selectionId: SELECTION })).posts.map((p) => p.post)).toEqual(['p1', 'p2']);
    const examiner = flow.examiners[0]!;
    expect(await codeOf(examiner.req('ranking:status', { selectionId: SELECTION }))).toBe('forbidden');
  });

  describe('in the bundle', () => {
    let bundle: Bundle;
    const server = () => ({ signObject: (type: string, object: unknown) => t.server.ctx.serverKey.signObject(type as never, object) });
    const failing = async (b: Bundle) => (await verifyBundle(b)).steps.filter((x) => !x.ok).map((x) => [x.id, x.problems[0]]);
    const rankingOf = (b: Bundle, p: string) => (b.body.results.rankings![SELECTION] as PostRanking[]).find((x) => x.post === p)!;

    it('is published with the bundle, and every step passes', async () => {
      bundle = JSON.parse((await org.req('organiser:export-bundle', {})).text) as Bundle;
      expect((bundle.body.results.rankings![SELECTION] as PostRanking[]).map((r) => [r.post, r.round, r.shortlist.length])).toEqual([
        ['p1', 1, 2],
        ['p2', 1, 2],
      ]);
      expect(await failing(structuredClone(bundle))).toEqual([]);
      const report = await verifyBundle(structuredClone(bundle));
      expect(report.steps.find((x) => x.id === '15-ranking')!.checked).toBeGreaterThan(10);
    });

    it('opens every objection’s commitment with the supervisors’ bundle, and names a record altered', async () => {
      const records = JSON.parse((await org.req('organiser:export-supervisors-bundle', {})).text) as SupervisorsBundle;
      expect(records.objections!.map((o) => [o.name, o.via]).sort()).toEqual([['王某', 'letter'], [null, 'telephone'], [null, 'email'], [null, 'letter']].sort());
      expect((await verifyBundle(structuredClone(bundle), { supervisors: structuredClone(records) })).steps.filter((x) => !x.ok)).toEqual([]);
      const altered = structuredClone(records);
      altered.objections!.find((o) => o.name === '王某')!.text = '反映甲一工作认真。';
      const report = await verifyBundle(structuredClone(bundle), { supervisors: altered });
      expect(report.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems.length])).toEqual([['16-notices', 1]]);
      expect(report.steps.find((x) => x.id === '16-notices')!.problems[0]).toContain('has no record in the supervisors’ bundle that opens its commitment');
    });

    it('fails step 14 for an evaluation rating someone the draw never admitted, under another name, set up before the draw, or with a rival on a post’s recommendation', async () => {
      const records = JSON.parse((await org.req('organiser:export-supervisors-bundle', {})).text) as SupervisorsBundle;
      /** Edits the evaluation's settings on the log and on the board alike, rebuilds the log and re-signs it with the server's key. */
      const edited = async (edit: (s: EvaluationSettings, b: Bundle) => void, withRecords = false) => {
        const b = structuredClone(bundle);
        const created = b.body.log.find((e) => e.type === 'evaluation.created')!;
        edit(created.payload['settings'] as EvaluationSettings, b);
        const board = b.body.evaluations!.find((e) => e.id === 'rank-evaluation')!;
        const settings = structuredClone(created.payload['settings']) as EvaluationSettings;
        board.settings = settings;
        // The count names each candidate: published as recomputed, where the ballots still fit the form.
        if (board.ballots.every((x) => ballotProblems(x.ballot, settings).length === 0)) board.count = countEvaluation(settings, board.ballots.map((x) => x.ballot));
        rebuildAndResign(b, server());
        const report = await verifyBundle(b, withRecords ? { supervisors: structuredClone(records) } : {});
        return report.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems.join(' | ')]);
      };
      const ding = flow.admission.get('丁四')!;
      // Another name: only the forms can show it, so the bare bundle passes and the supervisors' one does not.
      const renamed = (s: EvaluationSettings) => void (s.candidates.find((c) => c.ref === ding)!.name = '丁肆');
      expect(await edited(renamed)).toEqual([]);
      expect(await edited(renamed, true)).toEqual([['14-evaluation', `rank-evaluation：准考证号 ${ding} 的报名人不是 丁肆 · rank-evaluation: admission number ${ding} is not registered as 丁肆`]]);
      // A competitor left off p1's recommendation part: ranked below the vote bar by the omission alone.
      const dropped = await edited((s) => void (s.recommendation[0]!.candidates = s.recommendation[0]!.candidates.filter((c) => c !== flow.admission.get('戊五'))));
      expect(dropped.map(([id]) => id)).toEqual(['15-ranking']);
      expect(dropped[0]![1]).toContain(`rank-selection/p1 round 1: evaluation rank-evaluation leaves ${flow.admission.get('戊五')} of the round's field off its recommendation part for the post`);
      // A rival added to the recommendation for p2, whom the ballots may still leave unmarked.
      expect(await edited((s) => void s.recommendation[1]!.candidates.push(ding))).toEqual([['14-evaluation', expect.stringContaining(`the recommendation part of post p2 lists ${ding}, who do not compete for it`)]]);
      // Someone who never registered: the ballots do not rate them either, which step 14 names too.
      const stranger = await edited((s) => void s.candidates.push({ ref: '20269999', name: '外来人' }));
      // (None of the ballots then counts, so the ranking recomputed differs too: step 15.)
      expect(stranger.map(([id]) => id)).toEqual(['14-evaluation', '15-ranking']);
      expect(stranger[0]![1]).toContain('candidate 20269999 (外来人) is not an admission number of the selection');
      // The entry's ids not those of the settings it logs.
      const otherSelection = await edited((_s, b) => void (b.body.log.find((e) => e.type === 'evaluation.created')!.payload['selectionId'] = 'other-selection'));
      expect(otherSelection.find(([id]) => id === '14-evaluation')![1]).toContain('the evaluation or selection id logged at entry');
      // The evaluation set up before the draw that gave the numbers it names.
      const early = await edited((_s, b) => {
        const i = b.body.log.findIndex((e) => e.type === 'evaluation.created');
        const [e] = b.body.log.splice(i, 1);
        b.body.log.splice(b.body.log.findIndex((x) => x.type === 'seats.assigned'), 0, e!);
      });
      expect(early.find(([id]) => id === '14-evaluation')![1]).toContain('the evaluation was set up before the seat draw that gave the admission numbers');
    });

    it('fails step 15 alone for a composite or an outcome published otherwise, re-signed with the server’s key', async () => {
      const b = structuredClone(bundle);
      const row = rankingOf(b, 'p1').rows[0]!;
      row.composite! += 1;
      resign(b, server());
      expect(await failing(b)).toEqual([['15-ranking', expect.stringContaining(`${row.admissionNo} 综合成绩为 ${row.composite}`)]]);
      const c = structuredClone(bundle);
      const p2 = rankingOf(c, 'p2');
      p2.rows[1]!.outcome = 'not-shortlisted';
      p2.shortlist = p2.shortlist.slice(0, 1);
      resign(c, server());
      expect(await failing(c)).toEqual([['15-ranking', expect.stringContaining(`${p2.rows[1]!.admissionNo} 结果为 not-shortlisted，应为 shortlisted`)]]);
    });

    it('fails step 15 for appointments logged otherwise than the proposals and preferences give, the log rebuilt and re-signed', async () => {
      const b = structuredClone(bundle);
      const e = b.body.log.filter((x) => x.type === 'ranking.decided').at(-1)!;
      const posts = (e.payload['result'] as { posts: Array<{ appointed: string[] }> }).posts;
      [posts[0]!.appointed, posts[1]!.appointed] = [posts[1]!.appointed, posts[0]!.appointed];
      rebuildAndResign(b, server());
      const steps = await failing(b);
      expect(steps.find((x) => x[0] === '15-ranking')![1]).toContain('are not those the proposals and each person');
    });

    it('fails step 16 for a notice shorter than its working days, or appointments made final before their notice ended, or a notice of more than 30 days, a target, an id used twice, an objection about no one registered', async () => {
      const b = structuredClone(bundle);
      const n = b.body.log.filter((e) => e.type === 'notice.published' && e.payload['kind'] === 'appointees').at(-1)!;
      n.payload['lastDay'] = new Date(Date.parse(String(n.payload['lastDay'])) - 86_400_000).toISOString().slice(0, 10);
      rebuildAndResign(b, server());
      expect((await failing(b)).find((x) => x[0] === '16-notices')![1]).toContain('not the');
      const c = structuredClone(bundle);
      const f = c.body.log.find((e) => e.type === 'appointments.finalised')!;
      f.at = Number(c.body.log.filter((e) => e.type === 'notice.published' && e.payload['kind'] === 'appointees').at(-1)!.payload['endsAt']) - 3_600_000;
      rebuildAndResign(c, server());
      expect((await failing(c)).find((x) => x[0] === '16-notices')![1]).toContain('before the proposed appointees');
      const d = structuredClone(bundle);
      const h = d.body.log.findIndex((e) => e.type === 'objection.handled');
      d.body.log.splice(h, 1);
      rebuildAndResign(d, server());
      expect((await failing(d)).find((x) => x[0] === '16-notices')![1]).toContain('an objection still open');
      // An objection to the appointees' notice logged after the appointments were made final, its time set
      // back into the period (the server's clock): the log's order says the notice had ended.
      const e = structuredClone(bundle);
      const notice = e.body.log.filter((x) => x.type === 'notice.published' && x.payload['kind'] === 'appointees').at(-1)!;
      const received = e.body.log.find((x) => x.type === 'objection.received' && x.payload['noticeId'] === notice.payload['noticeId'])!;
      e.body.log.push({ ...structuredClone(received), at: notice.at + 60_000, payload: { ...structuredClone(received.payload), objectionId: 'late-1' } });
      rebuildAndResign(e, server());
      expect((await failing(e)).find((x) => x[0] === '16-notices')![1]).toContain('after the appointments were made final');
      // After the appointments are final: a committee decision, an objection's outcome that withholds one; and the appointments made published before they were.
      const at16 = async (b: Bundle) => (await failing(b)).filter((x) => x[0] === '16-notices').map((x) => x[1]);
      const f1 = structuredClone(bundle);
      const decided = f1.body.log.filter((x) => x.type === 'ranking.decided').at(-1)!;
      f1.body.log.push({ ...structuredClone(decided), at: f1.body.log.at(-1)!.at + 1_000 });
      rebuildAndResign(f1, server());
      expect(await at16(f1)).toEqual([expect.stringContaining('records a committee decision after the appointments of its selection were made final')]);
      const f2 = structuredClone(bundle);
      const final = f2.body.log.find((x) => x.type === 'appointments.finalised')!;
      const lateHandled = f2.body.log.find((x) => x.type === 'objection.handled' && x.seq > final.seq)!;
      lateHandled.payload['outcome'] = 'not-appointed';
      rebuildAndResign(f2, server());
      expect(await at16(f2)).toEqual([expect.stringContaining('handles an objection not-appointed after the appointments were made final')]);
      const f3 = structuredClone(bundle);
      const madeAt = f3.body.log.findIndex((x) => x.type === 'notice.published' && x.payload['kind'] === 'appointed');
      const [made] = f3.body.log.splice(madeAt, 1);
      f3.body.log.splice(f3.body.log.findIndex((x) => x.type === 'appointments.finalised'), 0, made!);
      rebuildAndResign(f3, server());
      expect(await at16(f3)).toEqual([expect.stringContaining('publishes the appointments made before they were made final')]);
      // The ranking's notice: a period over 30 working days, a target where its kind names none, the id of an earlier notice.
      const rankingNotice = (b: Bundle) => b.body.log.find((x) => x.type === 'notice.published' && x.payload['kind'] === 'ranking')!;
      const g1 = structuredClone(bundle);
      rankingNotice(g1).payload['workingDays'] = 31;
      rebuildAndResign(g1, server());
      expect(await at16(g1)).toEqual([expect.stringContaining('sets a notice period outside 5 to 30 working days')]);
      const g2 = structuredClone(bundle);
      rankingNotice(g2).payload['target'] = 0;
      rebuildAndResign(g2, server());
      expect(await at16(g2)).toEqual([expect.stringContaining('of an unknown kind or target')]);
      const g3 = structuredClone(bundle);
      const first = g3.body.log.find((x) => x.type === 'notice.published')!;
      expect(first.payload['kind']).toBe('appointees');
      rankingNotice(g3).payload['noticeId'] = first.payload['noticeId'];
      rebuildAndResign(g3, server());
      expect(await at16(g3)).toEqual([expect.stringContaining('a second time under the same id')]);
      // An objection about someone who never registered in the selection (the late one, handled with no effect: no appointment turns on it).
      const g4 = structuredClone(bundle);
      const late = g4.body.log.filter((x) => x.type === 'objection.received' && x.payload['about'] !== null).at(-1)!;
      expect(g4.body.log.findIndex((x) => x.type === 'appointments.finalised')).toBeLessThan(g4.body.log.indexOf(late));
      late.payload['about'] = 'r-00000000000000ff';
      rebuildAndResign(g4, server());
      expect(await at16(g4)).toEqual([expect.stringContaining('records an objection about r-00000000000000ff, which is no registration of its selection logged before it')]);
    });

    it('fails steps 14 and 15 for an evaluation decided rerun, which never stands, even one that reached its turnout (the log rebuilt and re-signed)', async () => {
      const b = structuredClone(bundle);
      const closed = b.body.log.find((e) => e.type === 'evaluation.closed' && e.payload['evaluationId'] === 'rank-evaluation')!;
      b.body.log.push({ ...structuredClone(closed), hash: '', at: b.body.log.at(-1)!.at, type: 'evaluation.decided', payload: { evaluationId: 'rank-evaluation', decision: 'rerun', reason: '重新测评' } });
      rebuildAndResign(b, server());
      const steps = await failing(b);
      expect(steps.map((x) => x[0])).toEqual(['14-evaluation', '15-ranking']);
      expect(steps[0]![1]).toMatch(/records a decision on the turnout, but the evaluation reached the minimum turnout/);
      // The published rankings counted the evaluation; without it, neither post's ranking is complete.
      expect(steps[1]![1]).toMatch(/p1/);
    });

    it('fails step 15 for rules changed after their component began, even with the log rebuilt and re-signed', async () => {
      const b = structuredClone(bundle);
      // The server changes p1's weights once the written results are known: a rules entry moved to the end of the log, 4 : 2 : 4.
      const i = b.body.log.findIndex((e) => e.type === 'ranking.rules-set' && e.payload['postId'] === 'p1');
      const [e] = b.body.log.splice(i, 1);
      (e!.payload['rules'] as { components: Array<{ weight: number }> }).components[1]!.weight = 2;
      b.body.log.push(e!);
      rebuildAndResign(b, server());
      const steps = await failing(b);
      expect(steps.map((x) => x[0])).toContain('15-ranking');
      expect(steps.find((x) => x[0] === '15-ranking')![1]).toMatch(/were set after written\/paper-a began/);
    });
  });
});

