import { DEFAULT_RULES, ballotKeyPair, decodeBallotCode, objectHash, signObject, toBase64, type Ballot, type Bundle, type EvaluationSettings, type SupervisorsBundle } from '@exam/shared';
import { exportBundle, exportSupervisorsBundle, makeGroupCards, sealPaper } from '@exam/server';
import { admitted, selectionToQualified } from './selection-flow';
import { benchPaper } from '../bench/bench-paper';
import { startTestServer, type TestServer } from './server';
import { admittedKiosk, connectDesk, connectDevice, signedMark, type Device } from './clients';
import { contributor, makeSheet, signSheet } from './interview';
import { rankedSelection } from './ranking-flow';

const DAY = 'demo-interview';
const ROOM = '面试室A';

/**
 * A whole honest venue day over real sockets, for the verifier's tests: a written exam (three
 * candidates, one absent) sat, handed in, closed, marked by the machine and a marker; and an
 * interview day (five examiners, a supervisor, an escort, four candidates, the last called and not
 * come) with a draw, sheets, a conflict, a countersigned correction and one left waiting for its
 * countersignature; a marker's changed mark; the front of a selection through its seat draw; and a
 * second selection through its written exams, evaluation and interview to its composite ranking.
 */
export async function honestDay(): Promise<{ t: TestServer; bundle: Bundle; records: SupervisorsBundle; ballotLists: Array<{ evaluationId: string; group: string; count: number; hash: string }>; kept: Array<{ checkpoint: { seq: number; hash: string; phase: string }; supervisorKey: string; signature: string }>; close: () => Promise<void> }> {
  // The server's clock runs from the real one; the selection moves it on to its deadline.
  let offset = 0;
  const now = () => Date.now() + offset;
  const t = await startTestServer({ server: { now } });
  const devices: Device[] = [];
  const desk = await connectDesk(t.url, t.server.ctx.deskCode);
  devices.push(desk);
  // The written exam.
  const kiosks = [];
  for (const seat of ['01', '02', '03']) kiosks.push(await admittedKiosk(t.url, desk, 'demo', seat));
  devices.push(...kiosks);
  for (const [i, k] of kiosks.entries()) await k.req('candidate:sign-in', { ticket: `202600${i + 1}` });
  await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[0]!, keyholder: 'a' });
  await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[1]!, keyholder: 'b' });
  await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'scenario' });
  const answers: Array<Record<string, unknown>> = [
    { q1: 0, q3: [0, 1, 2, 3, 4], q4: false, q5: ['民主集中制', '1'], q6: '接受监督', q7: '工作思路一' },
    { q1: 1, q3: [0, 1], q4: true, q5: ['x', '一'], q6: '公开公平', q7: '' },
    { q1: 0, q4: false, q6: '公示' },
  ];
  for (const [i, k] of kiosks.entries()) {
    let rev = 0;
    for (const [q, v] of Object.entries(answers[i]!)) await k.req('answer:save', { questionId: q, value: v as never, rev: ++rev });
  }
  const handedIn = Object.fromEntries(Object.entries(answers[0]!).filter(([, v]) => v !== ''));
  await kiosks[0]!.req('answer:submit', { answersHash: objectHash('answers', { sessionId: 'demo', ticket: '2026001', answers: handedIn }) });
  await desk.req('desk:close', { sessionId: 'demo' });
  await desk.req('desk:enter-share', { sessionId: 'demo', target: 'answer-key', code: t.demo.answerKeyShares[0]!, keyholder: 'a' });
  await desk.req('desk:enter-share', { sessionId: 'demo', target: 'answer-key', code: t.demo.answerKeyShares[1]!, keyholder: 'b' });
  const marker = await connectDevice(t.url, 'tablet');
  devices.push(marker);
  await desk.req('desk:admit', { deviceId: marker.status.deviceId, role: 'marker', fingerprint: marker.status.fingerprint });
  const queue = await marker.req('marking:queue', { sessionId: 'demo' });
  for (const [i, s] of queue.scripts.entries()) await marker.req('marking:mark', signedMark(marker, { sessionId: 'demo', code: s.code, questionId: s.questionId, points: 500 + 250 * i }));
  // The marker changes one mark: the new version names the one it replaces.
  const first = (await marker.req('marking:queue', { sessionId: 'demo' })).scripts[0]!;
  await marker.req('marking:mark', signedMark(marker, { sessionId: 'demo', code: first.code, questionId: first.questionId, points: 600, replaces: first.markHash! }));

  // The interview day.
  const admit = async (role: 'examiner' | 'supervisor' | 'escort', person: string, room?: string) => {
    const d = await connectDevice(t.url, 'tablet');
    devices.push(d);
    await desk.req('desk:admit', { deviceId: d.status.deviceId, role, fingerprint: d.status.fingerprint, dayId: DAY, person, ...(room ? { room } : {}) });
    return d;
  };
  const examiners = [];
  for (let i = 0; i < 5; i++) examiners.push(await admit('examiner', `考官${i + 1}`, ROOM));
  const sup = await admit('supervisor', '监督员', ROOM);
  const esc = await admit('escort', '引导员');
  await desk.req('interview:enter-share', { dayId: DAY, code: t.interview.questionShares[0]!, keyholder: 'a' });
  await desk.req('interview:enter-share', { dayId: DAY, code: t.interview.questionShares[2]!, keyholder: 'c' });
  const set = (await examiners[0]!.req('examiner:view', {})).questions!;
  for (const ticket of t.interview.tickets) await desk.req('interview:check-in', { dayId: DAY, ticket, phoneHandedIn: true });
  const draw = await desk.req('lot:open', { dayId: DAY, supervisors: [sup.status.deviceId] });
  const c = contributor(sup);
  await sup.req('lot:commit', c.commit(draw.drawId, draw.candidatesHash));
  await sup.req('lot:reveal', { drawId: draw.drawId, secret: c.secret });
  // The fifth examiner declares, by name from the day's list, a relation to the candidate who drew lot 2.
  const lots = (await desk.req('lot:status', { dayId: DAY })).draw!.lots!;
  const related = lots.find((l) => l.lot === 2)!.ticket;
  const declareRelation = async (ex: Device, ticket: string) => {
    const declaration = { dayId: DAY, ticket, relation: 'lineal' as const, declarantKey: toBase64(ex.signer.publicKey), signedAt: Date.now(), nonce: '0'.repeat(31) + '1' };
    return ex.req('examiner:declare-relation', { declaration, signature: toBase64(signObject(ex.signer.pair.secretKey, 'interview-recusal', declaration)) });
  };
  const roster = await examiners[4]!.req('examiner:roster', { dayId: DAY });
  if (!roster.candidates.some((x) => x.ticket === related)) throw new Error('the roster lacks a candidate of the day');
  await declareRelation(examiners[4]!, related);
  for (const lot of [1, 2, 3]) {
    await esc.req('room:call', { dayId: DAY, room: ROOM });
    await esc.req('room:enter', { dayId: DAY, room: ROOM, lot });
    for (const [i, ex] of examiners.entries()) {
      if (lot === 2 && i === 4) {
        // The tablet is told, and a sheet would be refused: it declares the conflict instead.
        if ((await ex.req('examiner:view', {})).current?.recused !== true) throw new Error('the examiner is not told of the relation it declared');
        const refused = await ex.req('score:submit', signSheet(makeSheet(set, ex, DAY, ROOM, lot, 0.5), ex)).then(() => 'accepted', (e: { code?: string }) => e.code);
        if (refused !== 'forbidden') throw new Error(`a sheet for a declared relation was ${refused}`);
        const declaration = { dayId: DAY, room: ROOM, lot, examinerKey: toBase64(ex.signer.publicKey), reason: '回避', signedAt: Date.now() };
        await ex.req('score:conflict', { declaration, signature: toBase64(signObject(ex.signer.pair.secretKey, 'conflict-declaration', declaration)) });
        continue;
      }
      const r = await ex.req('score:submit', signSheet(makeSheet(set, ex, DAY, ROOM, lot, 0.55 + 0.07 * i + 0.03 * lot), ex));
      if (lot === 1 && i === 0) {
        const fix = await ex.req('score:submit', signSheet(makeSheet(set, ex, DAY, ROOM, lot, 0.7, { replaces: r.hash, reason: '录入错误' }), ex));
        const cs = { sheetHash: fix.hash, supervisorKey: toBase64(sup.signer.publicKey), signedAt: Date.now() };
        await sup.req('score:countersign', { countersign: cs, signature: toBase64(signObject(sup.signer.pair.secretKey, 'sheet-countersign', cs)) });
      }
      // A correction the supervisor never countersigns: it waits, and the original still counts.
      if (lot === 3 && i === 1) await ex.req('score:submit', signSheet(makeSheet(set, ex, DAY, ROOM, lot, 0.95, { replaces: r.hash, reason: '想改高分' }), ex));
    }
    await esc.req('room:leave', { dayId: DAY, room: ROOM, lot });
  }
  // A relation declared after scoring the candidate is refused: the sheet stands as signed.
  const late = await declareRelation(examiners[0]!, lots.find((l) => l.lot === 1)!.ticket).then(() => 'accepted', (e: { code?: string }) => e.code);
  if (late !== 'conflict') throw new Error(`a relation declared after scoring was ${late}`);
  // The last lot is called and does not come: the escort records it (缺考) with a reason.
  await esc.req('room:call', { dayId: DAY, room: ROOM });
  await esc.req('room:no-show', { dayId: DAY, room: ROOM, lot: 4, reason: '叫号后未到场' });

  // The front of a selection, after the day (it moves the clock on to its deadline): forms for one
  // or two posts, a review in which the first reviewer declares a relation and a second decides
  // instead, the list, a post below its ratio cancelled, the seat draw with a supervisor of the
  // venue, and the session that sits one of its papers.
  const org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
  devices.push(org);
  const sel = await selectionToQualified({
    url: t.url,
    desk,
    org,
    now,
    setNow: (at) => (offset = at - Date.now()),
    selectionId: 'demo-selection',
    posts: [
      { id: 'p1', title: '办公室副主任', paper: 'paper-a', seats: 1, minRatio: 2 },
      { id: 'p2', title: '服务科副科长', paper: 'paper-b', seats: 1, minRatio: 2 },
      { id: 'p3', title: '信息科副科长', paper: 'paper-a', seats: 1, minRatio: 3 },
    ],
    people: [
      { name: '甲一', birth: '19800101', posts: ['p1'] },
      { name: '乙二', birth: '19810202', posts: ['p2', 'p1'] },
      { name: '丙三', birth: '19820303', posts: ['p2'] },
      { name: '丁四', birth: '19830404', posts: ['p3', 'p1'] },
      { name: '戊五', birth: '19840505', posts: ['p1'], fails: true },
    ],
    related: '丙三',
  });
  devices.push(sel.reviewer, ...sel.others);
  await org.req('organiser:decide-post', { selectionId: 'demo-selection', post: 'p3', action: 'cancel', mergeInto: null, reason: '合格人数不足' });
  const venueSup = await admitted(t.url, desk, { role: 'supervisor', person: '纪检监督员' });
  devices.push(venueSup);
  const seats = await org.req('organiser:open-seat-draw', { selectionId: 'demo-selection', supervisors: [venueSup.status.deviceId] });
  const vc = contributor(venueSup);
  await venueSup.req('lot:commit', vc.commit(seats.drawId, seats.candidatesHash));
  await venueSup.req('lot:reveal', { drawId: seats.drawId, secret: vc.secret });
  const { paper, answerKey } = benchPaper();
  const sealed = await sealPaper(paper, answerKey, { label: '笔试（乙卷）', threshold: 2, count: 3 });
  await org.req('organiser:create-session', { selectionId: 'demo-selection', id: 'written-b', label: '笔试（乙卷）', room: '第二考场', scheduledStart: now() + 86_400_000, durationMinutes: 120, lateEntryMinutes: 30, sealedPaper: sealed.paper.file, sealedAnswerKey: sealed.answerKey.file, paper: 'paper-b' });

  // A democratic evaluation of those who go on: one group of five with six cards made offline, five
  // ballots from a booth, one card unused, the close, the board.
  // Those rated are the selection's candidates, by admission number and registered name.
  const admittedRows = (await org.req('organiser:admissions', { selectionId: 'demo-selection' })).rows;
  const admissionNos = admittedRows.map((a) => a.admissionNo);
  const evSettings: EvaluationSettings = {
    selectionId: 'demo-selection',
    id: 'demo-evaluation',
    title: '民主测评',
    candidates: admittedRows.map((a) => ({ ref: a.admissionNo, name: a.name })),
    groups: [{ id: 'all', name: '全体干部职工', weight: 100, entitled: 5 }],
    ...DEFAULT_RULES,
    dimensions: true,
    recommendation: [],
  };
  const evCards = makeGroupCards('demo-evaluation', 'all', 6);
  await org.req('organiser:create-evaluation', { settings: evSettings, lists: [evCards.keys] });
  await org.req('organiser:open-evaluation', { evaluationId: 'demo-evaluation' });
  const booth = await connectDevice(t.url, 'kiosk');
  devices.push(booth);
  await desk.req('desk:admit', { deviceId: booth.status.deviceId, role: 'booth', fingerprint: booth.status.fingerprint });
  const scale = ['excellent', 'competent', 'basic', 'incompetent'];
  for (const [v, code] of evCards.codes.slice(0, 5).entries()) {
    const d = decodeBallotCode(code);
    if (!d.ok) throw new Error(d.message);
    const pair = ballotKeyPair(d.payload);
    const ratings = admissionNos.map((ref, i) => {
      const r = scale[(v + i) % 4]!;
      return { candidate: ref, overall: r, dimensions: { de: r, neng: r, qin: 'competent', ji: r, lian: 'excellent' } };
    });
    const ballot: Ballot = { evaluationId: 'demo-evaluation', group: 'all', key: toBase64(pair.publicKey), ratings, recommend: [], paper: false };
    await booth.req('booth:cast', { ballot, signature: toBase64(signObject(pair.secretKey, 'ballot', ballot)) });
  }
  await org.req('organiser:close-evaluation', { evaluationId: 'demo-evaluation', handedOut: { all: 5 }, missing: {}, unused: [evCards.codes[5]!] });

  // A second selection taken through all three components and ranked (test/support/ranking-flow.ts).
  const ranked = await rankedSelection({ url: t.url, desk, org, now, setNow: (at) => (offset = at - Date.now()), devices });

  // The supervisor cosigns every checkpoint from their own tablet, and keeps the copies.
  const kept: Array<{ checkpoint: { seq: number; hash: string; phase: string }; supervisorKey: string; signature: string }> = [];
  for (const cp of (await sup.req('checkpoint:list', {})).checkpoints) {
    const checkpoint = { seq: cp.seq, hash: cp.hash, phase: cp.phase };
    const signature = toBase64(signObject(sup.signer.pair.secretKey, 'checkpoint', checkpoint));
    await sup.req('checkpoint:cosign', { checkpoint, signature });
    kept.push({ checkpoint, supervisorKey: toBase64(sup.signer.publicKey), signature });
  }
  const bundle = await exportBundle(t.server.ctx);
  const records = await exportSupervisorsBundle(t.server.ctx.db);
  return {
    t,
    bundle,
    records,
    ballotLists: [{ evaluationId: 'demo-evaluation', group: 'all', count: evCards.codes.length, hash: evCards.hash.slice(0, 32) }, ranked.cardList],
    kept,
    close: async () => {
      for (const d of devices) d.close();
      await t.close();
    },
  };
}
