import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RequestError,
  allQuestions,
  fromBase64,
  fromUtf8,
  layoutPaper,
  markHash,
  objectHash,
  openBytes,
  paperSchema,
  randomBytes,
  signObject,
  toBase64,
  toHex,
  sealedFileSchema,
  verifyObject,
  type Paper,
  type SignInResult,
} from '@exam/shared';
import { verifyAuditChain } from '@exam/server';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, connectDevice, signedMark, waitFor, type Device } from './support/clients';

const refused = async (p: Promise<unknown>, code: string) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `expected refusal ${code}`).toBeInstanceOf(RequestError);
  expect((err as RequestError).code).toBe(code);
  return err as RequestError;
};

describe('a written exam from sealed paper to results', () => {
  let t: TestServer;
  let desk: Device;
  const kiosks: Device[] = [];
  const signIns: SignInResult[] = [];
  let paper: Paper;

  beforeAll(async () => {
    t = await startTestServer({ startInMinutes: 60 });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
  });
  afterAll(async () => {
    for (const k of kiosks) k.close();
    desk?.close();
    await t?.close();
  });

  it('admits kiosks only with the fingerprint shown on them', async () => {
    const k = await connectDevice(t.url, 'kiosk');
    expect(k.status.status).toBe('pending');
    await refused(k.req('candidate:sign-in', { ticket: '2026001' }), 'device-not-admitted');
    await refused(desk.req('desk:admit', { deviceId: k.status.deviceId, role: 'kiosk', fingerprint: 'AAAA-BBBB-CCCC-DDDD', room: 'demo', seat: '01' }), 'fingerprint-mismatch');
    await refused(desk.req('desk:admit', { deviceId: k.status.deviceId, role: 'kiosk', fingerprint: k.status.fingerprint, room: 'demo', seat: '99' }), 'not-found');
    k.close();
    for (const seat of ['01', '02', '03', '04']) kiosks.push(await admittedKiosk(t.url, desk, 'demo', seat));
    expect(kiosks[0]!.status).toMatchObject({ status: 'admitted', room: 'demo', seat: '01', sessionId: 'demo' });
  });

  it('signs candidates in at their own seat only', async () => {
    const wrong = await refused(kiosks[0]!.req('candidate:sign-in', { ticket: '2026002' }), 'wrong-seat');
    expect(wrong.message).toContain('seat 02');
    await refused(kiosks[0]!.req('candidate:sign-in', { ticket: '9999999' }), 'unknown-ticket');
    for (let i = 0; i < 4; i++) signIns.push(await kiosks[i]!.req('candidate:sign-in', { ticket: `202600${i + 1}` }));
    expect(signIns[3]!.candidate.name).toBe('𠮷田');
    expect(signIns[0]!.key).toBeNull();
    expect(signIns[0]!.timing.startedAt).toBeNull();
    await refused(kiosks[0]!.req('answer:save', { questionId: 'q1', value: 0, rev: 1 }), 'session-state');
  });

  it('names every wrong share at entry and holds the key nowhere before the start', async () => {
    const [s1, s2] = t.demo.paperShares;
    const typo = s1!.slice(0, 20) + (s1![20] === 'A' ? 'B' : 'A') + s1!.slice(21);
    await refused(desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: typo, keyholder: '监考员' }), 'share-code-checksum');
    await refused(desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.answerKeyShares[0]!, keyholder: '监考员' }), 'share-wrong-paper');
    await refused(desk.req('desk:enter-share', { sessionId: 'demo', target: 'answer-key', code: t.demo.answerKeyShares[0]!, keyholder: '监考员' }), 'session-state');
    const first = await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: s1!, keyholder: '监考员' });
    expect(first).toMatchObject({ index: 1, entered: [1], ready: false });
    await refused(desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: s1!, keyholder: '监考员' }), 'share-duplicate');
    await refused(desk.req('desk:start', { sessionId: 'demo' }), 'too-early');
    await refused(desk.req('desk:start', { sessionId: 'demo', overrideReason: '演示提前开考' }), 'not-enough-shares');
    const second = await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: s2!, keyholder: '纪检监督员' });
    expect(second).toMatchObject({ entered: [1, 2], ready: true, opened: false });
    const row = await t.server.ctx.db.selectFrom('sealed_files').select(['key']).where('kind', '=', 'paper').executeTakeFirstOrThrow();
    expect(row.key).toBeNull();
  });

  it('starts on the signal: every kiosk gets the key and opens the paper it already holds', async () => {
    const res = await fetch(`${t.url}/api/sessions/demo/sealed-paper`);
    const sealed = sealedFileSchema.parse(await res.json());
    const keys = kiosks.map((k) => waitFor<{ key: string }>(k.socket, 'exam:key'));
    await refused(kiosks[0]!.req('desk:start', { sessionId: 'demo' }), 'forbidden');
    const started = await desk.req('desk:start', { sessionId: 'demo', overrideReason: '演示提前开考 demo starts early' });
    expect(started.overridden).toBe(true);
    const got = await Promise.all(keys);
    const plain = openBytes(fromBase64(got[0]!.key), sealed.box);
    expect(plain).not.toBeNull();
    paper = paperSchema.parse(JSON.parse(fromUtf8(plain!)));
    expect(allQuestions(paper)).toHaveLength(7);
    expect(JSON.stringify(paper)).not.toContain('民主集中制'); // the answers are in the other seal
    // A desk on a process that has not yet heard of the start (its memory still says scheduled): the
    // database's opened paper refuses a second start, and the first one's time stands.
    const live = t.server.ctx.live.get('demo')!;
    const heard = live.session;
    live.session = { ...heard, state: 'scheduled', started_at: null };
    await refused(desk.req('desk:start', { sessionId: 'demo', overrideReason: 'again' }), 'session-state');
    live.session = heard;
    const starts = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'exam.started').execute();
    expect(starts.map((e) => JSON.parse(e.payload_json).startedAt)).toEqual([heard.started_at]);
    const layouts = signIns.map((s) => JSON.stringify(layoutPaper(paper, s.seed)));
    expect(new Set(layouts).size).toBeGreaterThan(1);
  });

  it('saves answers durably, keeps the highest revision, and checks each answer', async () => {
    const k = kiosks[0]!;
    expect(await k.req('answer:save', { questionId: 'q1', value: 1, rev: 1 })).toEqual({ rev: 1 });
    await k.req('answer:save', { questionId: 'q1', value: 0, rev: 3 });
    await k.req('answer:save', { questionId: 'q1', value: 2, rev: 2 }); // late duplicate of an older change
    const row = await t.server.ctx.db.selectFrom('answers').selectAll().where('ticket', '=', '2026001').where('question_id', '=', 'q1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ value_json: '0', rev: 3 });
    await refused(k.req('answer:save', { questionId: 'q1', value: 7, rev: 4 }), 'bad-request');
    await refused(k.req('answer:save', { questionId: 'q4', value: 'yes', rev: 4 }), 'bad-request');
    await refused(k.req('answer:save', { questionId: 'nope', value: 1, rev: 4 }), 'not-found');
    await k.req('answer:save', { questionId: 'q4', value: false, rev: 5 });
    await k.req('answer:save', { questionId: 'q5', value: ['民主集中制', '1'], rev: 6 });
    await k.req('answer:save', { questionId: 'q3', value: [0, 1, 2, 3, 4], rev: 7 });
    await k.req('answer:save', { questionId: 'q6', value: '公示接受群众监督。', rev: 8 });
    await k.req('answer:save', { questionId: 'q7', value: '工作思路……', rev: 9 });
    await kiosks[1]!.req('answer:save', { questionId: 'q1', value: 1, rev: 1 });
    await kiosks[1]!.req('answer:save', { questionId: 'q6', value: '不知道', rev: 2 });
  });

  it('gives extra time and pauses one seat, with reasons, and the kiosk hears of it', async () => {
    const timing = waitFor<{ endsAt: number }>(kiosks[2]!.socket, 'exam:timing');
    const seat = await desk.req('desk:extra-time', { sessionId: 'demo', ticket: '2026003', minutes: 10, reason: '设备故障补时' });
    expect(seat.extraMinutes).toBe(10);
    const started = t.server.ctx.live.get('demo')!.session.started_at!;
    expect((await timing).endsAt).toBe(started + 40 * 60_000);
    await desk.req('desk:pause', { sessionId: 'demo', ticket: '2026003', reason: '考生身体不适' });
    await refused(kiosks[2]!.req('answer:save', { questionId: 'q1', value: 1, rev: 1 }), 'paused');
    await desk.req('desk:resume', { sessionId: 'demo', ticket: '2026003' });
    await kiosks[2]!.req('answer:save', { questionId: 'q1', value: 1, rev: 1 });
  });

  it('hands in with a receipt the server signed over the hash of the final answers', async () => {
    const k = kiosks[0]!;
    const bad = await refused(k.req('answer:submit', { answersHash: '0'.repeat(64) }), 'conflict');
    expect(bad.message).toMatch(/pending saves/);
    const answers = { q1: 0, q3: [0, 1, 2, 3, 4], q4: false, q5: ['民主集中制', '1'], q6: '公示接受群众监督。', q7: '工作思路……' };
    const hash = objectHash('answers', { sessionId: 'demo', ticket: '2026001', answers });
    const receipt = await k.req('answer:submit', { answersHash: hash });
    expect(receipt.receipt).toMatchObject({ answersHash: hash, answerCount: 6, auto: false, ticket: '2026001' });
    expect(verifyObject(fromBase64(receipt.serverKey), 'receipt', receipt.receipt, fromBase64(receipt.signature))).toBe(true);
    expect(await k.req('answer:submit', { answersHash: hash })).toEqual(receipt);
    await refused(k.req('answer:save', { questionId: 'q1', value: 1, rev: 99 }), 'already-submitted');
  });

  it('closes: the others are handed in with what is saved; then the answer key opens and marks', async () => {
    const submitted = waitFor(kiosks[1]!.socket, 'exam:submitted');
    // One of them signed in, as this process would see it had the sign-in come through another that it
    // has not heard from yet: the close goes by the database, so it is handed in, and not listed absent.
    const unheard = [...t.server.ctx.live.get('demo')!.candidates.values()].find((c) => c.signed_in_at !== null && c.submitted_at === null)!;
    unheard.signed_in_at = null;
    const closed = await desk.req('desk:close', { sessionId: 'demo' });
    expect(closed.autoSubmitted).toBe(3);
    await submitted;
    const [closedEntry] = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'exam.closed').execute();
    const absent = (JSON.parse(closedEntry!.payload_json) as { absent: string[] }).absent;
    expect([absent.includes(unheard.ticket), absent.length]).toEqual([false, t.server.ctx.live.get('demo')!.candidates.size - 4]);
    // Likewise a close through a process that has not heard of this one: refused, and closed once.
    const live = t.server.ctx.live.get('demo')!;
    const heard = live.session;
    live.session = { ...heard, state: 'running', closed_at: null };
    await refused(desk.req('desk:close', { sessionId: 'demo' }), 'session-state');
    live.session = heard;
    const closes = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'exam.closed').execute();
    expect(closes.map((e) => JSON.parse(e.payload_json).closedAt)).toEqual([closed.closedAt]);
    await refused(kiosks[1]!.req('answer:save', { questionId: 'q1', value: 1, rev: 10 }), 'session-state');
    const marker = await connectDevice(t.url, 'tablet', { label: 'marker 1' });
    await desk.req('desk:admit', { deviceId: marker.status.deviceId, role: 'marker', fingerprint: marker.status.fingerprint });
    await refused(marker.req('marking:queue', { sessionId: 'demo' }), 'session-state');
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'answer-key', code: t.demo.answerKeyShares[2]!, keyholder: '纪检' });
    const opened = await desk.req('desk:enter-share', { sessionId: 'demo', target: 'answer-key', code: t.demo.answerKeyShares[0]!, keyholder: '组织部' });
    expect(opened.opened).toBe(true);

    const queue = await marker.req('marking:queue', { sessionId: 'demo' });
    expect(queue.questions.map((q) => q.id)).toEqual(['q6', 'q7']);
    const text = JSON.stringify(queue);
    for (const name of ['张伟', '王芳', '2026001', '2026002']) expect(text).not.toContain(name);
    const mine = queue.scripts.find((s) => s.answer === '公示接受群众监督。')!;
    const markBy = (d: Device, code: string, questionId: string, points: number) => signedMark(d, { sessionId: 'demo', code, questionId, points });
    await refused(marker.req('marking:mark', markBy(marker, mine.code, 'q6', 2600)), 'mark-out-of-range');
    await refused(marker.req('marking:mark', markBy(marker, mine.code, 'q1', 100)), 'not-found');
    await refused(kiosks[0]!.req('marking:mark', markBy(marker, mine.code, 'q6', 100)), 'forbidden');
    const forged = markBy(marker, mine.code, 'q6', 2500);
    await refused(marker.req('marking:mark', { ...forged, mark: { ...forged.mark, points: 2400 } }), 'signature-invalid');
    await refused(marker.req('marking:mark', markBy(desk, mine.code, 'q6', 100)), 'forbidden'); // signed with another key
    for (const s of queue.scripts) await marker.req('marking:mark', markBy(marker, s.code, s.questionId, s.code === mine.code && s.questionId === 'q6' ? 1800 : 1000));
    // A changed mark names the one it replaces; the older one is never accepted again (protocol 2).
    const before = (await marker.req('marking:queue', { sessionId: 'demo' })).scripts.find((s) => s.code === mine.code && s.questionId === 'q6')!;
    const oldMark = await t.server.ctx.db.selectFrom('mark_versions').select(['mark_json', 'signature']).where('hash', '=', before.markHash!).executeTakeFirstOrThrow();
    await refused(marker.req('marking:mark', markBy(marker, mine.code, 'q6', 2050)), 'conflict'); // names nothing: another mark is there
    const changed = signedMark(marker, { sessionId: 'demo', code: mine.code, questionId: 'q6', points: 2050, replaces: before.markHash! });
    expect((await marker.req('marking:mark', changed)).hash).toBe(markHash(changed.mark));
    expect(await marker.req('marking:mark', changed)).toMatchObject({ points: 2050 }); // the same mark again changes nothing
    await refused(marker.req('marking:mark', { mark: JSON.parse(oldMark.mark_json), signature: oldMark.signature }), 'conflict'); // the older version, replayed
    await refused(marker.req('marking:mark', signedMark(marker, { sessionId: 'demo', code: mine.code, questionId: 'q6', points: 100, replaces: before.markHash! })), 'conflict'); // names a mark no longer current

    const results = await desk.req('desk:results', { sessionId: 'demo' });
    expect(results.markedComplete).toBe(true);
    const first = results.rows.find((r) => r.ticket === '2026001')!;
    // q1 5 + q3 10 + q4 5 + q5 10 = 30 objective; q6 20.5 and q7 10 by the marker.
    expect(first).toMatchObject({ objective: 3000, open: 3050, total: 6050, rank: 1 });
    const second = results.rows.find((r) => r.ticket === '2026002')!;
    expect(second.objective).toBe(0);
    marker.close();
  });

  it('keeps a candidate’s scripts out of the queue of a marker who declared a relation to them, without saying which they are', async () => {
    const second = await connectDevice(t.url, 'tablet', { label: 'marker 2' });
    await desk.req('desk:admit', { deviceId: second.status.deviceId, role: 'marker', fingerprint: second.status.fingerprint });
    const roster = await second.req('marking:roster', { sessionId: 'demo' });
    expect(roster.candidates.map((c) => c.name)).toEqual(expect.arrayContaining(['张伟', '王芳']));
    expect(JSON.stringify(roster)).not.toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}/); // names, never script codes
    expect(roster.declared).toEqual([]);
    const declare = (d: Device, ticket: string, signer = d) => {
      const declaration = { sessionId: 'demo', ticket, relation: 'spouse' as const, declarantKey: toBase64(d.signer.publicKey), signedAt: Date.now(), nonce: toHex(randomBytes(16)) };
      return d.req('marking:declare-relation', { declaration, signature: toBase64(signObject(signer.signer.pair.secretKey, 'marking-recusal', declaration)) });
    };
    await refused(declare(second, '2026001', desk), 'signature-invalid');
    await refused(declare(second, '9999999'), 'not-found');
    const zhang = await t.server.ctx.db.selectFrom('script_codes').select('code').where('session_id', '=', 'demo').where('ticket', '=', '2026001').executeTakeFirstOrThrow();
    const before = await second.req('marking:queue', { sessionId: 'demo' });
    expect(before.scripts.some((s) => s.code === zhang.code)).toBe(true);
    await declare(second, '2026001');
    expect((await second.req('marking:roster', { sessionId: 'demo' })).declared).toEqual(['2026001']);
    await refused(declare(second, '2026001'), 'conflict');
    const after = await second.req('marking:queue', { sessionId: 'demo' });
    expect(after.scripts.some((s) => s.code === zhang.code)).toBe(false);
    expect(after.scripts.length).toBe(before.scripts.length - before.scripts.filter((s) => s.code === zhang.code).length);
    const current = before.scripts.find((s) => s.code === zhang.code && s.questionId === 'q6')!;
    await refused(second.req('marking:mark', signedMark(second, { sessionId: 'demo', code: zhang.code, questionId: 'q6', points: 100, replaces: current.markHash! })), 'not-found');
    // Having marked someone, a marker cannot then declare a relation to them: the marks stand, the organiser is told.
    const other = after.scripts.find((s) => s.questionId === 'q6')!;
    await second.req('marking:mark', signedMark(second, { sessionId: 'demo', code: other.code, questionId: 'q6', points: 900, replaces: other.markHash! }));
    const otherTicket = await t.server.ctx.db.selectFrom('script_codes').select('ticket').where('code', '=', other.code).executeTakeFirstOrThrow();
    await refused(declare(second, otherTicket.ticket), 'conflict');
    const [entry] = (await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'marking.recusal-declared').execute()).map((r) => JSON.parse(r.payload_json) as Record<string, unknown>);
    expect(Object.keys(entry!).sort()).toEqual(['commitment', 'declarantKey', 'sessionId']);
    second.close();
  });

  it('keeps every step on an intact hash chain', async () => {
    const chain = await verifyAuditChain(t.server.ctx.db);
    expect(chain.ok).toBe(true);
    const types = (await t.server.ctx.db.selectFrom('audit_log').select('type').orderBy('seq').execute()).map((r) => r.type);
    for (const type of ['session.created', 'device.admitted', 'candidate.signed-in', 'share.entered', 'exam.started', 'candidate.extra-time', 'candidate.paused', 'candidate.submitted', 'exam.closed', 'answer-key.opened', 'marks.objective', 'mark.recorded']) {
      expect(types).toContain(type);
    }
    await t.server.ctx.db.updateTable('audit_log').set({ payload_json: '{"sessionId":"forged"}' }).where('seq', '=', 5).execute();
    const broken = await verifyAuditChain(t.server.ctx.db);
    expect(broken).toMatchObject({ ok: false, seq: 5 });
  });
});
