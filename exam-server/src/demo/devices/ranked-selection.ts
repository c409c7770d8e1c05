import { readFileSync } from 'node:fs';
import { projectFile } from '../../project-files';
import { DEFAULT_RULES, SHIPPED_CALENDARS, beijingDay, objectHash, presetRules, type EvaluationSettings, type InterviewSet, type RankingRules } from '@exam/shared';
import { makeGroupCards } from '../../evaluation/cards';
import { sealInterview, sealPaper } from '../../papers/seal';
import { parseInterviewQuestions } from '../../papers/interview-authoring';
import { tenQuestions } from './papers';
import { admitted, selectionToQualified } from './selection-flow';
import { admittedKiosk, connectDevice, signedMark, type Device } from './clients';
import { contributor, makeSheet, signSheet } from './interview';
import { signedBallot } from './ballots';

/**
 * A whole selection through its three components over real sockets, as the console, the desk, the
 * kiosks, the tablets and a booth send them (docs/protocol.md §21–25):
 *
 * - posts p1 (paper-a) and p2 (paper-b), one seat each; 甲一 p1, 乙二 p2 then p1, 丙三 p2, 丁四 p1,
 *   戊五 p1; the seat draw with a supervisor of the venue;
 * - a written session per paper, an interview day from the admissions (p1 in 第一面试室, p2 in
 *   第二面试室), and an evaluation of all five with a recommendation vote per post;
 * - each post's round-1 rules set (the presets, 3 : 3 : 4) before anything begins;
 * - the written exams sat (戊五 absent) and marked, the interviews drawn and scored by three
 *   examiners a room, six ballots cast (丁四 rated 不称职 by three of six: over 30 %; each post's
 *   recommendation split three and three, exactly 50 %), the close.
 *
 * - then the committee's decision (乙二 first for both posts, preferring p2), the composite ranking and
 *   the proposed appointees on notice for five working days, a signed objection about 甲一 (unfounded)
 *   and an anonymous one about the notice (no effect), the clock past the notice, the appointments final.
 *
 * `stopBefore` ends the flow just before that stage begins, for tests of the rules' fixing.
 */
export const PEOPLE = [
  { name: '甲一', birth: '19800101', posts: ['p1'] as [string] },
  { name: '乙二', birth: '19810202', posts: ['p2', 'p1'] as [string, string] },
  { name: '丙三', birth: '19820303', posts: ['p2'] as [string] },
  { name: '丁四', birth: '19830404', posts: ['p1'] as [string] },
  { name: '戊五', birth: '19840505', posts: ['p1'] as [string] },
];
/** Per person: how many of the five single-choice questions they get right, and the marks of the two open answers (hundredths). */
const WRITTEN: Record<string, { right: number; open: [number, number] }> = {
  甲一: { right: 5, open: [450, 800] },
  乙二: { right: 4, open: [400, 900] },
  丙三: { right: 3, open: [300, 700] },
  丁四: { right: 5, open: [500, 1000] },
};
/** Per person: the fraction of each rubric item's maximum the examiners give (plus 0.05 per examiner). */
const INTERVIEW: Record<string, number> = { 甲一: 0.8, 乙二: 0.7, 丙三: 0.6, 丁四: 0.9, 戊五: 0.5 };
/** The six ballots' overall ratings, per person, and the marks for each post's recommendation. */
const BALLOTS: Array<{ overall: Record<string, string>; p1: string; p2: string }> = [
  { overall: { 甲一: 'excellent', 乙二: 'excellent', 丙三: 'competent', 丁四: 'incompetent', 戊五: 'competent' }, p1: '甲一', p2: '乙二' },
  { overall: { 甲一: 'excellent', 乙二: 'competent', 丙三: 'competent', 丁四: 'incompetent', 戊五: 'basic' }, p1: '甲一', p2: '乙二' },
  { overall: { 甲一: 'competent', 乙二: 'excellent', 丙三: 'excellent', 丁四: 'incompetent', 戊五: 'competent' }, p1: '乙二', p2: '丙三' },
  { overall: { 甲一: 'excellent', 乙二: 'competent', 丙三: 'basic', 丁四: 'competent', 戊五: 'competent' }, p1: '甲一', p2: '乙二' },
  { overall: { 甲一: 'competent', 乙二: 'excellent', 丙三: 'competent', 丁四: 'excellent', 戊五: 'basic' }, p1: '乙二', p2: '丙三' },
  { overall: { 甲一: 'basic', 乙二: 'competent', 丙三: 'competent', 丁四: 'competent', 戊五: 'competent' }, p1: '乙二', p2: '丙三' },
];

