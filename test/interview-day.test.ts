import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RequestError,
  checkLotTranscript,
  fromBase64,
  panelScore,
  sheetHash,
  signObject,
  toBase64,
  type DaySummary,
  type InterviewSet,
  type LotTranscript,
  type OutlierFlag,
} from '@exam/shared';
import { verifyAuditChain } from '@exam/server';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, connectDevice, waitFor, type Device } from './support/clients';
import { contributor, makeSheet, signSheet } from './support/interview';
import { rebuildAndResign } from './support/tampering';

const DAY = 'demo-interview';
const ROOM = '面试室A';
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof RequestError ? e.code : `not a refusal: ${String(e)}`),
  );

describe('the interview day over real sockets: lot, sequestration, signed score sheets', () => {
  let t: TestServer;
  let desk: Device;
  const examiners: Device[] = [];
  const supervisors: Device[] = [];
  let escort: Device;
  let questions: InterviewSet;
  const lotOf = new Map<string, number>();

  const admit = async (role: 'examiner' | 'supervisor' | 'escort' | 'contributor', person: string, room?: string) => {
    const d = await connectDevice(t.url, 'tablet', { label: `${role} ${person}` });
    const admitted = waitFor(d.socket, 'device:status', (s: { status: string }) => s.status === 'admitted');
    await desk.req('desk:admit', { deviceId: d.status.deviceId, role, fingerprint: d.status.fingerprint, dayId: DAY, person, ...(room ? { room } : {}) });
    await admitted;
    return d;
  };

  beforeAll(async () => {
    t = await startTestServer();
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    for (const name of ['考官一', '考官二', '考官三', '考官四', '考官五']) examiners.push(await admit('examiner', name, ROOM));
    supervisors.push(await admit('supervisor', '组织部 监督员', ROOM), await admit('supervisor', '纪检 监督员'));
    // The organiser wants the candidates to take part in the draw: their representative's tablet.
    supervisors.push(await admit('contributor', '考生代表'));
    escort = await admit('escort', '引导员');
  });
  afterAll(async () => {
    for (const d of [desk, ...examiners, ...supervisors, escort]) d?.close();
    await t?.close();
  });

  it('refuses to admit an examiner without a day, a room and a name, or to a room that does not exist', async () => {
    const d = await connectDevice(t.url, 'tablet');
    expect(await codeOf(desk.req('desk:admit', { deviceId: d.status.deviceId, role: 'examiner', fingerprint: d.status.fingerprint, dayId: DAY, room: ROOM }))).toBe('bad-request');
    expect(await codeOf(desk.req('desk:admit', { deviceId: d.status.deviceId, role: 'examiner', fingerprint: d.status.fingerprint, dayId: DAY, person: 'x', room: '面试室Z' }))).toBe('not-found');
    expect(await codeOf(d.req('examiner:view', {}))).toBe('device-not-admitted');
    d.close();
    const ceremony = await desk.req('interview:panel', { dayId: DAY });
    expect(ceremony.rooms[0]!.examiners.map((e) => e.name)).toEqual(['考官一', '考官二', '考官三', '考官四', '考官五']);
    expect(ceremony.rooms[0]!.examiners[0]!.fingerprint).toBe(examiners[0]!.status.fingerprint);
  });

  it('opens the sealed questions with two keyholders; tablets then see them', async () => {
    expect((await examiners[0]!.req('examiner:view', {})).questions).toBeNull();
    await desk.req('interview:enter-share', { dayId: DAY, code: t.interview.questionShares[1]!, keyholder: '组织部' });
    const r = await desk.req('interview:enter-share', { dayId: DAY, code: t.interview.questionShares[2]!, keyholder: '纪检' });
    expect(r.opened).toBe(true);
    questions = (await examiners[0]!.req('examiner:view', {})).questions!;
    expect(questions.questions.map((q) => q.id)).toEqual(['i1', 'i2']);
  });

  it('checks candidates in (phones handed in), then draws lots nobody could steer', async () => {
    for (const ticket of t.interview.tickets.slice(0, 3)) await desk.req('interview:check-in', { dayId: DAY, ticket, phoneHandedIn: true });
    await desk.req('interview:check-in', { dayId: DAY, ticket: t.interview.tickets[3]!, phoneHandedIn: false });
    expect(await codeOf(escort.req('room:call', { dayId: DAY, room: ROOM }))).toBe('session-state'); // no lots yet
    const draw = await desk.req('lot:open', { dayId: DAY, supervisors: supervisors.map((s) => s.status.deviceId) });
    expect(draw).toMatchObject({ state: 'committing', tickets: 4, attempt: 1 });
    expect(draw.contributors.map((c) => c.name)).toEqual(['server', '组织部 监督员', '纪检 监督员', '考生代表']);
    expect(await codeOf(desk.req('interview:check-in', { dayId: DAY, ticket: t.interview.tickets[0]!, phoneHandedIn: true }))).toBe('session-state');
    const people = supervisors.map(contributor);
    expect(await codeOf(supervisors[0]!.req('lot:reveal', { drawId: draw.drawId, secret: people[0]!.secret }))).toBe('session-state');
    const forged = people[0]!.commit(draw.drawId, draw.candidatesHash);
    expect(await codeOf(supervisors[1]!.req('lot:commit', forged))).toBe('signature-invalid');
    for (const [i, s] of supervisors.entries()) await s.req('lot:commit', people[i]!.commit(draw.drawId, draw.candidatesHash));
    expect(await codeOf(supervisors[0]!.req('lot:reveal', { drawId: draw.drawId, secret: '00'.repeat(32) }))).toBe('conflict');
    await supervisors[0]!.req('lot:reveal', { drawId: draw.drawId, secret: people[0]!.secret });
    await supervisors[1]!.req('lot:reveal', { drawId: draw.drawId, secret: people[1]!.secret });
    const done = await supervisors[2]!.req('lot:reveal', { drawId: draw.drawId, secret: people[2]!.secret });
    expect(done.state).toBe('done');
    for (const { ticket, lot } of done.lots!) lotOf.set(ticket, lot);
    expect([...lotOf.values()].sort()).toEqual([1, 2, 3, 4]);

    // Anyone can recompute the order from the transcript on the log.
    const entry = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'lot.drawn').executeTakeFirstOrThrow();
    const transcript = (JSON.parse(entry.payload_json) as { transcript: LotTranscript }).transcript;
    const check = checkLotTranscript(transcript);
    expect(check.problems).toEqual([]);
    expect(check.order).toEqual(done.lots!.map((l) => l.ticket));
    expect(transcript.reveals.map((r) => r.secret)).toContain(people[2]!.secret);
    // The escort learns lot numbers only.
    expect((await escort.req('lot:status', { dayId: DAY })).draw!.lots).toBeNull();
  });

  it('moves one candidate at a time, never back; examiners see the lot number, never a name', async () => {
    const called = await escort.req('room:call', { dayId: DAY, room: ROOM });
    expect(called).toMatchObject({ currentLot: 1, currentState: 'called', nextLot: 2 });
    expect(await codeOf(escort.req('room:call', { dayId: DAY, room: ROOM }))).toBe('conflict');
    expect(await codeOf(escort.req('room:leave', { dayId: DAY, room: ROOM, lot: 1 }))).toBe('session-state');
    await escort.req('room:enter', { dayId: DAY, room: ROOM, lot: 1 });
    // 缺考 after the call is for a called candidate who has not come in: not one inside, not one not called.
    expect(await codeOf(escort.req('room:no-show', { dayId: DAY, room: ROOM, lot: 1, reason: '未到场' }))).toBe('session-state');
    expect(await codeOf(escort.req('room:no-show', { dayId: DAY, room: ROOM, lot: 2, reason: '未到场' }))).toBe('conflict');
    const view = await examiners[0]!.req('examiner:view', {});
    expect(view.current).toMatchObject({ lot: 1, state: 'interviewing' });
    const text = JSON.stringify(view);
    for (const secret of ['张伟', '王芳', '李娜', '𠮷田', ...t.interview.tickets]) expect(text).not.toContain(secret);
  });

  it('takes signed sheets; a score stays hidden until every examiner has signed; then the panel’s rule', async () => {
    const fractions = [0.8, 0.85, 0.9, 0.7, 0.95];
    const sheets = examiners.map((e, i) => makeSheet(questions, e, DAY, ROOM, 1, fractions[i]!));
    const bad = { ...sheets[0]!, items: sheets[0]!.items.map((it, i) => (i === 0 ? { ...it, score: it.score + 25 } : it)) };
    bad.total = bad.items.reduce((s, i) => s + i.score, 0);
    expect(await codeOf(examiners[0]!.req('score:submit', signSheet(bad, examiners[0]!)))).toBe('bad-request'); // off the 0.5 step
    expect(await codeOf(examiners[0]!.req('score:submit', signSheet(sheets[1]!, examiners[1]!)))).toBe('forbidden'); // another examiner's sheet
    expect(await codeOf(examiners[0]!.req('score:submit', { ...signSheet(sheets[0]!, examiners[0]!), sheet: { ...sheets[0]!, total: sheets[0]!.total } , signature: toBase64(new Uint8Array(64)) }))).toBe('signature-invalid');
    for (let i = 0; i < 4; i++) {
      await examiners[i]!.req('score:submit', signSheet(sheets[i]!, examiners[i]!));
      const v = await examiners[i]!.req('examiner:view', {});
      expect(v.panel.result).toBeNull();
      expect(JSON.stringify(v)).not.toContain(String(sheets[(i + 1) % 5]!.total));
    }
    expect(await codeOf(examiners[0]!.req('score:submit', signSheet(makeSheet(questions, examiners[0]!, DAY, ROOM, 1, 0.5), examiners[0]!)))).toBe('conflict');
    await examiners[4]!.req('score:submit', signSheet(sheets[4]!, examiners[4]!));
    const v = await examiners[2]!.req('examiner:view', {});
    expect(v.panel).toMatchObject({ size: 5, signed: 5, result: panelScore(sheets.map((s) => s.total)).score });
  });

  it('frees the room only after the candidate has left for the finished room', async () => {
    expect(await codeOf(escort.req('room:call', { dayId: DAY, room: ROOM }))).toBe('conflict');
    await escort.req('room:leave', { dayId: DAY, room: ROOM, lot: 1 });
    expect(await codeOf(escort.req('room:enter', { dayId: DAY, room: ROOM, lot: 1 }))).toBe('conflict');
    const next = await escort.req('room:call', { dayId: DAY, room: ROOM });
    expect(next.currentLot).toBe(2);
    await escort.req('room:enter', { dayId: DAY, room: ROOM, lot: 2 });
  });

  it('refuses a replayed sheet, a sheet for the wrong room, a malleated signature', async () => {
    const old = signSheet(makeSheet(questions, examiners[0]!, DAY, ROOM, 1, 0.6), examiners[0]!);
    expect(await codeOf(examiners[0]!.req('score:submit', old))).toBe('forbidden'); // lot 1 is no longer in the room
    const wrongRoom = makeSheet(questions, examiners[0]!, DAY, '面试室B', 2, 0.6);
    expect(await codeOf(examiners[0]!.req('score:submit', signSheet(wrongRoom, examiners[0]!)))).toBe('forbidden');
    const good = signSheet(makeSheet(questions, examiners[0]!, DAY, ROOM, 2, 0.6), examiners[0]!);
    const sig = fromBase64(good.signature);
    // S + L: the same signature malleated; tweetnacl alone would accept it, the server must not.
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
    s += L;
    const malleated = new Uint8Array(sig);
    for (let i = 32; i < 64; i++) {
      malleated[i] = Number(s & 255n);
      s >>= 8n;
    }
    expect(await codeOf(examiners[0]!.req('score:submit', { sheet: good.sheet, signature: toBase64(malleated) }))).toBe('signature-invalid');
    expect(await examiners[0]!.req('score:submit', good)).toMatchObject({ state: 'current' });
    expect(await examiners[0]!.req('score:submit', good)).toMatchObject({ state: 'current' }); // the same bytes again change nothing
  });

  it('a conflict of interest leaves four sheets and the plain mean; a far score is flagged to the supervisor', async () => {
    const flagged = waitFor<OutlierFlag>(supervisors[0]!.socket, 'interview:flag', (f) => f.lot === 2);
    const decl = { dayId: DAY, room: ROOM, lot: 2, examinerKey: toBase64(examiners[4]!.signer.publicKey), reason: '与该考生系亲属关系', signedAt: Date.now() };
    await examiners[4]!.req('score:conflict', { declaration: decl, signature: toBase64(signObject(examiners[4]!.signer.pair.secretKey, 'conflict-declaration', decl)) });
    const totals = [0.6, 0.62, 0.64, 0.2].map((f, i) => (i === 0 ? null : makeSheet(questions, examiners[i]!, DAY, ROOM, 2, f)));
    for (let i = 1; i < 4; i++) await examiners[i]!.req('score:submit', signSheet(totals[i]!, examiners[i]!));
    const flag = await flagged;
    expect(flag).toMatchObject({ lot: 2, examiner: '考官四' });
    const v = await examiners[0]!.req('examiner:view', {});
    expect(v.panel.size).toBe(5);
    expect(v.panel.signed).toBe(5);
    const first = makeSheet(questions, examiners[0]!, DAY, ROOM, 2, 0.6).total;
    expect(v.panel.result).toBe(panelScore([first, totals[1]!.total, totals[2]!.total, totals[3]!.total]).score);
  });

  it('a correction names the sheet it replaces and counts once the room’s supervisor countersigns; both are kept', async () => {
    const mine = await t.server.ctx.db.selectFrom('score_sheets').selectAll().where('lot', '=', 2).where('examiner_key', '=', toBase64(examiners[3]!.signer.publicKey)).executeTakeFirstOrThrow();
    const corrected = makeSheet(questions, examiners[3]!, DAY, ROOM, 2, 0.8, { replaces: mine.hash, reason: '误将 8 分录为 3 分' });
    const r = await examiners[3]!.req('score:submit', signSheet(corrected, examiners[3]!));
    expect(r.state).toBe('awaiting-countersign');
    // The examiner's tablet shows the correction as waiting for the countersignature, the original still counting.
    const waiting = (await examiners[3]!.req('examiner:view', {})).mine;
    expect(waiting).toEqual({ hash: mine.hash, total: JSON.parse(mine.sheet_json).total, awaitingCountersign: { hash: r.hash, total: corrected.total } });
    const cs = { sheetHash: r.hash, supervisorKey: toBase64(supervisors[0]!.signer.publicKey), signedAt: Date.now() };
    expect(await codeOf(examiners[0]!.req('score:countersign', { countersign: cs, signature: toBase64(signObject(supervisors[0]!.signer.pair.secretKey, 'sheet-countersign', cs)) }))).toBe('forbidden');
    await supervisors[0]!.req('score:countersign', { countersign: cs, signature: toBase64(signObject(supervisors[0]!.signer.pair.secretKey, 'sheet-countersign', cs)) });
    const rows = await t.server.ctx.db.selectFrom('score_sheets').select(['hash', 'state']).where('lot', '=', 2).where('examiner_key', '=', toBase64(examiners[3]!.signer.publicKey)).execute();
    expect(rows.map((x) => x.state).sort()).toEqual(['current', 'superseded']);
    expect(sheetHash(corrected)).toBe(r.hash);
    // The superseded sheet sent again is an older version: refused, and nothing changes.
    expect(await codeOf(examiners[3]!.req('score:submit', { sheet: JSON.parse(mine.sheet_json), signature: mine.signature }))).toBe('conflict');
  });

  it('gives the day’s results from the signed sheets alone, and names tampering in the database', async () => {
    await escort.req('room:leave', { dayId: DAY, room: ROOM, lot: 2 });
    const res = await desk.req('interview:results', { dayId: DAY });
    const byLot = new Map(res.rows.map((r) => [r.lot, r]));
    expect(byLot.get(1)).toMatchObject({ sheets: 5, conflicts: 0, rank: expect.any(Number) });
    expect(byLot.get(2)).toMatchObject({ sheets: 4, conflicts: 1 });
    expect(byLot.get(3)!.score).toBeNull();
    const sup = await supervisors[1]!.req('interview:results', { dayId: DAY });
    expect(sup.rows).toEqual(res.rows);

    // A score changed in the database after signing:
    const row = await t.server.ctx.db.selectFrom('score_sheets').selectAll().where('lot', '=', 1).where('state', '=', 'current').executeTakeFirstOrThrow();
    const changed = JSON.parse(row.sheet_json);
    changed.total += 500;
    changed.items[0].score += 500;
    await t.server.ctx.db.updateTable('score_sheets').set({ sheet_json: JSON.stringify(changed) }).where('hash', '=', row.hash).execute();
    const err = await desk.req('interview:results', { dayId: DAY }).catch((e: RequestError) => e);
    expect((err as RequestError).code).toBe('signature-invalid');
    expect((err as RequestError).body.details![0]!.message).toContain(row.hash.slice(0, 12));
    await t.server.ctx.db.updateTable('score_sheets').set({ sheet_json: row.sheet_json }).where('hash', '=', row.hash).execute();
    // A sheet moved to another candidate:
    await t.server.ctx.db.updateTable('score_sheets').set({ lot: 3 }).where('hash', '=', row.hash).execute();
    const moved = await desk.req('interview:results', { dayId: DAY }).catch((e: RequestError) => e);
    expect((moved as RequestError).body.details![0]!.message).toMatch(/for lot 3 does not verify/);
    await t.server.ctx.db.updateTable('score_sheets').set({ lot: 1 }).where('hash', '=', row.hash).execute();
    expect((await desk.req('interview:results', { dayId: DAY })).rows.length).toBe(4);
  });

  it('gives a kiosk’s or an escort’s connection nothing of an examiner’s', async () => {
    const kiosk = await admittedKiosk(t.url, desk, 'demo', '01');
    const sheet = signSheet(makeSheet(questions, examiners[0]!, DAY, ROOM, 3, 0.5), examiners[0]!);
    for (const d of [kiosk, escort]) {
      expect(await codeOf(d.req('examiner:view', {}))).toBe('forbidden');
      expect(await codeOf(d.req('score:submit', sheet))).toBe('forbidden');
      expect(await codeOf(d.req('interview:results', { dayId: DAY }))).toBe('forbidden');
      expect(await codeOf(d.req('lot:commit', { drawId: 'x', commitment: '0'.repeat(64), signature: sheet.signature }))).toBe('forbidden');
    }
    kiosk.close();
    const summary: DaySummary = await desk.req('interview:overview', { dayId: DAY });
    expect(summary.rooms[0]!.finished).toBe(2);
    expect((await verifyAuditChain(t.server.ctx.db)).ok).toBe(true);
  });
});

