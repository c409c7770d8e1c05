import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTICE_NAMES, SHIPPED_CALENDARS, beijingDay, fromBase64, signingBytes, verifyBundle, verifyEd25519, type Bundle, type NoticeKind, type ReviewDecision } from '@exam/shared';
import { RANKED_DEMO_SELECTION, exportBundle, setUpRankedDemo, setUpSelectionDemo, verifyAuditChain, type DemoClock } from '@exam/server';
import { startTestServer, type TestServer } from './support/server';
import { connectDesk, connectDevice, waitFor, type Device } from './support/clients';
import { DAY, admitted, selectionToQualified } from './support/selection-flow';
import { withDatabaseArgs } from './support/store';
import { execExam } from './support/process';
import { rebuildAndResign, type ServerSigner } from './support/tampering';

/** What `npm start` shows a new user of the procedure's front: a selection with posts, registrations and a review begun. */
describe('the demonstration selection', () => {
  let t: TestServer;
  let org: Device;
  beforeAll(async () => {
    t = await startTestServer();
    await setUpSelectionDemo(t.server.ctx);
    const desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await connectDevice(t.url, 'tablet');
    const admitted = waitFor<{ status: string }>(org.socket, 'device:status', (s) => s.status === 'admitted');
    await desk.req('desk:admit', { role: 'organiser', fingerprint: org.status.fingerprint, person: '演示组织者' });
    await admitted;
    desk.close();
  });
  afterAll(async () => {
    org?.close();
    await t?.close();
  });

  it('has two posts, a dozen registrations (some for two posts), and the first five people reviewed with signatures that verify', async () => {
    const { selections, reviewerDevices } = await org.req('organiser:overview', {});
    const s = selections.find((x) => x.id === 'demo-selection')!;
    expect(s.posts.map((p) => p.title)).toEqual(['办公室副主任', '政务服务科科长']);
    expect((await org.req('organiser:registrations', { selectionId: s.id })).rows.length).toBe(12);
    expect(s.registrations).toEqual({ p1: 9, p2: 6 });
    expect(s.review).toEqual({ decided: 6, total: 15, passed: 5 });
    expect(reviewerDevices.map((r) => r.person)).toEqual(['演示审查人']);
    const rows = await t.server.ctx.db.selectFrom('review_decisions').select(['decision_json', 'signature']).execute();
    expect(rows.length).toBe(6);
    for (const r of rows) {
      const d = JSON.parse(r.decision_json) as ReviewDecision;
      expect(verifyEd25519(fromBase64(d.reviewerKey), signingBytes('review-decision', d), fromBase64(r.signature))).toBe(true);
    }
    // Registration closed two hours ago, after every registration was made; the log's chain holds.
    const times = await t.server.ctx.db.selectFrom('registrations').select('submitted_at').execute();
    expect(times.every((x) => x.submitted_at < s.registrationCloses && x.submitted_at >= s.registrationOpens)).toBe(true);
    expect((await verifyAuditChain(t.server.ctx.db)).ok).toBe(true);
  });

  it('leaves the bundle verifying, and the bundle carries no ID number, name or reason of the registrations', async () => {
    const bundle = await exportBundle(t.server.ctx);
    const report = await verifyBundle(bundle);
    expect(report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 2)])).toEqual([]);
    const text = JSON.stringify(bundle);
    const rows = await t.server.ctx.db.selectFrom('registrations').select(['id_number', 'form_json']).execute();
    expect(rows.length).toBe(12);
    // The demo's exam rosters use some of the same names (an exam's candidates are named in its results); the others must not appear.
    const examNames = new Set([...bundle.body.sessions.flatMap((s) => s.candidates.map((c) => c.name)), ...bundle.body.days.flatMap((d) => d.candidates.map((c) => c.name))]);
    const registrationOnly = rows.map((r) => (JSON.parse(r.form_json) as { name: string }).name).filter((n) => !examNames.has(n));
    expect(registrationOnly.length).toBeGreaterThanOrEqual(8);
    for (const r of rows) expect(text).not.toContain(r.id_number);
    for (const n of registrationOnly) expect(text).not.toContain(n);
    expect(text).not.toContain('任现职级年限不足');
  });

  it('`exam publish` writes the list of posts, Chinese with English beside it, as HTML and PDF', () => {
    const out = mkdtempSync(join(tmpdir(), 'exam-posts-'));
    try {
      execExam(withDatabaseArgs(['publish', '--data', t.dataDir, '--out', out]));
      const html = readFileSync(join(out, 'posts-demo-selection.html'), 'utf8');
      expect(html).toContain('公开职位 · Posts — 演示：2026 年中层干部竞争上岗');
      expect(html).toMatch(/<td>办公室副主任<\/td><td>办公室<\/td><td>副职 Deputy<\/td><td>1<\/td>/);
      expect(html).toContain('大学本科 Bachelor’s degree 及以上 · or higher');
      expect(html).toContain('报名截止日不超过 45 周岁 · at most 45 on the deadline');
      expect(html).toContain('<td>1 : 2</td>');
      expect(html).toContain('笔试 Written exam → 民主测评 Democratic evaluation → 面试 Interview');
      // No list of those who qualify yet: it is not published.
      expect(existsSync(join(out, 'qualified-demo-selection.html'))).toBe(false);
      expect(existsSync(join(out, 'posts-demo-selection.pdf'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

/** What `npm start` gives a new user for the end of the procedure: a selection to the committee's decision, to be played to the notice. */
describe('the demonstration selection to the decision, played on to the notice', () => {
  let t: TestServer;
  let org: Device;
  let desk: Device;
  const clock: DemoClock = { offset: 0 };
  const began = Date.now();
  /** The last log entry before the demonstration (the test server's own demo session and day). */
  let before = 0;
  beforeAll(async () => {
    t = await startTestServer({ server: { now: () => Date.now() + clock.offset } });
    before = (await t.server.ctx.db.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow()).seq;
    await setUpRankedDemo(t.url, t.server.ctx.deskCode, clock);
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '新用户' });
  }, 120_000);
  afterAll(async () => {
    org?.close();
    desk?.close();
    await t?.close();
  });

  it('is played three days back, every log entry in time order and before now, and leaves the real clock', async () => {
    expect(clock.offset).toBe(0);
    const log = await t.server.ctx.db.selectFrom('audit_log').select(['seq', 'at', 'type']).where('seq', '>', before).orderBy('seq').execute();
    expect(log.length).toBeGreaterThan(100);
    expect(log.filter((e, i) => i > 0 && e.at < log[i - 1]!.at).map((e) => [e.seq, e.type])).toEqual([]);
    expect(log[0]!.at).toBeGreaterThanOrEqual(began - 3 * DAY - 60_000);
    expect(log.at(-1)!.at).toBeLessThan(Date.now());
    // The three components took place: the exams started and were closed, the evaluation closed, sheets signed.
    expect(['exam.started', 'evaluation.closed', 'ranking.rules-set'].map((type) => log.filter((e) => e.type === type).length)).toEqual([2, 1, 2]);
  });

  it('ranks both posts from their three components, complete, and nothing is decided yet', async () => {
    const s = await org.req('ranking:status', { selectionId: RANKED_DEMO_SELECTION });
    expect(s.title).toBe('演示：竞争上岗（综合成绩与公示）');
    expect(s.posts.map((p) => [p.post, p.rounds[0]!.ranking!.complete, p.rounds[0]!.fixedBy !== null])).toEqual([
      ['p1', true, true],
      ['p2', true, true],
    ]);
    const name = (id: string) => s.people[id]!.name;
    const p1 = s.posts[0]!.rounds[0]!.ranking!.rows;
    expect(p1.filter((r) => r.outcome === 'shortlisted').map((r) => name(r.registrationId)).sort()).toEqual(['乙二', '甲一']);
    expect(s.decision).toBeNull();
  });

  it('plays on to the notice: the decision, the ranking and the appointees on notice, an objection, the public page; the bundle verifies', async () => {
    const s = await org.req('ranking:status', { selectionId: RANKED_DEMO_SELECTION });
    const id = (n: string) => Object.entries(s.people).find(([, p]) => p.name === n)![0];
    const year = Number(beijingDay(Date.now()).slice(0, 4));
    for (const y of [year, year + 1]) if (!SHIPPED_CALENDARS.some((c) => c.year === y)) await org.req('organiser:set-calendar', { calendar: { year: y, holidays: [], workdays: [], source: `测试用：${y} 年放假安排` } });
    const decided = await org.req('organiser:decide-appointments', {
      decision: { selectionId: RANKED_DEMO_SELECTION, meeting: '演示党组会议', posts: [{ post: 'p1', proposed: [id('乙二'), id('甲一')], notProposed: [] }, { post: 'p2', proposed: [id('乙二'), id('丙三')], notProposed: [] }], probationMonths: 12 },
    });
    expect(decided.decision!.result.posts.map((p) => [p.post, p.appointed.map((r) => s.people[r]!.name)])).toEqual([
      ['p1', ['甲一']],
      ['p2', ['乙二']],
    ]);
    await org.req('organiser:publish-notice', { selectionId: RANKED_DEMO_SELECTION, kind: 'ranking', target: null, workingDays: 5 });
    const published = await org.req('organiser:publish-notice', { selectionId: RANKED_DEMO_SELECTION, kind: 'appointees', target: null, workingDays: 5 });
    const notice = published.notices.find((n) => n.kind === 'appointees')!;
    const st = await org.req('organiser:record-objection', { noticeId: notice.id, about: id('甲一'), name: null, contact: null, via: 'telephone', text: '演示：对甲一的任职经历有疑问。' });
    expect(st.objections.map((o) => [o.signed, o.outcome])).toEqual([[false, null]]);
    const page = await (await fetch(`${t.url}/notice/${notice.id}`)).text();
    for (const n of ['甲一', '乙二', '拟任人选公示']) expect(page).toContain(n);
    expect(page).not.toContain('任职经历有疑问');
    const bundle = JSON.parse((await org.req('organiser:export-bundle', {})).text) as Bundle;
    expect((await verifyBundle(bundle)).steps.filter((x) => !x.ok)).toEqual([]);
  });
});

describe('every step’s result on notice, from the bundle alone', () => {
  let t: TestServer;
  let org: Device;
  let desk: Device;
  const clock: DemoClock = { offset: 0 };
  const devices: Device[] = [];
  beforeAll(async () => {
    t = await startTestServer({ server: { now: () => Date.now() + clock.offset } });
    await setUpRankedDemo(t.url, t.server.ctx.deskCode, clock);
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '新用户' });
    devices.push(desk, org);
  }, 120_000);
  afterAll(async () => {
    for (const d of devices) d.close();
    await t?.close();
  });
  const publish = async (selectionId: string, kind: NoticeKind, target: string | null) => {
    const st = await org.req('organiser:publish-notice', { selectionId, kind, target, workingDays: 5 });
    const n = st.notices.filter((x) => x.kind === kind && x.target === target).at(-1)!;
    return { notice: n, html: await (await fetch(`${t.url}/notice/${n.id}`)).text() };
  };
  /** What no public page may hold: an ID number, a registration's id, an objection's words. */
  const nothingPrivate = async (html: string) => {
    const ids = (await t.server.ctx.db.selectFrom('registrations').select(['id', 'id_number']).execute()).flatMap((r) => [r.id, r.id_number]);
    expect(ids.filter((x) => html.includes(x))).toEqual([]);
  };

  it('publishes the posts, the qualified, both written sessions, the evaluation and the interview day of the demonstration, each page its own, with the bundle’s hash', async () => {
    const names = ['甲一', '乙二', '丙三', '丁四'];
    const cases: Array<[NoticeKind, string | null, string[]]> = [
      ['posts', null, ['办公室副主任', '服务科副科长']],
      ['qualified', null, [...names, '戊五']],
      ['written', 'w-paper-a', ['甲一', '丁四']],
      ['written', 'w-paper-b', ['乙二', '丙三']],
      ['evaluation', 'rank-evaluation', names],
      ['interview', 'rank-day', names],
    ];
    const seen = new Set<string>();
    for (const [kind, target, shown] of cases) {
      const { notice, html } = await publish(RANKED_DEMO_SELECTION, kind, target);
      seen.add(`${kind}/${target}`);
      expect(notice.title, `${kind} ${target}`).toContain(NOTICE_NAMES[kind].zh);
      expect(html).toContain(notice.bundleHash);
      for (const n of shown) expect(html, `${kind} ${target} ${n}`).toContain(n);
      await nothingPrivate(html);
    }
    expect(seen.size).toBe(6);
    // The written results of one paper do not show the other's candidates.
    expect((await publish(RANKED_DEMO_SELECTION, 'written', 'w-paper-a')).html).not.toContain('丙三');
  });

  it('verifies the notices of results: each names a session, day or closed evaluation of its selection logged before it (step 16, the log rebuilt and re-signed)', async () => {
    const bundle = (await exportBundle(t.server.ctx)) as Bundle;
    expect((await verifyBundle(structuredClone(bundle))).steps.filter((x) => !x.ok)).toEqual([]);
    const key = t.server.ctx.serverKey;
    const server: ServerSigner = { signObject: (type, object) => key.signObject(type, object) };
    const notice = (b: Bundle, kind: NoticeKind) => b.body.log.find((e) => e.type === 'notice.published' && e.payload['kind'] === kind)!;
    const failing = async (edit: (b: Bundle) => void) => {
      const b = structuredClone(bundle);
      edit(b);
      rebuildAndResign(b, server);
      return (await verifyBundle(b)).steps.filter((x) => !x.ok).map((x) => [x.id, x.problems]);
    };
    // A session no one created; the interview day named as an evaluation; an evaluation's notice put before its close.
    expect(await failing((b) => void (notice(b, 'written').payload['target'] = 'w-paper-z'))).toEqual([['16-notices', [expect.stringContaining('publishes the results of w-paper-z, which is no written session of its selection logged before it')]]]);
    expect(await failing((b) => void (notice(b, 'evaluation').payload['target'] = 'rank-day'))).toEqual([['16-notices', [expect.stringContaining('publishes the results of rank-day, which is no closed evaluation of its selection')]]]);
    expect(
      await failing((b) => {
        const e = notice(b, 'evaluation');
        b.body.log.splice(b.body.log.indexOf(e), 1);
        const closed = b.body.log.findIndex((x) => x.type === 'evaluation.closed' && x.payload['evaluationId'] === 'rank-evaluation');
        b.body.log.splice(closed, 0, e);
      }),
    ).toEqual([['16-notices', [expect.stringContaining('publishes the results of rank-evaluation, which is no closed evaluation of its selection logged before it')]]]);
  });

  it('refuses a step whose result is not yet in the bundle, or results of no session, day or evaluation of the selection, and names it', async () => {
    const refusal = (kind: NoticeKind, target: string | null) =>
      org.req('organiser:publish-notice', { selectionId: RANKED_DEMO_SELECTION, kind, target, workingDays: 5 }).then(
        () => null,
        (e: { body: { code: string; message: string; details?: Array<{ zh?: string }> } }) => [e.body.code, e.body.message, e.body.details?.[0]?.zh],
      );
    expect(await refusal('appointees', null)).toEqual(['session-state', 'there is nothing to publish yet: the committee has not decided', '还没有可以公示的内容：党组尚未作出决定']);
    expect(await refusal('written', 'w-paper-z')).toEqual(['session-state', 'there is nothing to publish yet: session w-paper-z of this selection has no results', '还没有可以公示的内容：本次竞争上岗的笔试场次 w-paper-z 还没有成绩']);
    expect(await refusal('evaluation', 'rank-day')).toEqual(['session-state', 'there is nothing to publish yet: evaluation rank-day of this selection is not closed', '还没有可以公示的内容：民主测评 rank-day 尚未结束投票']);
    expect(await refusal('interview', 'rank-evaluation')).toEqual(['session-state', 'there is nothing to publish yet: interview day rank-evaluation of this selection has no results', '还没有可以公示的内容：本次竞争上岗的面试日 rank-evaluation 还没有成绩']);
  });

  it('before the seat draw, the list of those who qualify says how many per post, not who (the bundle holds no name yet)', async () => {
    const sel = await selectionToQualified({
      url: t.url,
      desk,
      org,
      now: () => Date.now() + clock.offset,
      setNow: (at) => (clock.offset = at - Date.now()),
      selectionId: 'counts-only',
      posts: [{ id: 'q1', title: '综合科科长', paper: 'paper-q', seats: 1, minRatio: 1 }],
      people: [
        { name: '张三', birth: '19800101', posts: ['q1'] },
        { name: '李四', birth: '19810101', posts: ['q1'] },
        { name: '王五', birth: '19820101', posts: ['q1'], fails: true },
      ],
    });
    devices.push(sel.reviewer);
    const { html } = await publish('counts-only', 'qualified', null);
    expect(html).toContain('合格 2 人');
    for (const n of ['张三', '李四', '王五']) expect(html).not.toContain(n);
    await nothingPrivate(html);
  });
});
