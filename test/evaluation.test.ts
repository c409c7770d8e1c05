import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES, ballotKeyPair, ballotKeysHash, checkpointText, countEvaluation, decodeBallotCode, objectHash, signObject, toBase64, verifyBundle, type Ballot, type Bundle, type EvaluationSettings } from '@exam/shared';
import { exportBundle, makeGroupCards, type BallotStore, type GroupCards } from '@exam/server';
import { everyRowAsText, onPostgres } from './support/store';
import { rebuildAndResign, resign } from './support/tampering';
import { closeFiguresOf, closeLine } from './support/close-figures';
import { startTestServer, type TestServer } from './support/server';
import { codeOf, connectDesk, connectDevice, type Device } from './support/clients';
import { admitted } from './support/selection-flow';
import { spawnExamSync } from './support/process';

/**
 * A democratic evaluation over real sockets (docs/protocol.md §24): settings and committed key lists
 * on the log before any ballot; ballots from a booth, each signed by its card's key, kept out of the
 * log and the database; a card votes once; the close adds up per group, rewrites the ballot store and
 * commits to the board, which anyone recounts.
 */
describe('a democratic evaluation: cards, booths, the close and the board', () => {
  let t: TestServer;
  let desk: Device;
  let org: Device;
  let booth: Device;
  let tellers: Device[];
  const cards: Record<string, GroupCards> = {};
  const settings: EvaluationSettings = {
    selectionId: 'sel-ev',
    id: 'ev-1',
    title: '2026 年民主测评',
    candidates: [
      { ref: '20260001', name: '甲一' },
      { ref: '20260002', name: '乙二' },
    ],
    groups: [
      { id: 'leaders', name: '领导班子成员', weight: 40, entitled: 5 },
      { id: 'others', name: '其他干部职工', weight: 60, entitled: 10 },
    ],
    ...DEFAULT_RULES,
    dimensions: false,
    recommendation: [],
  };
  const payloadOf = (code: string) => {
    const d = decodeBallotCode(code);
    if (!d.ok) throw new Error(d.message);
    return d.payload;
  };
  /** A ballot as the booth makes it: rated, then signed with the card's key. */
  const ballot = (group: string, code: string, a: string, b: string, paper = false, evaluationId = 'ev-1') => {
    const pair = ballotKeyPair(payloadOf(code));
    const bl: Ballot = { evaluationId, group, key: toBase64(pair.publicKey), ratings: [{ candidate: '20260001', overall: a }, { candidate: '20260002', overall: b }], recommend: [], paper };
    return { ballot: bl, signature: toBase64(signObject(pair.secretKey, 'ballot', bl)) };
  };

  beforeAll(async () => {
    t = await startTestServer();
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
    await org.req('organiser:create-selection', { id: 'sel-ev', title: '测评用竞争上岗', registrationOpens: Date.now() + 86_400_000, registrationCloses: Date.now() + 2 * 86_400_000, steps: ['evaluation'] });
    booth = await connectDevice(t.url, 'kiosk');
    await desk.req('desk:admit', { deviceId: booth.status.deviceId, role: 'booth', fingerprint: booth.status.fingerprint });
    tellers = [];
    for (const person of ['计票员甲', '计票员乙']) {
      const d = await connectDevice(t.url, 'kiosk');
      await desk.req('desk:admit', { deviceId: d.status.deviceId, role: 'teller', fingerprint: d.status.fingerprint, person });
      tellers.push(d);
    }
    cards['leaders'] = makeGroupCards('ev-1', 'leaders', 6);
    cards['others'] = makeGroupCards('ev-1', 'others', 12);
  });
  afterAll(async () => {
    for (const d of [desk, org, booth, ...(tellers ?? [])]) d?.close();
    await t?.close();
  });

  it('takes the settings and the key lists, refusing lists that do not fit, and logs them before any ballot', async () => {
    const lists = [cards['leaders']!.keys, cards['others']!.keys];
    expect(await codeOf(org.req('organiser:create-evaluation', { settings: { ...settings, groups: [{ id: 'few', name: '少', weight: 100, entitled: 4 }] }, lists }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-evaluation', { settings, lists: [cards['leaders']!.keys] }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-evaluation', { settings, lists: [cards['leaders']!.keys, { ...cards['others']!.keys, keys: cards['others']!.keys.keys.slice(0, 9) }] }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-evaluation', { settings, lists: [cards['leaders']!.keys, { ...cards['others']!.keys, keys: [...cards['others']!.keys.keys, cards['leaders']!.keys.keys[0]!] }] }))).toBe('bad-request');
    const status = await org.req('organiser:create-evaluation', { settings, lists });
    // The same again: refused, saying in both languages that the id is taken.
    expect(await org.req('organiser:create-evaluation', { settings, lists }).catch((e: { body: unknown }) => e.body)).toMatchObject({ code: 'conflict', details: [{ path: 'settings.id', zh: '已有编号为 ev-1 的测评：新的测评须用另一个编号（并用该编号生成测评卡）' }] });
    expect(status.groups.map((g) => [g.id, g.committed, g.cast])).toEqual([
      ['leaders', 6, 0],
      ['others', 12, 0],
    ]);
    const [created] = (await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'evaluation.created').execute()).map((r) => JSON.parse(r.payload_json) as { lists: Array<{ group: string; count: number; hash: string }> });
    // What the supervisors wrote on the ceremony sheet is what the log holds.
    expect(created!.lists.map((l) => [l.group, l.count, l.hash])).toEqual([
      ['leaders', 6, cards['leaders']!.hash],
      ['others', 12, cards['others']!.hash],
    ]);
    expect(await codeOf(booth.req('booth:cast', ballot('leaders', cards['leaders']!.codes[0]!, 'excellent', 'competent')))).toBe('session-state');
    // A selection without posts lists whom its evaluation rates; once it does, no post can be added for people to register for.
    const post = { selectionId: 'sel-ev', id: 'p1', title: '办公室副主任', department: '办公室', level: 'deputy' as const, seats: 1, qualifications: '', checks: { minYearsInRank: null, minEducation: null, maxAge: null, levels: [] }, paper: null, minRatio: 2 };
    const refused = await org.req('organiser:save-post', post).catch((e: { body: { code: string; message: string } }) => e.body);
    expect(refused).toEqual({ code: 'session-state', message: 'evaluation ev-1 of the selection already names its candidates: the posts stand' });
  });

  it('takes each card’s ballot once: the same again is received, another refused; strangers and forgeries are named', async () => {
    await org.req('organiser:open-evaluation', { evaluationId: 'ev-1' });
    expect((await booth.req('booth:evaluations', {})).evaluations.map((e) => e.id)).toEqual(['ev-1']);
    const first = ballot('leaders', cards['leaders']!.codes[0]!, 'excellent', 'competent');
    expect(await booth.req('booth:cast', first)).toEqual({ received: true });
    expect(await booth.req('booth:cast', first)).toEqual({ received: true });
    expect(await codeOf(booth.req('booth:cast', ballot('leaders', cards['leaders']!.codes[0]!, 'incompetent', 'competent')))).toBe('conflict');
    const stranger = makeGroupCards('ev-1', 'leaders', 1).codes[0]!;
    expect(await codeOf(booth.req('booth:cast', ballot('leaders', stranger, 'excellent', 'competent')))).toBe('forbidden');
    expect(await codeOf(booth.req('booth:cast', ballot('leaders', cards['others']!.codes[0]!, 'excellent', 'competent')))).toBe('forbidden');
    const forged = ballot('others', cards['others']!.codes[0]!, 'excellent', 'competent');
    expect(await codeOf(booth.req('booth:cast', { ...forged, ballot: { ...forged.ballot, ratings: [{ candidate: '20260001', overall: 'incompetent' }, forged.ballot.ratings[1]!] } }))).toBe('signature-invalid');
    expect(await codeOf(booth.req('booth:cast', ballot('others', cards['others']!.codes[0]!, 'superb', 'competent')))).toBe('bad-request');
    expect(await codeOf(org.req('booth:cast', first))).toBe('forbidden');
    // The rest of the meeting: leaders 5 of 6 cards, others 8 of 12.
    for (const [i, code] of cards['leaders']!.codes.slice(1, 5).entries()) await booth.req('booth:cast', ballot('leaders', code, i < 2 ? 'competent' : 'basic', i === 0 ? 'incompetent' : 'competent'));
    // The others' eight at once, one of them sent twice at the same moment (a booth retrying): ballots that
    // arrive together are committed together, and the one sent twice is stored once and received twice.
    const others = cards['others']!.codes.slice(0, 8).map((code, i) => ballot('others', code, i < 6 ? 'competent' : 'incompetent', i < 3 ? 'incompetent' : 'excellent'));
    const replies = await Promise.all([...others, others[0]!].map((b) => booth.req('booth:cast', b)));
    expect(replies).toEqual(Array.from({ length: 9 }, () => ({ received: true })));
    expect((await org.req('evaluation:status', { evaluationId: 'ev-1' })).groups.map((g) => g.cast)).toEqual([5, 8]);
    // A booth asks which card a code is before the voter rates anyone: a spent card is said at once.
    const keyOf = (code: string) => toBase64(ballotKeyPair(payloadOf(code)).publicKey);
    expect(await booth.req('booth:card', { key: keyOf(cards['others']!.codes[0]!) })).toEqual({ evaluationId: 'ev-1', group: 'others', spent: true });
    expect(await booth.req('booth:card', { key: keyOf(cards['others']!.codes[8]!) })).toEqual({ evaluationId: 'ev-1', group: 'others', spent: false });
    expect(await codeOf(booth.req('booth:card', { key: keyOf(stranger) }))).toBe('forbidden');
    // A booth casts booth ballots: one marked as paper is refused.
    expect(await codeOf(booth.req('booth:cast', ballot('others', cards['others']!.codes[8]!, 'competent', 'competent', true)))).toBe('bad-request');
  });

  it('counts a paper ballot when two tellers’ entries match, and lists it for the supervisors when they do not', async () => {
    const [a, b] = tellers;
    const paper = (code: string, x: string, y: string) => ballot('others', code, x, y, true);
    const status = () => org.req('evaluation:status', { evaluationId: 'ev-1' });
    // The first entry waits; the same station again is not the second teller.
    expect(await a!.req('teller:enter', paper(cards['others']!.codes[8]!, 'competent', 'incompetent'))).toEqual({ state: 'first' });
    expect(await a!.req('teller:enter', paper(cards['others']!.codes[8]!, 'competent', 'incompetent'))).toEqual({ state: 'first' });
    expect(await codeOf(a!.req('teller:enter', paper(cards['others']!.codes[8]!, 'excellent', 'incompetent')))).toBe('conflict');
    expect((await status()).paperWaiting).toBe(1);
    expect(await b!.req('teller:enter', paper(cards['others']!.codes[8]!, 'competent', 'incompetent'))).toEqual({ state: 'counted' });
    // A mismatch: both entries dropped, the card listed; entered again, matching, it counts and leaves the list.
    expect(await a!.req('teller:enter', paper(cards['others']!.codes[9]!, 'competent', 'incompetent'))).toEqual({ state: 'first' });
    expect(await b!.req('teller:enter', paper(cards['others']!.codes[9]!, 'excellent', 'incompetent'))).toEqual({ state: 'mismatch' });
    const key9 = toBase64(ballotKeyPair(payloadOf(cards['others']!.codes[9]!)).publicKey);
    expect(await status()).toMatchObject({ paperWaiting: 0, mismatches: [key9.slice(0, 8)] });
    expect(await b!.req('teller:enter', paper(cards['others']!.codes[9]!, 'competent', 'incompetent'))).toEqual({ state: 'first' });
    expect(await a!.req('teller:enter', paper(cards['others']!.codes[9]!, 'competent', 'incompetent'))).toEqual({ state: 'counted' });
    expect(await status()).toMatchObject({ paperWaiting: 0, mismatches: [] });
    // A card that voted at a booth is not entered on paper; a teller enters paper ballots only; a booth does not enter them.
    expect(await codeOf(a!.req('teller:enter', paper(cards['others']!.codes[0]!, 'competent', 'competent')))).toBe('conflict');
    expect(await codeOf(a!.req('teller:enter', ballot('others', cards['others']!.codes[10]!, 'competent', 'competent')))).toBe('bad-request');
    expect(await codeOf(booth.req('teller:enter', paper(cards['others']!.codes[10]!, 'competent', 'competent')))).toBe('forbidden');
    expect((await status()).groups.map((g) => g.cast)).toEqual([5, 10]);
  });

  it('keeps ballots out of the log and the database: no ballot, no signature, in the database (exam.db and its WAL, or every PostgreSQL table) or the log', async () => {
    const stored = await t.server.ctx.ballots.all('ev-1');
    expect(stored.length).toBe(15);
    let text: string;
    if (onPostgres) {
      // Every row of every table, the ballot box's sealed rows among them: no ballot and no signature in clear.
      text = await everyRowAsText(t.server.ctx.database.postgres!.pool);
      const box = await t.server.ctx.database.postgres!.pool.query<{ tag: string; grp: string; sealed: Buffer }>("select tag, grp, sealed from ballot_box where evaluation_id = 'ev-1' order by tag");
      expect(box.rows.length).toBe(15);
      // A row is a keyed hash of its card, its group, and the sealed ballot: no card key in it.
      for (const b of stored) expect(box.rows.map((r) => r.tag)).not.toContain(b.key);
      expect(new Set(box.rows.map((r) => r.grp))).toEqual(new Set(['leaders', 'others']));
      const keyFiles = readdirSync(join(t.dataDir, 'ballot-keys'));
      expect(keyFiles.length).toBe(1);
      expect(statSync(join(t.dataDir, 'ballot-keys', keyFiles[0]!)).mode & 0o777).toBe(0o600);
      expect(text).not.toContain(readFileSync(join(t.dataDir, 'ballot-keys', keyFiles[0]!)).toString('hex'));
    } else {
      // On both of its connections: the main thread's (reads, the rewrite) and the writer's (the commits).
      expect(await (t.server.ctx.ballots as BallotStore).settings()).toEqual([{ journalMode: 'truncate', secureDelete: 1, synchronous: 2 }, { journalMode: 'truncate', secureDelete: 1, synchronous: 2 }]);
      // The rollback journal cut to nothing at each commit: no page image of an earlier commit stays in it.
      const journal = join(t.dataDir, 'ballots.db-journal');
      expect(existsSync(journal) ? statSync(journal).size : 0).toBe(0);
      const files = readdirSync(t.dataDir).filter((f) => f.startsWith('exam.db'));
      expect(files).toContain('exam.db-wal');
      text = files.map((f) => readFileSync(join(t.dataDir, f)).toString('latin1')).join('');
    }
    for (const b of stored) {
      expect(text).not.toContain(b.signature);
      // A key is in the database as a committed card (all of them are): what must not be there is its ballot.
      expect(text).not.toContain(b.ballotJson.slice(0, 60));
    }
    const types = (await t.server.ctx.db.selectFrom('audit_log').select('type').where('type', 'like', 'evaluation.%').execute()).map((r) => r.type);
    expect(types).toEqual(['evaluation.created', 'evaluation.opened']);
  });

  it('closes only when the figures add up per group, then publishes a board anyone recounts', async () => {
    const close = (over: Record<string, unknown> = {}) =>
      org.req('organiser:close-evaluation', { evaluationId: 'ev-1', handedOut: { leaders: 5, others: 11 }, missing: { others: 1 }, unused: [cards['leaders']!.codes[5]!, cards['others']!.codes[10]!], ...over });
    expect(await codeOf(close({ handedOut: { leaders: 4, others: 11 } }))).toBe('conflict'); // 5 ballots, 4 cards handed out
    expect(await codeOf(close({ missing: {} }))).toBe('conflict'); // others: 10 + 1 + 0 ≠ 12
    // A card listed missing that has in fact been cast: 10 + 1 + 2 ≠ 12, said for the group.
    const overMissing = await close({ missing: { others: 2 } }).catch((e: { body: { code: string; message: string } }) => e.body);
    expect(overMissing).toMatchObject({ code: 'conflict', message: expect.stringContaining('10 used + 1 unused + 2 missing is not the 12 cards made') });
    // The console shows the refusal's first detail in its language: the group and its figures, in Chinese too.
    expect(overMissing).toMatchObject({ details: [{ path: 'missing', zh: '“其他干部职工”组已用 10 + 未用 1 + 缺失 2，不等于制作的 12 张' }] });
    expect(await codeOf(close({ unused: [cards['leaders']!.codes[0]!] }))).toBe('conflict'); // that card voted
    expect(await codeOf(close({ unused: ['not-a-code'] }))).toBe('bad-request');
    // A figure for a group the evaluation does not have: refused, naming it.
    expect(await close({ missing: { others: 1, ghost: 0 } }).catch((e: { body: unknown }) => e.body)).toMatchObject({ code: 'bad-request', details: [{ path: 'missing.ghost', zh: '“ghost”不是本次测评的测评组' }] });
    const closed = await close();
    expect(closed.state).toBe('closed');
    // The board went into the database with the close; the ballot store forgot the evaluation.
    expect(await t.server.ctx.ballots.all('ev-1')).toEqual([]);
    if (onPostgres) {
      // Its rows are gone, and its box key is overwritten and removed: no copy of the database can open them.
      expect((await t.server.ctx.database.postgres!.pool.query("select 1 from ballot_box where evaluation_id = 'ev-1'")).rows).toEqual([]);
      expect(readdirSync(join(t.dataDir, 'ballot-keys'))).toEqual([]);
    }
    expect((await t.server.ctx.db.selectFrom('evaluation_board').select('key').where('evaluation_id', '=', 'ev-1').execute()).length).toBe(15);
    expect(await codeOf(booth.req('booth:cast', ballot('others', cards['others']!.codes[11]!, 'excellent', 'competent')))).toBe('session-state');
    const board = (await (await fetch(`${t.url}/api/evaluations/ev-1/board`)).json()) as { ballots: Array<{ ballot: Ballot; signature: string }>; unused: string[]; missing: Record<string, number>; boardHash: string; count: unknown };
    expect(board.ballots.map((b) => b.ballot.key)).toEqual(board.ballots.map((b) => b.ballot.key).sort());
    expect(board.boardHash).toBe(objectHash('evaluation-board', { evaluationId: 'ev-1', ballots: board.ballots, unused: board.unused, missing: board.missing }));
    expect(board.count).toEqual(countEvaluation(settings, board.ballots.map((b) => b.ballot)));
    const count = countEvaluation(settings, board.ballots.map((b) => b.ballot));
    // 乙二: 6 of 15 dissatisfied (1 leader, 3 others at the booth, 2 on paper) — 40% > 30%: does not go forward; 甲一: 2 of 15.
    expect(count.candidates.map((c) => [c.counts['incompetent'], c.dissatisfiedBp, c.goesForward])).toEqual([
      [2, 1333, true],
      [6, 4000, false],
    ]);
    expect([count.cast, count.paper, count.valid]).toEqual([15, 2, true]);
    expect(await codeOf(org.req('organiser:decide-evaluation', { evaluationId: 'ev-1', decision: 'committee', reason: '到会人数足够' }))).toBe('conflict');
    const [logged] = (await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'evaluation.closed').execute()).map((r) => JSON.parse(r.payload_json) as { boardHash: string; cast: Record<string, number> });
    expect([logged!.boardHash, logged!.cast]).toEqual([board.boardHash, { leaders: 5, others: 10 }]);
    // The close is a checkpoint the supervisors cosign, made right after the entry that holds the board's hash.
    const cp = await t.server.ctx.db.selectFrom('checkpoints').select(['seq', 'phase']).where('phase', '=', 'ev-1: evaluation closed').executeTakeFirst();
    const closedAt = await t.server.ctx.db.selectFrom('audit_log').select('seq').where('type', '=', 'evaluation.closed').executeTakeFirstOrThrow();
    expect(cp?.seq).toBe(closedAt.seq);
  });

  it('marks an evaluation under the minimum turnout invalid; the organiser’s decision goes on the log, once', async () => {
    const few = makeGroupCards('ev-2', 'all', 5);
    await org.req('organiser:create-evaluation', { settings: { ...settings, id: 'ev-2', groups: [{ id: 'all', name: '全体', weight: 100, entitled: 5 }] }, lists: [few.keys] });
    expect(await codeOf(org.req('organiser:decide-evaluation', { evaluationId: 'ev-2', decision: 'rerun', reason: '到会人数不足' }))).toBe('session-state');
    // A card of an evaluation not open yet (or closed, below) is said as such at the booth, not as a stranger's card.
    const cardOf = (code: string) => booth.req('booth:card', { key: toBase64(ballotKeyPair(payloadOf(code)).publicKey) }).catch((e: { body: { code: string; message: string } }) => e.body);
    expect(await cardOf(few.codes[1]!)).toEqual({ code: 'session-state', message: 'voting has not opened yet' });
    await org.req('organiser:open-evaluation', { evaluationId: 'ev-2' });
    expect(await booth.req('booth:cast', ballot('all', few.codes[0]!, 'competent', 'competent', false, 'ev-2'))).toEqual({ received: true });
    const closed = await org.req('organiser:close-evaluation', { evaluationId: 'ev-2', handedOut: { all: 3 }, missing: {}, unused: few.codes.slice(1) });
    // 1 of 5 entitled: under two thirds, invalid until the organiser decides.
    expect([closed.count!.valid, closed.count!.turnoutBp, closed.decision]).toEqual([false, 2000, null]);
    expect(await cardOf(few.codes[1]!)).toEqual({ code: 'session-state', message: 'voting is closed' });
    const reason = '经测评委员会研究，本次测评结果作为参考';
    expect((await org.req('organiser:decide-evaluation', { evaluationId: 'ev-2', decision: 'committee', reason })).decision).toEqual({ decision: 'committee', reason });
    expect(await codeOf(org.req('organiser:decide-evaluation', { evaluationId: 'ev-2', decision: 'rerun', reason: '重新测评' }))).toBe('conflict');
    const logged = (await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'evaluation.decided').execute()).map((r) => JSON.parse(r.payload_json) as unknown);
    expect(logged).toEqual([{ evaluationId: 'ev-2', decision: 'committee', reason }]);
  });

  it('puts the board in the bundle; the verifier recounts it, and names a ballot altered, added, dropped or moved, and a list extended', async () => {
    const bundle = await exportBundle(t.server.ctx);
    const written = Object.values(cards).map((c) => ({ evaluationId: 'ev-1', group: c.group, count: c.codes.length, hash: c.hash.slice(0, 32) }));
    const honest = await verifyBundle(structuredClone(bundle), { kept: { ballotLists: written } });
    expect(honest.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems.slice(0, 2)])).toEqual([]);
    expect(honest.steps.find((x) => x.id === '14-evaluation')!.checked).toBeGreaterThan(40);
    const server = { signObject: (type: string, object: unknown) => t.server.ctx.serverKey.signObject(type as never, object) };
    const ev = (b: Bundle) => b.body.evaluations![0]!;
    const failing = async (edit: (b: Bundle) => void, onLog = false) => {
      const b = structuredClone(bundle);
      edit(b);
      if (onLog) rebuildAndResign(b, server);
      else resign(b, server);
      const r = await verifyBundle(b, { kept: { ballotLists: written } });
      return r.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems.join(' | ')]);
    };
    const alteredAndCounted = (b: Bundle, alter: (x: Ballot) => void) => {
      alter(ev(b).ballots[0]!.ballot);
      ev(b).count = countEvaluation(ev(b).settings as EvaluationSettings, ev(b).ballots.map((x) => x.ballot));
    };
    const spare = cards['others']!.codes[11]!; // a card listed as neither used nor unused: the missing one
    const cases: Array<[string, (b: Bundle) => void, string, boolean?]> = [
      ['a ballot altered', (b) => void (ev(b).ballots[0]!.ballot.ratings[0]!.overall = ev(b).ballots[0]!.ballot.ratings[0]!.overall === 'excellent' ? 'incompetent' : 'excellent'), 'is not signed by its key'],
      ['a ballot added from the missing card', (b) => void ev(b).ballots.push(ballot('others', spare, 'excellent', 'excellent')), 'is not the one whose hash'],
      ['a ballot dropped', (b) => void ev(b).ballots.pop(), 'is not the one whose hash'],
      ['a ballot moved to another group', (b) => void (ev(b).ballots[0]!.ballot.group = ev(b).ballots[0]!.ballot.group === 'leaders' ? 'others' : 'leaders'), 'is not in its group’s committed list'],
      ['the count published otherwise', (b) => void ((ev(b).count as { cast: number }).cast += 1), 'the count published is not the one the ballots give'],
      // A ballot that does not stand is named and not counted: a count published over it (the attacker's
      // own recount, with the altered or moved ballot in it) differs from the verifier's.
      ['a ballot altered, the count published over it', (b) => alteredAndCounted(b, (x) => void (x.ratings[0]!.overall = x.ratings[0]!.overall === 'excellent' ? 'incompetent' : 'excellent')), 'the count published is not the one the ballots give'],
      ['a ballot moved to another group, the count published over it', (b) => alteredAndCounted(b, (x) => void (x.group = x.group === 'leaders' ? 'others' : 'leaders')), 'the count published is not the one the ballots give'],
      [
        'a committed list extended, its logged hash made to fit',
        (b) => {
          const e = b.body.log.find((x) => x.type === 'evaluation.created')!;
          const l = (e.payload['lists'] as Array<{ group: string; count: number; hash: string; keys: string[] }>)[0]!;
          l.keys = [...l.keys, toBase64(ballotKeyPair(new Uint8Array(15).fill(7)).publicKey)].sort();
          l.count = l.keys.length;
          l.hash = ballotKeysHash('ev-1', l.group, l.keys);
          ev(b).lists[0]!.keys = l.keys;
        },
        'is not the one the supervisors wrote down',
        true,
      ],
      [
        'a group the evaluation does not have among the cards handed out, on the log and the board',
        (b) => {
          const closedEntry = b.body.log.find((x) => x.type === 'evaluation.closed' && x.payload['evaluationId'] === 'ev-1')!;
          closedEntry.payload['handedOut'] = { ...(closedEntry.payload['handedOut'] as object), ghost: 0 };
          ev(b).handedOut = { ...ev(b).handedOut, ghost: 0 };
        },
        'names ghost, not groups of the evaluation',
        true,
      ],
      [
        'a decision on the turnout moved to an evaluation that reached it',
        (b) => void (b.body.log.find((x) => x.type === 'evaluation.decided')!.payload['evaluationId'] = 'ev-1'),
        'ev-1: entry',
        true,
      ],
    ];
    for (const [name, edit, expected, onLog] of cases) {
      const failed = await failing(edit, onLog);
      expect(failed.map(([id]) => id), name).toEqual(['14-evaluation']);
      expect(failed[0]![1], name).toContain(expected);
    }
    expect(new Set(cases.map(([n]) => n)).size).toBe(10);
    // Without the ceremony sheet's figures the report says the lists are only as logged.
    expect((await verifyBundle(structuredClone(bundle))).unproven.some((u) => u.includes('No card lists from the evaluation’s ceremony sheet'))).toBe(true);
    // And `exam verify` takes the figures as the sheet has them.
    const file = join(t.dataDir, 'bundle-ev.json');
    writeFileSync(file, JSON.stringify(bundle));
    const run = (...extra: string[]) => spawnExamSync(['verify', file, '--json', ...extra], { env: { ...process.env, LANG: 'C.UTF-8' } });
    const sheet = (c: GroupCards, count = c.codes.length) => ['--ballot-list', `ev-1/${c.group}: ${count}: ${checkpointText(count, c.hash).split(': ')[1]}`];
    const good = run(...sheet(cards['leaders']!), ...sheet(cards['others']!));
    expect([good.status, (JSON.parse(good.stdout) as { ok: boolean }).ok]).toEqual([0, true]);
    const bad = run(...sheet(cards['leaders']!, 7));
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain('is not the one the supervisors wrote down');
    // Both figures side by side, the hash as far as it was written, in groups of four: the sheet can be read against them.
    const leaders = cards['leaders']!;
    const onSheet = checkpointText(7, leaders.hash).split(': ')[1]!;
    expect(bad.stdout).toContain(`written 7 cards, ${onSheet}; on the log ${leaders.codes.length} cards, ${onSheet}`);
    // What the supervisors wrote at the close, per group: the cards handed out, missing and unused.
    // Without them the report says, per group, that those figures are only the log's.
    const closes = closeFiguresOf(bundle.body.log);
    expect(closes.map((c) => [c.evaluationId, c.group, c.unused])).toEqual([
      ['ev-1', 'leaders', 1],
      ['ev-1', 'others', 1],
      ['ev-2', 'all', 4],
    ]);
    const noClose = (r: { unproven: string[] }) => r.unproven.find((u) => u.includes('No figures from the evaluation’s close')) ?? '';
    expect(noClose(honest)).toContain('were given for ev-1/leaders, ev-1/others, ev-2/all:');
    const withCloses = await verifyBundle(structuredClone(bundle), { kept: { ballotLists: written, ballotCloses: closes } });
    expect([withCloses.ok, noClose(withCloses)]).toEqual([true, '']);
    // One group's figures given: the other is still named.
    expect(noClose(await verifyBundle(structuredClone(bundle), { kept: { ballotLists: written, ballotCloses: closes.filter((c) => c.group !== 'others') } }))).toContain('were given for ev-1/others:');
    const wrong = await verifyBundle(structuredClone(bundle), { kept: { ballotLists: written, ballotCloses: closes.map((c) => (c.group === 'others' ? { ...c, missing: c.missing + 1 } : c)) } });
    expect(wrong.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems])).toEqual([['14-evaluation', [expect.stringMatching(/group others's cards handed out, missing and unused at the close are not the ones the supervisors wrote down/)]]]);
    const cli = run(...sheet(cards['leaders']!), ...sheet(cards['others']!), ...closes.map((c) => ['--ballot-close', closeLine(c.group === 'others' ? { ...c, missing: c.missing + 1 } : c)]).flat());
    expect([cli.status, cli.stdout.includes('are not the ones the supervisors wrote down')]).toEqual([2, true]);
    // A server dishonest on the day leaves a valid ballot off the board at the close and lists its card
    // as unused, the close's entry and the count made to fit: every sum agrees and every hash holds.
    // Only the unused cards the supervisors counted tell: without them it passes, and is said unproven.
    const dropped = structuredClone(bundle);
    const e = dropped.body.evaluations![0]!;
    const gone = e.ballots.findIndex((b) => b.ballot.group === 'others' && !b.ballot.paper);
    const [left] = e.ballots.splice(gone, 1);
    e.unused = [...e.unused, left!.ballot.key].sort();
    e.count = countEvaluation(settings, e.ballots.map((b) => b.ballot)) as typeof e.count;
    const closing = dropped.body.log.find((x) => x.type === 'evaluation.closed' && x.payload['evaluationId'] === 'ev-1')!.payload as { unused: string[]; cast: Record<string, number>; boardHash: string; missing: Record<string, number> };
    closing.unused = e.unused;
    closing.cast = { ...closing.cast, others: closing.cast['others']! - 1 };
    closing.boardHash = objectHash('evaluation-board', { evaluationId: 'ev-1', ballots: e.ballots, unused: e.unused, missing: closing.missing });
    rebuildAndResign(dropped, server);
    const unseen = await verifyBundle(structuredClone(dropped), { kept: { ballotLists: written } });
    expect([unseen.ok, noClose(unseen)]).toEqual([true, expect.stringContaining('ev-1/others')]);
    const seen = await verifyBundle(structuredClone(dropped), { kept: { ballotLists: written, ballotCloses: closes } });
    expect(seen.steps.filter((x) => !x.ok).map((x) => [x.id, x.problems])).toEqual([['14-evaluation', [expect.stringMatching(/^ev-1：others 组.*group others's cards handed out, missing and unused at the close are not the ones the supervisors wrote down \(11 handed out, 1 missing, 1 unused\)$/)]]]);
  }, 60_000);
});