export const SELECTION = 'rank-selection';
export const ROOMS = { p1: '第一面试室', p2: '第二面试室' } as const;
const DAY_ID = 'rank-day';
const EVALUATION = 'rank-evaluation';

export type RankingStage = 'rules' | 'written' | 'evaluation' | 'interview' | 'notices';

export interface RankedSelection {
  /** Registration id by name, admission number by name. */
  ids: Map<string, string>;
  admission: Map<string, string>;
  rules: Record<'p1' | 'p2', RankingRules>;
  sessions: Record<'paper-a' | 'paper-b', { id: string; paperShares: string[]; answerKeyShares: string[] }>;
  /** The interview day's examiners, once admitted. */
  examiners: Device[];
  /** Runs the flow on from where it stopped, up to just before `stopBefore` (or to the end). */
  runUntil: (stopBefore?: RankingStage) => Promise<void>;
  /** The evaluation's card list as its ceremony sheet has it: the count and the first 32 hex digits of the list's hash. */
  cardList: { evaluationId: string; group: string; count: number; hash: string };
}

export async function rankedSelection(o: { url: string; desk: Device; org: Device; now: () => number; setNow: (at: number) => void; devices: Device[]; stopBefore?: RankingStage; rulesElsewhere?: boolean; title?: string }): Promise<RankedSelection> {
  const { url, desk, org, devices } = o;
  const sel = await selectionToQualified({
    url,
    desk,
    org,
    now: o.now,
    setNow: o.setNow,
    selectionId: SELECTION,
    ...(o.title ? { title: o.title } : {}),
    steps: ['written', 'evaluation', 'interview'],
    posts: [
      { id: 'p1', title: '办公室副主任', paper: 'paper-a', seats: 1, minRatio: 2 },
      { id: 'p2', title: '服务科副科长', paper: 'paper-b', seats: 1, minRatio: 2 },
    ],
    people: PEOPLE,
  });
  devices.push(sel.reviewer, ...sel.others);
  const venueSup = await admitted(url, desk, { role: 'supervisor', person: '纪检监督员' });
  devices.push(venueSup);
  const draw = await org.req('organiser:open-seat-draw', { selectionId: SELECTION, supervisors: [venueSup.status.deviceId] });
  const vc = contributor(venueSup);
  await venueSup.req('lot:commit', vc.commit(draw.drawId, draw.candidatesHash));
  await venueSup.req('lot:reveal', { drawId: draw.drawId, secret: vc.secret });
  const rows = (await org.req('organiser:admissions', { selectionId: SELECTION })).rows;
  const admission = new Map(rows.map((r) => [r.name, r.admissionNo]));

  // The components: a session per paper, the interview day, the evaluation.
  const sessions = {} as RankedSelection['sessions'];
  const { paper, answerKey } = tenQuestions();
  for (const [p, room] of [['paper-a', '综合楼一考场'], ['paper-b', '综合楼二考场']] as const) {
    const label = p === 'paper-a' ? '笔试（甲卷）' : '笔试（乙卷）';
    const sealed = await sealPaper(paper, answerKey, { label, threshold: 2, count: 3 });
    await org.req('organiser:create-session', { selectionId: SELECTION, id: `w-${p}`, label, room, scheduledStart: o.now() + 86_400_000, durationMinutes: 120, lateEntryMinutes: 30, sealedPaper: sealed.paper.file, sealedAnswerKey: sealed.answerKey.file, paper: p });
    sessions[p] = { id: `w-${p}`, paperShares: sealed.paper.shareCodes, answerKeyShares: sealed.answerKey.shareCodes };
  }
  const set = parseInterviewQuestions(readFileSync(projectFile('exam-server/src/demo/demo-interview.yaml'), 'utf8'));
  const sealedQ = await sealInterview(set, { label: '面试', threshold: 2, count: 3 });
  await org.req('organiser:create-day', { selectionId: SELECTION, id: DAY_ID, label: '面试日', holdingRoom: '候考室', finishedRoom: '候分室', sealedQuestions: sealedQ.file, trimWhenAtLeast: 5, outlierDistance: 5000, announceOnSpot: false, postRooms: { ...ROOMS } });
  const refsOf = (names: string[]) => names.map((n) => admission.get(n)!);
  const settings: EvaluationSettings = {
    selectionId: SELECTION,
    id: EVALUATION,
    title: '民主测评',
    candidates: PEOPLE.map((p) => ({ ref: admission.get(p.name)!, name: p.name })),
    groups: [{ id: 'all', name: '全体干部职工', weight: 100, entitled: 6 }],
    ...DEFAULT_RULES,
    dimensions: false,
    recommendation: [
      { post: 'p1', title: '办公室副主任', seats: 1, candidates: refsOf(['甲一', '乙二', '丁四', '戊五']) },
      { post: 'p2', title: '服务科副科长', seats: 1, candidates: refsOf(['乙二', '丙三']) },
    ],
  };
  const cards = makeGroupCards(EVALUATION, 'all', 6);
  await org.req('organiser:create-evaluation', { settings, lists: [cards.keys] });

  const rules = {
    p1: presetRules(SELECTION, 'p1', { written: 'paper-a', interview: DAY_ID, evaluation: EVALUATION }),
    p2: presetRules(SELECTION, 'p2', { written: 'paper-b', interview: DAY_ID, evaluation: EVALUATION }),
  };

  const examiners: Device[] = [];
  const stages: Array<[RankingStage, () => Promise<void>]> = [
    [
      'rules',
      async () => {
        if (o.rulesElsewhere) return; // set in the console (test/browser-ranking.test.ts)
        await org.req('organiser:set-ranking-rules', { rules: rules.p1 });
        await org.req('organiser:set-ranking-rules', { rules: rules.p2 });
      },
    ],
    [
      'written',
      async () => {
        for (const p of ['paper-a', 'paper-b'] as const) {
          const s = sessions[p];
          const roster = await o.org.req('organiser:admissions', { selectionId: SELECTION });
          const sitting = roster.rows.filter((r) => r.sittings.some((x) => x.paper === p));
          const kiosks: Array<{ k: Device; name: string; ticket: string }> = [];
          for (const r of sitting) {
            if (r.name === '戊五') continue; // absent (缺考)
            const seat = r.sittings.find((x) => x.paper === p)!.seat;
            const k = await admittedKiosk(url, desk, p === 'paper-a' ? '综合楼一考场' : '综合楼二考场', seat);
            devices.push(k);
            await k.req('candidate:sign-in', { ticket: r.admissionNo });
            kiosks.push({ k, name: r.name, ticket: r.admissionNo });
          }
          await desk.req('desk:enter-share', { sessionId: s.id, target: 'paper', code: s.paperShares[0]!, keyholder: 'a' });
          await desk.req('desk:enter-share', { sessionId: s.id, target: 'paper', code: s.paperShares[1]!, keyholder: 'b' });
          await desk.req('desk:start', { sessionId: s.id, overrideReason: '提前开考（测试）' });
          for (const { k, name, ticket } of kiosks) {
            const w = WRITTEN[name]!;
            // Singles q1–q5 have keys 0, 1, 2, 3, 0: the first `right` answered right, the rest wrong.
            const answers: Record<string, unknown> = {};
            [0, 1, 2, 3, 0].forEach((key, i) => (answers[`q${i + 1}`] = i < w.right ? key : (key + 1) % 4));
            // The open answers are worth what the marker will read in them (marking is blind: codes, not names).
            Object.assign(answers, { q6: [0, 2, 3], q7: true, q8: ['民主集中制', '公示'], q9: `程序公开（${w.open[0]}）`, q10: `德才兼备（${w.open[1]}）` });
            let rev = 0;
            for (const [q, v] of Object.entries(answers)) await k.req('answer:save', { questionId: q, value: v as never, rev: ++rev });
            await k.req('answer:submit', { answersHash: objectHash('answers', { sessionId: s.id, ticket, answers }) });
          }
          await desk.req('desk:close', { sessionId: s.id });
          await desk.req('desk:enter-share', { sessionId: s.id, target: 'answer-key', code: s.answerKeyShares[0]!, keyholder: 'a' });
          await desk.req('desk:enter-share', { sessionId: s.id, target: 'answer-key', code: s.answerKeyShares[1]!, keyholder: 'b' });
          const marker = await connectDevice(url, 'tablet');
          devices.push(marker);
          await desk.req('desk:admit', { deviceId: marker.status.deviceId, role: 'marker', fingerprint: marker.status.fingerprint });
          const queue = await marker.req('marking:queue', { sessionId: s.id });
          for (const sc of queue.scripts) await marker.req('marking:mark', signedMark(marker, { sessionId: s.id, code: sc.code, questionId: sc.questionId, points: Number(/（(\d+)）/.exec(sc.answer)![1]) }, o.now()));
        }
      },
    ],
    [
      'evaluation',
      async () => {
        await org.req('organiser:open-evaluation', { evaluationId: EVALUATION });
        const booth = await connectDevice(url, 'kiosk');
        devices.push(booth);
        await desk.req('desk:admit', { deviceId: booth.status.deviceId, role: 'booth', fingerprint: booth.status.fingerprint });
        for (const [i, b] of BALLOTS.entries()) {
          const cast = signedBallot({
            code: cards.codes[i]!,
            evaluationId: EVALUATION,
            group: 'all',
            candidates: settings.candidates.map((c) => c.ref),
            overall: settings.candidates.map((c) => b.overall[c.name]!),
            recommend: [
              { post: 'p1', marked: [admission.get(b.p1)!] },
              { post: 'p2', marked: [admission.get(b.p2)!] },
            ],
          });
          await booth.req('booth:cast', cast);
        }
        await org.req('organiser:close-evaluation', { evaluationId: EVALUATION, handedOut: { all: 6 }, missing: {}, unused: [] });
      },
    ],
    [
      'interview',
      async () => {
        const admit = async (role: 'examiner' | 'supervisor' | 'escort', person: string, room?: string) => {
          const d = await connectDevice(url, 'tablet');
          devices.push(d);
          await desk.req('desk:admit', { deviceId: d.status.deviceId, role, fingerprint: d.status.fingerprint, dayId: DAY_ID, person, ...(room ? { room } : {}) });
          return d;
        };
        const panels: Record<string, Device[]> = {};
        for (const room of Object.values(ROOMS)) {
          panels[room] = [];
          for (let i = 0; i < 3; i++) panels[room].push(await admit('examiner', `${room}考官${i + 1}`, room));
          examiners.push(...panels[room]);
        }
        const sup = await admit('supervisor', '面试监督员');
        const esc = await admit('escort', '引导员');
        await desk.req('interview:enter-share', { dayId: DAY_ID, code: sealedQ.shareCodes[0]!, keyholder: 'a' });
        await desk.req('interview:enter-share', { dayId: DAY_ID, code: sealedQ.shareCodes[1]!, keyholder: 'b' });
        const opened = (await panels[ROOMS.p1]![0]!.req('examiner:view', {})).questions as InterviewSet;
        for (const p of PEOPLE) await desk.req('interview:check-in', { dayId: DAY_ID, ticket: admission.get(p.name)!, phoneHandedIn: true });
        const lotDraw = await desk.req('lot:open', { dayId: DAY_ID, supervisors: [sup.status.deviceId] });
        const c = contributor(sup);
        await sup.req('lot:commit', c.commit(lotDraw.drawId, lotDraw.candidatesHash));
        await sup.req('lot:reveal', { drawId: lotDraw.drawId, secret: c.secret });
        const lots = (await desk.req('lot:status', { dayId: DAY_ID })).draw!.lots!;
        const nameOf = new Map([...admission].map(([n, a]) => [a, n]));
        for (const room of Object.values(ROOMS)) {
          // Each one is interviewed in the room of their first post.
          const roomOf = (ticket: string) => ROOMS[PEOPLE.find((p) => p.name === nameOf.get(ticket))!.posts[0] as 'p1' | 'p2'];
          const mine = lots.filter((l) => roomOf(l.ticket) === room).sort((a, b) => a.lot - b.lot);
          for (const l of mine) {
            await esc.req('room:call', { dayId: DAY_ID, room });
            await esc.req('room:enter', { dayId: DAY_ID, room, lot: l.lot });
            for (const [i, ex] of panels[room]!.entries()) await ex.req('score:submit', signSheet(makeSheet(opened, ex, DAY_ID, room, l.lot, INTERVIEW[nameOf.get(l.ticket)!]! + 0.05 * i, { signedAt: o.now() }), ex));
            await esc.req('room:leave', { dayId: DAY_ID, room, lot: l.lot });
          }
        }
      },
    ],
    [
      'notices',
      async () => {
        const id = (n: string) => sel.registrationIds.get(n)!;
        // The working days of this year and the next must be known: the shipped years, or entered here as an organiser would.
        const year = Number(beijingDay(o.now()).slice(0, 4));
        for (const y of [year, year + 1]) if (!SHIPPED_CALENDARS.some((c) => c.year === y)) await org.req('organiser:set-calendar', { calendar: { year: y, holidays: [], workdays: [], source: `测试用：${y} 年放假安排（待国务院办公厅通知发布后按通知录入）` } });
        await org.req('organiser:decide-appointments', {
          decision: { selectionId: SELECTION, meeting: '2026 年第 12 次党组会议', posts: [{ post: 'p1', proposed: [id('乙二'), id('甲一')], notProposed: [] }, { post: 'p2', proposed: [id('乙二'), id('丙三')], notProposed: [] }], probationMonths: 12 },
        });
        await org.req('organiser:publish-notice', { selectionId: SELECTION, kind: 'ranking', target: null, workingDays: 5 });
        const published = await org.req('organiser:publish-notice', { selectionId: SELECTION, kind: 'appointees', target: null, workingDays: 5 });
        const notice = published.notices.filter((n) => n.kind === 'appointees').at(-1)!;
        let st = await org.req('organiser:record-objection', { noticeId: notice.id, about: id('甲一'), name: '王某', contact: '13800000000', via: 'letter', text: '反映甲一在原单位工作中存在问题，请组织核实。' });
        st = await org.req('organiser:record-objection', { noticeId: notice.id, about: null, name: null, contact: null, via: 'telephone', text: '对公示名单有意见，希望公开考察情况。' });
        const [signed, anonymous] = st.objections.slice(-2);
        await org.req('organiser:handle-objection', { objectionId: signed!.id, outcome: 'unfounded', reason: '经核实，反映问题不属实' });
        await org.req('organiser:handle-objection', { objectionId: anonymous!.id, outcome: 'no-effect', reason: '考察情况已按规定向党组报告，不影响任用' });
        o.setNow(notice.endsAt + 60_000);
        await org.req('organiser:finalise-appointments', { selectionId: SELECTION });
        const made = (await org.req('organiser:publish-notice', { selectionId: SELECTION, kind: 'appointed', target: null, workingDays: 5 })).notices.at(-1)!;
        // An objection to the appointments made: it can no longer withhold one.
        st = await org.req('organiser:record-objection', { noticeId: made.id, about: null, name: null, contact: null, via: 'email', text: '希望公布考察情况。' });
        await org.req('organiser:handle-objection', { objectionId: st.objections.at(-1)!.id, outcome: 'no-effect', reason: '考察情况按规定不公开，任用已确定' });
      },
    ],
  ];
  let next = 0;
  const runTo = async (stop: RankingStage | undefined) => {
    for (; next < stages.length; next++) {
      if (stages[next]![0] === stop) return;
      await stages[next]![1]();
    }
  };
  await runTo(o.stopBefore);
  return { ids: sel.registrationIds, admission, rules, sessions, examiners, runUntil: runTo, cardList: { evaluationId: EVALUATION, group: 'all', count: cards.codes.length, hash: cards.hash.slice(0, 32) } };
}
