import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionPrefix,
  admissionsFromOrder,
  lotCommitStatement,
  lotCommitment,
  randomBytes,
  RequestError,
  signObject,
  sittingsOf,
  toBase64,
  toHex,
  verifyBundle,
  type Bundle,
  type DrawStatus,
  type LotTranscript,
  type SeatAdmission,
  type SupervisorsBundle,
  registrationCommitment,
} from '@exam/shared';
import { rebuildAndResign } from './support/tampering';
import { parseInterviewQuestions, sealInterview, sealPaper } from '@exam/server';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTestServer, type TestServer } from './support/server';
import { codeOf, connectDesk, waitFor, type Device } from './support/clients';
import { admitted, selectionToQualified } from './support/selection-flow';
import { benchPaper } from './bench/bench-paper';

/**
 * The seat draw (docs/protocol.md §23): admission numbers and seats for those who qualify, drawn
 * by commit–reveal with the server and a supervisor of the venue, never in registration order;
 * written sessions that take their candidates from it; and a candidate qualified for two posts
 * served by different papers sits each.
 */
describe('the seat draw: admission numbers and seats nobody can steer', () => {
  let t: TestServer;
  let offset = 0;
  const now = () => Date.now() + offset;
  let desk: Device;
  let org: Device;
  let sup: Device;
  let daySup: Device;
  let ids: Map<string, string>;
  const S = 'sel-seats';
  const log = async (type: string) => (await t.server.ctx.db.selectFrom('audit_log').select(['payload_json', 'actor', 'seq']).where('type', '=', type).orderBy('seq').execute()).map((r): Record<string, unknown> => ({ ...(JSON.parse(r.payload_json) as Record<string, unknown>), actor: r.actor, seq: r.seq }));
  const people = [
    { name: '甲一', birth: '19800101', posts: ['p-a'] as [string] },
    { name: '乙二', birth: '19810202', posts: ['p-b'] as [string] },
    { name: '丙三', birth: '19820303', posts: ['p-a', 'p-b'] as [string, string] },
    { name: '丁四', birth: '19830404', posts: ['p-b', 'p-a'] as [string, string] },
    { name: '戊五', birth: '19840505', posts: ['p-c'] as [string] },
    { name: '己六', birth: '19850606', posts: ['p-a'] as [string], fails: true },
    { name: '庚七', birth: '19860707', posts: ['p-c', 'p-b'] as [string, string] },
  ];

  beforeAll(async () => {
    t = await startTestServer({ server: { now } });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '李组织' });
    const r = await selectionToQualified({
      url: t.url,
      desk,
      org,
      now,
      setNow: (at) => (offset = at - Date.now()),
      selectionId: S,
      posts: [
        { id: 'p-a', title: '办公室副主任', paper: 'paper-a', seats: 1, minRatio: 2 },
        { id: 'p-b', title: '服务科副科长', paper: 'paper-b', seats: 1, minRatio: 2 },
        { id: 'p-c', title: '信息科副科长', paper: 'paper-a', seats: 1, minRatio: 3 },
      ],
      people,
    });
    ids = r.registrationIds;
    r.reviewer.close();
    sup = await admitted(t.url, desk, { role: 'supervisor', person: '监督员甲' });
    daySup = await admitted(t.url, desk, { role: 'supervisor', person: '面试监督', dayId: t.interview.dayId });
  });
  afterAll(async () => {
    for (const d of [desk, org, sup, daySup]) d?.close();
    await t?.close();
  });

  let opened: DrawStatus;
  it('opens only once every post below its ratio is decided, and only with supervisors of the venue', async () => {
    // p-c has 2 qualified of 3 required: it waits for the organiser's decision.
    const waiting = await org.req('organiser:open-seat-draw', { selectionId: S, supervisors: [sup.status.deviceId] }).catch((e: Error) => e);
    expect([(waiting as RequestError).code, (waiting as RequestError).body.message]).toEqual(['session-state', 'post p-c is below its ratio and waits for a decision']);
    await org.req('organiser:decide-post', { selectionId: S, post: 'p-c', action: 'cancel', mergeInto: null, reason: '报名人数不足，取消该岗位' });
    expect(await codeOf(org.req('organiser:open-seat-draw', { selectionId: S, supervisors: [daySup.status.deviceId] }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:open-seat-draw', { selectionId: S, supervisors: [org.status.deviceId] }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:open-seat-draw', { selectionId: S, supervisors: [sup.status.deviceId, sup.status.deviceId] }))).toBe('bad-request');
    const told = waitFor<DrawStatus>(sup.socket, 'lot:status', (d) => d.drawId === `${S}-seats-1`);
    opened = await org.req('organiser:open-seat-draw', { selectionId: S, supervisors: [sup.status.deviceId] });
    expect((await told).state).toBe('committing');
    // Those who sit at least one paper: not 己六 (failed), not 戊五 (only the cancelled p-c); 庚七 sits p-b's paper.
    expect(opened.tickets).toBe(5);
    expect(opened.contributors.map((c) => [c.name, c.server, c.committed])).toEqual([
      ['server', true, true],
      ['监督员甲', false, false],
    ]);
    const [entry] = await log('lot.draw-opened');
    expect([entry!.dayId, entry!.selectionId, entry!.drawId, entry!.actor]).toEqual([null, S, `${S}-seats-1`, org.status.deviceId]);
    expect([...(entry!.tickets as string[])].sort()).toEqual(['甲一', '乙二', '丙三', '丁四', '庚七'].map((n) => ids.get(n)!).sort());
    expect(await codeOf(org.req('organiser:open-seat-draw', { selectionId: S, supervisors: [sup.status.deviceId] }))).toBe('session-state');
  });

  it('shows the draw to its supervisor (without who drew what) and to no supervisor of an interview day', async () => {
    const mine = await sup.req('seats:draws', {});
    expect(mine.draws.map((d) => [d.selectionId, d.drawId, d.state, d.lots])).toEqual([[S, `${S}-seats-1`, 'committing', null]]);
    expect((await daySup.req('seats:draws', {})).draws).toEqual([]);
    // A day's supervisor cannot commit to it either.
    const c = lotCommitment(opened.drawId, toBase64(daySup.signer.publicKey), toHex(randomBytes(32)));
    expect(await codeOf(daySup.req('lot:commit', { drawId: opened.drawId, commitment: c, signature: toBase64(signObject(daySup.signer.pair.secretKey, 'lot-commit', lotCommitStatement(opened.drawId, opened.candidatesHash, toBase64(daySup.signer.publicKey), c))) }))).toBe('forbidden');
    // Nor can the desk abandon it as if it were a day's draw.
    expect(await codeOf(desk.req('lot:abandon', { drawId: opened.drawId, reason: '试图放弃' }))).toBe('not-found');
  });

  let admissions: SeatAdmission[];
  it('gives admission numbers and seats from the draw’s order once the supervisor has committed and revealed', async () => {
    const me = toBase64(sup.signer.publicKey);
    const secret = toHex(randomBytes(32));
    const commitment = lotCommitment(opened.drawId, me, secret);
    await sup.req('lot:commit', { drawId: opened.drawId, commitment, signature: toBase64(signObject(sup.signer.pair.secretKey, 'lot-commit', lotCommitStatement(opened.drawId, opened.candidatesHash, me, commitment))) });
    const done = await sup.req('lot:reveal', { drawId: opened.drawId, secret });
    expect(done.state).toBe('done');

    const [drawn] = await log('lot.drawn');
    const transcript = drawn!.transcript as LotTranscript;
    const [assigned] = await log('seats.assigned');
    admissions = assigned!.admissions as SeatAdmission[];
    // Recomputed from the published list and the transcript alone.
    const qualified = (await log('qualified.published'))[0]!.posts as Record<string, string[]>;
    const sittings = sittingsOf(
      [
        { id: 'p-a', paper: 'paper-a' },
        { id: 'p-b', paper: 'paper-b' },
        { id: 'p-c', paper: 'paper-a' },
      ],
      qualified,
      [{ post: 'p-c', action: 'cancel', mergeInto: null }],
    );
    const year = admissionPrefix((await log('selection.created'))[0]!.registrationCloses as number);
    expect(admissions).toEqual(admissionsFromOrder(transcript.order, sittings, year));
    expect(admissions.map((a) => a.admissionNo)).toEqual([1, 2, 3, 4, 5].map((n) => `${year}000${n}`));
    const of = (name: string) => admissions.find((a) => a.registrationId === ids.get(name))!;
    expect(of('丙三').sittings.map((s) => s.paper)).toEqual(['paper-a', 'paper-b']);
    expect(of('丁四').sittings.map((s) => s.paper)).toEqual(['paper-a', 'paper-b']);
    expect(of('庚七').sittings.map((s) => s.paper)).toEqual(['paper-b']);
    expect(of('甲一').sittings.map((s) => s.paper)).toEqual(['paper-a']);
    // paper-a: 甲一, 丙三, 丁四; paper-b: 乙二, 丙三, 丁四, 庚七 — seats from 01, each once, in the order drawn.
    for (const [paper, n] of [['paper-a', 3], ['paper-b', 4]] as const) {
      const seats = admissions.flatMap((a) => a.sittings.filter((s) => s.paper === paper).map((s) => s.seat));
      expect(seats).toEqual(['01', '02', '03', '04'].slice(0, n));
    }

    const listed = await org.req('organiser:admissions', { selectionId: S });
    expect(listed.rows.find((r) => r.name === '丁四')!.posts).toEqual(['服务科副科长', '办公室副主任']);
    expect(listed.rows.find((r) => r.name === '庚七')!.posts).toEqual(['服务科副科长']);
    expect(listed.rows.map((r) => r.admissionNo)).toEqual(admissions.map((a) => a.admissionNo));
    expect(listed.draw!.state).toBe('done');
    // The organiser sees who drew what; the supervisor does not.
    expect((await org.req('seats:draws', {})).draws[0]!.lots).not.toBeNull();
    expect((await sup.req('seats:draws', {})).draws[0]!.lots).toBeNull();
    expect((await log('checkpoint.made')).some((c) => c.phase === `${S}: seats drawn`)).toBe(true);
  });

  it('creates each paper’s session from the seats drawn: admission numbers as tickets, seats as drawn', async () => {
    const { paper, answerKey } = benchPaper();
    const sealed = await sealPaper(paper, answerKey, { label: '2026 年笔试', threshold: 2, count: 3 });
    const base = { selectionId: S, label: '笔试（甲卷）', room: '第一考场', scheduledStart: now() + 86_400_000, durationMinutes: 120, lateEntryMinutes: 30, sealedPaper: sealed.paper.file, sealedAnswerKey: sealed.answerKey.file };
    const roster = { fileName: 'x.csv', contentBase64: toBase64(new TextEncoder().encode('姓名,身份证号,准考证号,座位号\n')) };
    expect(await codeOf(org.req('organiser:create-session', { ...base, id: 'w-a', paper: 'paper-a', roster }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-session', { ...base, id: 'w-a', selectionId: null, paper: 'paper-a' }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-session', { ...base, id: 'w-a', paper: 'paper-z' }))).toBe('bad-request');
    const a = await org.req('organiser:create-session', { ...base, id: 'w-a', paper: 'paper-a' });
    expect([a.candidates, a.encoding]).toEqual([3, 'seat-draw']);
    expect(await codeOf(org.req('organiser:create-session', { ...base, id: 'w-a2', paper: 'paper-a' }))).toBe('conflict');
    await org.req('organiser:create-session', { ...base, id: 'w-b', label: '笔试（乙卷）', room: '第二考场', paper: 'paper-b' });
    const inA = await t.server.ctx.db.selectFrom('candidates').select(['ticket', 'seat', 'name']).where('session_id', '=', 'w-a').orderBy('seat').execute();
    const expected = admissions.flatMap((x) => x.sittings.filter((s) => s.paper === 'paper-a').map((s) => ({ ticket: x.admissionNo, seat: s.seat }))).sort((x, y) => x.seat.localeCompare(y.seat));
    expect(inA.map((c) => ({ ticket: c.ticket, seat: c.seat }))).toEqual(expected);
    // 丙三 sits both papers, with one admission number.
    const bing = admissions.find((x) => x.registrationId === ids.get('丙三'))!.admissionNo;
    const inB = await t.server.ctx.db.selectFrom('candidates').select(['ticket', 'name']).where('session_id', '=', 'w-b').execute();
    expect(inA.find((c) => c.ticket === bing)!.name).toBe('丙三');
    expect(inB.find((c) => c.ticket === bing)!.name).toBe('丙三');
    const created = (await log('session.created')).filter((e) => e.selectionId === S);
    expect(created.map((e) => [e.sessionId, e.paper])).toEqual([
      ['w-a', 'paper-a'],
      ['w-b', 'paper-b'],
    ]);
    const rows = (await org.req('organiser:admissions', { selectionId: S })).rows;
    expect(rows.find((r) => r.name === '丙三')!.sittings.map((s) => s.session?.room)).toEqual(['第一考场', '第二考场']);
    // The seats stand once a session has its candidates from them.
    expect(await codeOf(org.req('organiser:abandon-seat-draw', { selectionId: S, reason: '重新抽签' }))).toBe('session-state');
  });

  it('creates an interview day from the admissions: everyone who goes on, in the room of their first post', async () => {
    const set = parseInterviewQuestions(readFileSync(fileURLToPath(new URL('../exam-server/src/demo/demo-interview.yaml', import.meta.url)), 'utf8'));
    const sealed = await sealInterview(set, { label: '2026 年面试', threshold: 2, count: 3 });
    const base = { selectionId: S, id: 'iv-1', label: '面试', holdingRoom: '候考室', finishedRoom: '候分室', sealedQuestions: sealed.file, trimWhenAtLeast: 5, outlierDistance: 1000, announceOnSpot: false };
    expect(await codeOf(org.req('organiser:create-day', { ...base, postRooms: { 'p-a': '第一面试室' } }))).toBe('bad-request'); // p-b's candidates have no room
    expect(await codeOf(org.req('organiser:create-day', { ...base, postRooms: { 'p-a': '第一面试室', 'p-x': '第二面试室' } }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-day', { ...base, selectionId: null, postRooms: { 'p-a': '第一面试室' } }))).toBe('bad-request');
    const made = await org.req('organiser:create-day', { ...base, postRooms: { 'p-a': '第一面试室', 'p-b': '第二面试室' } });
    expect([made.candidates, made.rooms, made.encoding]).toEqual([5, ['第一面试室', '第二面试室'], 'admissions']);
    const rows = await t.server.ctx.db.selectFrom('interview_candidates').select(['ticket', 'name', 'room']).where('day_id', '=', 'iv-1').execute();
    const roomOf = (name: string) => rows.find((r) => r.name === name)!.room;
    // 丙三 put p-a first, 丁四 p-b; 庚七's first post was cancelled, so p-b.
    expect(['甲一', '乙二', '丙三', '丁四', '庚七'].map(roomOf)).toEqual(['第一面试室', '第二面试室', '第一面试室', '第二面试室', '第二面试室']);
    expect(rows.every((r) => admissions.some((a) => a.admissionNo === r.ticket))).toBe(true);
  });

  it('creates an interview day of the selection from a roster file only with its admission numbers, registered names and ID numbers', async () => {
    const set = parseInterviewQuestions(readFileSync(fileURLToPath(new URL('../exam-server/src/demo/demo-interview.yaml', import.meta.url)), 'utf8'));
    const sealed = await sealInterview(set, { label: '2026 年面试（补充）', threshold: 2, count: 3 });
    const person = async (name: string) => {
      const r = await t.server.ctx.db.selectFrom('registrations').select('id_number').where('id', '=', ids.get(name)!).executeTakeFirstOrThrow();
      return { name, idNumber: r.id_number, ticket: admissions.find((a) => a.registrationId === ids.get(name))!.admissionNo };
    };
    const [jia, yi] = [await person('甲一'), await person('乙二')];
    const file = (rows: Array<{ name: string; idNumber: string; ticket: string }>) => ({ fileName: '面试名单.csv', contentBase64: toBase64(new TextEncoder().encode(['姓名,身份证号,准考证号,面试室', ...rows.map((r, i) => `${r.name},${r.idNumber},${r.ticket},第${i + 3}面试室`)].join('\r\n'))) });
    const base = { selectionId: S, id: 'iv-2', label: '面试（补充）', holdingRoom: '候考室二', finishedRoom: '候分室二', sealedQuestions: sealed.file, trimWhenAtLeast: 5, outlierDistance: 1000, announceOnSpot: false };
    const refused = async (rows: Array<{ name: string; idNumber: string; ticket: string }>) => {
      const e = (await org.req('organiser:create-day', { ...base, roster: file(rows) }).catch((x: RequestError) => x)) as RequestError;
      return [e.code, e.body.details?.map((d) => [d.row, d.message])];
    };
    // Three faults, each named by its row: a number the draw never gave, a name that is not the registrant's, an ID number not theirs.
    expect(await refused([jia, { ...yi, ticket: '20269999' }])).toEqual(['invalid-roster', [[3, '20269999 is not an admission number of selection sel-seats']]]);
    expect(await refused([{ ...jia, name: '甲乙' }, yi])).toEqual(['invalid-roster', [[2, `admission number ${jia.ticket} is 甲一, not 甲乙`]]]);
    expect(await refused([jia, { ...yi, idNumber: jia.idNumber }])).toEqual(['invalid-roster', [[3, `the ID number given for 乙二 (${yi.ticket}) is not the one registered`]]]);
    expect(await t.server.ctx.db.selectFrom('interview_days').select('id').where('id', '=', 'iv-2').executeTakeFirst()).toBeUndefined();
    const made = await org.req('organiser:create-day', { ...base, roster: file([jia, yi]) });
    expect([made.candidates, made.rooms, made.encoding]).toEqual([2, ['第3面试室', '第4面试室'], 'utf-8']);
  });

  let bundle: Bundle;
  let records: SupervisorsBundle;
  it('puts the whole draw in the bundle: it verifies, and with the supervisors’ bundle every record opens its commitment', async () => {
    const { text } = await org.req('organiser:export-bundle', {});
    bundle = JSON.parse(text) as Bundle;
    expect(text).toContain('"type":"seats.assigned"');
    const bare = await verifyBundle(structuredClone(bundle));
    expect(bare.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems.slice(0, 3)])).toEqual([]);
    expect(bare.unproven.some((u) => u.includes('No supervisors’ bundle was given'))).toBe(true);
    const exported = await org.req('organiser:export-supervisors-bundle', {});
    expect([exported.forms, exported.decisions]).toEqual([people.length, 10]);
    records = JSON.parse(exported.text) as SupervisorsBundle;
    // Two exports of the same state are the same bytes.
    expect((await org.req('organiser:export-supervisors-bundle', {})).text).toBe(exported.text);
    const full = await verifyBundle(structuredClone(bundle), { supervisors: structuredClone(records) });
    expect(full.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems.slice(0, 3)])).toEqual([]);
    expect(full.unproven.some((u) => u.includes('supervisors’ bundle'))).toBe(false);
    // 7 forms opened, 10 decisions matched and signed, and the replay's checks: far more than a handful.
    expect(full.steps.find((x) => x.id === '13-selection')!.checked).toBeGreaterThan(60);
  });

  const server = () => ({ signObject: (type: string, object: unknown) => t.server.ctx.serverKey.signObject(type as never, object) });
  const entry = (b: Bundle, type: string, pred: (p: Record<string, unknown>) => boolean = () => true) => b.body.log.find((e) => e.type === type && pred(e.payload))!;
  /** Verifies an edited copy, the log rebuilt and everything re-signed with the server's key: only step 13 may catch it. */
  const caught = async (edit: (b: Bundle, r: SupervisorsBundle) => void) => {
    const b = structuredClone(bundle);
    const r = structuredClone(records);
    edit(b, r);
    rebuildAndResign(b, server());
    const report = await verifyBundle(b, { supervisors: r });
    return report.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems.join(' | ')]);
  };
  it('never throws on a day’s roster logged as no list at all: steps 11 and 13 name it', async () => {
    const failed = await caught((b) => void (entry(b, 'interview.day-created', (p) => p['dayId'] === 'iv-2').payload['candidates'] = 5));
    expect(failed.map(([id]) => id)).toEqual(['11-score-sheets', '13-selection']);
    expect(failed[0]![1]).toContain('iv-2: the candidates, rooms and names are not the roster logged when the day was created');
    expect(failed[1]![1]).toContain('interview day iv-2 logs no list of candidates');
  });

  it.each([
    ['a name dropped from the published list', (b: Bundle) => (entry(b, 'qualified.published').payload['posts'] as Record<string, string[]>)['p-a']!.pop(), 'the list for post p-a'],
    ['two seats swapped in the assignment', (b: Bundle) => { const a = entry(b, 'seats.assigned').payload['admissions'] as SeatAdmission[]; [a[0]!.sittings, a[1]!.sittings] = [a[1]!.sittings, a[0]!.sittings]; }, 'are not those its order gives'],
    // Consistently, in the log and in the session's roster alike: step 7 then has nothing to say.
    ['a session seated otherwise than drawn', (b: Bundle) => { const c = entry(b, 'session.created', (p) => p['sessionId'] === 'w-a').payload['candidates'] as Array<{ ticket: string; seat: string }>; [c[0]!.seat, c[1]!.seat] = [c[1]!.seat, c[0]!.seat]; for (const x of b.body.sessions.find((y) => y.id === 'w-a')!.candidates) x.seat = c.find((y) => y.ticket === x.ticket)!.seat; }, 'are not those the seat draw gave'],
    ['a registration for three posts', (b: Bundle, r: SupervisorsBundle) => { const e = entry(b, 'registration.recorded', (p) => (p['posts'] as string[]).length === 2); (e.payload['posts'] as string[]).push('p-c'); r.registrations.find((x) => x.registrationId === e.payload['registrationId'])!.form.posts.push('p-c'); }, 'not 1 to 2 distinct published posts'],
    ['a decision by a reviewer never assigned', (b: Bundle) => { entry(b, 'reviewer.assigned').payload['publicKey'] = toBase64(randomBytes(32)); }, 'by a reviewer not assigned'],
    ['a decision whose signature is not its reviewer’s', (_b: Bundle, r: SupervisorsBundle) => { r.decisions[0]!.signature = toBase64(signObject(sup.signer.pair.secretKey, 'review-decision', r.decisions[0]!.decision)); }, 'not signed by its reviewer’s key'],
    ['an interview candidate put in another room', (b: Bundle) => { const e = entry(b, 'interview.day-created', (p) => p['dayId'] === 'iv-1'); const c = (e.payload['candidates'] as Array<{ ticket: string; room: string }>)[0]!; c.room = c.room === '第一面试室' ? '第二面试室' : '第一面试室'; b.body.days.find((d) => d.id === 'iv-1')!.candidates.find((x) => x.ticket === c.ticket)!.room = c.room; }, 'the rooms per post give'],
    ['an interview day’s roster naming a number the draw never gave', (b: Bundle) => { const e = entry(b, 'interview.day-created', (p) => p['dayId'] === 'iv-2'); const c = (e.payload['candidates'] as Array<{ ticket: string }>)[0]!; b.body.days.find((d) => d.id === 'iv-2')!.candidates.find((x) => x.ticket === c.ticket)!.ticket = '20269999'; c.ticket = '20269999'; }, 'names 20269999, not an admission number'],
    // A stand-in under a real number, in the log's roster and the bundle's alike (the server dishonest on the day): step 7 and 11 then have nothing to say.
    ['a candidate seated under another name than their form’s', (b: Bundle) => { const c = b.body.sessions.find((x) => x.id === 'w-a')!.candidates[0]!; c.name = '冒名'; (entry(b, 'session.created', (p) => p['sessionId'] === 'w-a').payload['candidates'] as Array<{ ticket: string; name: string }>).find((x) => x.ticket === c.ticket)!.name = '冒名'; }, 'is named 冒名, but their form says'],
    ['a candidate interviewed under another name than their form’s', (b: Bundle) => { const c = b.body.days.find((x) => x.id === 'iv-1')!.candidates[0]!; c.name = '冒名'; (entry(b, 'interview.day-created', (p) => p['dayId'] === 'iv-1').payload['candidates'] as Array<{ ticket: string; name: string }>).find((x) => x.ticket === c.ticket)!.name = '冒名'; }, 'of iv-1 is named 冒名, but their form says'],
    ['a second session sitting a paper already sat', (b: Bundle) => { const e = entry(b, 'session.created', (p) => p['sessionId'] === 'w-b'); e.payload['paper'] = entry(b, 'session.created', (p) => p['sessionId'] === 'w-a').payload['paper']; }, 'is sat by session w-a already; entry'],
    ['a session of the selection from a roster file', (b: Bundle) => { const e = entry(b, 'session.created', (p) => p['sessionId'] === 'w-b'); delete e.payload['paper']; }, 'session w-b takes its candidates and seats from a roster file'],
    ['a form edited after it was committed to', (_b: Bundle, r: SupervisorsBundle) => { r.registrations[0]!.form.name = '冒名'; }, 'do not open the commitment'],
    ['a form left out of the supervisors’ bundle', (_b: Bundle, r: SupervisorsBundle) => { r.registrations.pop(); }, 'lacks the form of registration'],
    ['a second active form for one ID number', (b: Bundle, r: SupervisorsBundle) => { const [x, y] = r.registrations.slice(0, 2); y!.form.idNumber = x!.form.idNumber; entry(b, 'registration.recorded', (p) => p['registrationId'] === y!.registrationId).payload['commitment'] = registrationCommitment(y!.selectionId, y!.registrationId, y!.form, y!.salt); }, 'already holds an active registration'],
  ] as const)('names %s at step 13 alone', async (_name, edit, expected) => {
    const failed = await caught(edit as (b: Bundle, r: SupervisorsBundle) => void);
    expect(failed.map(([id]) => id)).toEqual(['13-selection']);
    expect(failed[0]![1]).toContain(expected);
  });
});