describe('an outsider verifies the exported bundle without trusting the server', () => {
  it('passes an honest bundle of the demo day, and names each tampering', async () => {
    const { exportBundle } = await import('@exam/server');
    const { verifyBundle, bundleHash } = await import('@exam/shared');
    const t = await startTestServer();
    try {
      // A short honest day: questions open, two candidates, one examiner, one supervisor.
      const desk = await connectDesk(t.url, t.server.ctx.deskCode);
      const mk = async (role: 'examiner' | 'supervisor' | 'escort', person: string, room?: string) => {
        const d = await connectDevice(t.url, 'tablet');
        await desk.req('desk:admit', { deviceId: d.status.deviceId, role, fingerprint: d.status.fingerprint, dayId: DAY, person, ...(room ? { room } : {}) });
        return d;
      };
      const ex = await mk('examiner', '考官', ROOM);
      const sup = await mk('supervisor', '监督员', ROOM);
      const esc = await mk('escort', '引导员');
      await desk.req('interview:enter-share', { dayId: DAY, code: t.interview.questionShares[0]!, keyholder: 'a' });
      await desk.req('interview:enter-share', { dayId: DAY, code: t.interview.questionShares[1]!, keyholder: 'b' });
      const set = (await ex.req('examiner:view', {})).questions!;
      for (const ticket of t.interview.tickets.slice(0, 2)) await desk.req('interview:check-in', { dayId: DAY, ticket, phoneHandedIn: true });
      const draw = await desk.req('lot:open', { dayId: DAY, supervisors: [sup.status.deviceId] });
      const c = contributor(sup);
      await sup.req('lot:commit', c.commit(draw.drawId, draw.candidatesHash));
      await sup.req('lot:reveal', { drawId: draw.drawId, secret: c.secret });
      for (const lot of [1, 2]) {
        await esc.req('room:call', { dayId: DAY, room: ROOM });
        await esc.req('room:enter', { dayId: DAY, room: ROOM, lot });
        await ex.req('score:submit', signSheet(makeSheet(set, ex, DAY, ROOM, lot, 0.5 + 0.2 * lot), ex));
        await esc.req('room:leave', { dayId: DAY, room: ROOM, lot });
      }
      const bundle = await exportBundle(t.server.ctx);
      const honest = await verifyBundle(JSON.parse(JSON.stringify(bundle)));
      expect(honest.steps.filter((s) => !s.ok)).toEqual([]);
      expect(honest.ok).toBe(true);

      const failing = async (mutate: (b: typeof bundle) => void) => {
        const b = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
        mutate(b);
        const r = await verifyBundle(b);
        return r.steps.filter((s) => !s.ok).map((s) => s.id);
      };
      expect(await failing((b) => (b.body.days[0]!.sheets[0]!.sheet.total += 100))).toEqual(expect.arrayContaining(['2-signature', '11-score-sheets']));
      expect(await failing((b) => b.body.days[0]!.sheets.pop())).toEqual(expect.arrayContaining(['11-score-sheets']));
      expect(await failing((b) => ([b.body.log[3], b.body.log[4]] = [b.body.log[4]!, b.body.log[3]!]))).toContain('3-audit-log');
      expect(await failing((b) => (b.body.results.interview[DAY]![0]!.score! += 1))).toContain('12-interview-results');
      expect(await failing((b) => (b.body.days[0]!.candidates.find((x) => x.lot === 1)!.lot = 7))).toContain('10-lots');
      // A draw made the server's alone: the supervisor's part taken out of the opening, the transcript and
      // the log, the whole rebuilt and re-signed by the server (which holds its key). Step 10 names it.
      const alone = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
      const supervisorKey = alone.body.log.find((e) => e.type === 'lot.committed' && e.payload['contributor'] !== alone.body.serverKey)!.payload['contributor'];
      alone.body.log = alone.body.log.filter((e) => !((e.type === 'lot.committed' || e.type === 'lot.revealed') && e.payload['contributor'] === supervisorKey));
      for (const e of alone.body.log) {
        if (e.type === 'lot.draw-opened') e.payload['contributors'] = (e.payload['contributors'] as Array<{ key: string }>).filter((c) => c.key !== supervisorKey);
        if (e.type === 'lot.drawn') {
          const tr = e.payload['transcript'] as { contributors: Array<{ key: string }>; commits: Array<{ contributor: string }>; reveals: Array<{ contributor: string }> };
          tr.contributors = tr.contributors.filter((c) => c.key !== supervisorKey);
          tr.commits = tr.commits.filter((c) => c.contributor !== supervisorKey);
          tr.reveals = tr.reveals.filter((c) => c.contributor !== supervisorKey);
        }
      }
      rebuildAndResign(alone, { signObject: (type: string, object: unknown) => t.server.ctx.serverKey.signObject(type as never, object) });
      const step10 = (await verifyBundle(alone)).steps.find((x) => x.id === '10-lots')!;
      expect(step10.problems).toContainEqual(expect.stringContaining('the server is the draw’s only contributor: no supervisor took part'));
      // A server that re-signs what it changed is still caught: the signature holds, the content does not.
      const resigned = JSON.parse(JSON.stringify(bundle)) as typeof bundle;
      resigned.body.results.interview[DAY]![0]!.score! += 1;
      resigned.signature = t.server.ctx.serverKey.signObject('bundle-statement', { bundleHash: bundleHash(resigned.body) });
      const r = await verifyBundle(resigned);
      expect(r.steps.filter((s) => !s.ok).map((s) => s.id)).toEqual(['12-interview-results']);
      // And a supervisor's kept checkpoint catches a rewritten history.
      const kept = { seq: bundle.body.log.length, hash: bundle.body.log.at(-1)!.hash };
      expect((await verifyBundle(bundle, { kept: { checkpoints: [kept] } })).ok).toBe(true);
      expect((await verifyBundle(bundle, { kept: { checkpoints: [{ ...kept, hash: '0'.repeat(64) }] } })).steps.find((s) => s.id === '3-audit-log')!.ok).toBe(false);
      for (const d of [desk, ex, sup, esc]) d.close();
    } finally {
      await t.close();
    }
  });
});
