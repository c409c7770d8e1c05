import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError, bundleHash, verifyBundle, type Bundle, fromBase64, objectHash, randomBytes, reviewDecisionHash, signObject, toBase64, toHex, verifyObject, type Post, type QualifiedList, type RecusalDeclaration, type ReviewDecision, type SignedSlip, type SupervisorsBundle } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { rebuildAndResign } from './support/tampering';
import { parseInterviewQuestions, sealInterview, sealPaper, setUpSelectionDemo } from '@exam/server';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPaper } from './bench/bench-paper';
import { connectDesk, connectDevice, waitFor, type Device } from './support/clients';
import { withDatabaseArgs } from './support/store';
import { execExam } from './support/process';
import { idFor } from './support/id-numbers';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('a selection: posts, registration with a slip, and import from Excel’s files', () => {
  let t: TestServer;
  // The server's clock runs from the real one, moved on where the test says (challenges are issued on it too).
  let offset = 0;
  const now = () => Date.now() + offset;
  const start = now();
  let desk: Device;
  let org: Device;
  const opens = start + HOUR;
  const closes = start + 8 * DAY;
  const post = (id: string, title: string, over: Partial<Post> = {}): Post => ({
    selectionId: 'sel-2026',
    id,
    title,
    department: '县政务服务中心',
    level: 'deputy',
    seats: 1,
    qualifications: '任现职级满 3 年，大学本科以上学历，年龄 45 周岁以下',
    checks: { minYearsInRank: 3, minEducation: 'bachelor', maxAge: 45, levels: ['deputy', 'staff'] },
    paper: 'paper-a',
    minRatio: 2,
    ...over,
  });
  const form = (over: Record<string, unknown> = {}) => ({
    name: '王晓明',
    idNumber: idFor('19850312'),
    department: '县政务服务中心',
    currentPost: '综合科科员',
    currentLevel: 'staff',
    yearsInRank: 4,
    education: 'bachelor',
    posts: ['p-office'],
    statement: '熟悉政务服务工作。',
    ...over,
  });
  const http = async (path: string, body?: unknown) => {
    const res = await fetch(`${t.url}/api/selections/sel-2026${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string; details?: Array<{ path?: string }> } } };
  };
  const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof RequestError ? e.code : String(e)));
  const log = async (type: string) => (await t.server.ctx.db.selectFrom('audit_log').select(['payload_json', 'actor']).where('type', '=', type).orderBy('seq').execute()).map((r): Record<string, unknown> => ({ ...(JSON.parse(r.payload_json) as Record<string, unknown>), actor: r.actor }));

  beforeAll(async () => {
    t = await startTestServer({ server: { now } });
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    org = await connectDevice(t.url, 'tablet', { label: 'console' });
  });
  afterAll(async () => {
    desk.close();
    org.close();
    await t.close();
  });

  it('admits the organiser’s console at the desk, with the person’s name and for no day', async () => {
    expect(await codeOf(org.req('organiser:overview', {}))).toBe('device-not-admitted');
    expect(await codeOf(desk.req('desk:admit', { role: 'organiser', fingerprint: org.status.fingerprint }))).toBe('bad-request');
    expect(await codeOf(desk.req('desk:admit', { role: 'organiser', fingerprint: org.status.fingerprint, person: '李组织', dayId: t.interview.dayId }))).toBe('bad-request');
    const admitted = waitFor<{ status: string; role: string }>(org.socket, 'device:status', (s) => s.status === 'admitted');
    await desk.req('desk:admit', { role: 'organiser', fingerprint: org.status.fingerprint, person: '李组织' });
    expect((await admitted).role).toBe('organiser');
    expect(await codeOf(org.req('desk:overview', {}))).toBe('forbidden');
    expect(await codeOf(desk.req('organiser:overview', {}))).toBe('forbidden');
    expect((await org.req('organiser:overview', {})).selections).toEqual([]);
  });

  it('creates a selection and its posts while the server runs; posts stand once registration opens', async () => {
    expect(await codeOf(org.req('organiser:create-selection', { id: 'sel-2026', title: '2026 年中层干部竞争上岗', registrationOpens: closes, registrationCloses: opens, steps: ['written'] }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-selection', { id: 'sel-2026', title: '2026 年中层干部竞争上岗', registrationOpens: opens, registrationCloses: closes, steps: ['written', 'written'] }))).toBe('bad-request');
    await org.req('organiser:create-selection', { id: 'sel-2026', title: '2026 年中层干部竞争上岗', registrationOpens: opens, registrationCloses: closes, steps: ['written', 'evaluation', 'interview'] });
    expect(await codeOf(org.req('organiser:create-selection', { id: 'sel-2026', title: '再来一次', registrationOpens: opens, registrationCloses: closes, steps: ['interview'] }))).toBe('conflict');
    expect(await codeOf(org.req('organiser:save-post', post('p-office', '办公室副主任', { paper: null })))).toBe('bad-request');
    // An id like a member of every object is refused (the console once counted registrations as "function Object() { [native code] }1").
    expect(await codeOf(org.req('organiser:save-post', post('constructor', '办公室副主任')))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:save-post', post('p-office', '办公室副主任', { selectionId: 'nope' })))).toBe('not-found');
    await org.req('organiser:save-post', post('p-office', '办公室主任'));
    await org.req('organiser:save-post', post('p-office', '办公室副主任'));
    const overview = await org.req('organiser:save-post', post('p-service', '服务科科长', { level: 'principal', minRatio: 3, checks: { minYearsInRank: 5, minEducation: 'college', maxAge: null, levels: ['principal', 'deputy'] } }));
    expect(overview.selections[0]!.posts.map((p) => [p.id, p.title])).toEqual([
      ['p-office', '办公室副主任'],
      ['p-service', '服务科科长'],
    ]);
    expect((await log('post.saved')).map((e) => [e.postId, (e.post as Post).title, e.actor])).toEqual([
      ['p-office', '办公室主任', org.status.deviceId],
      ['p-office', '办公室副主任', org.status.deviceId],
      ['p-service', '服务科科长', org.status.deviceId],
    ]);
    // The published list of posts, as the registration page reads it.
    const published = await http('');
    expect(published.status).toBe(200);
    expect((published.body.posts as Post[]).map((p) => p.title)).toEqual(['办公室副主任', '服务科科长']);

    expect((await http('/registrations', form())).body.error!.code).toBe('registration-closed');
    offset = opens - Date.now();
    expect(await codeOf(org.req('organiser:save-post', post('p-office', '办公室主任')))).toBe('session-state');
  });

  let slip: SignedSlip;
  it('registers a form and hands back a slip the server signed, whose commitment the form and salt open', async () => {
    const refused = await http('/registrations', form({ posts: ['p-office', 'p-service', 'p-other'] }));
    expect([refused.status, refused.body.error!.code, refused.body.error!.details![0]!.path]).toEqual([400, 'bad-request', 'posts']);
    const badId = await http('/registrations', form({ idNumber: idFor('19850312').slice(0, 17) + (idFor('19850312').endsWith('1') ? '2' : '1') }));
    expect([badId.status, badId.body.error!.details![0]!.path]).toEqual([400, 'idNumber']);
    const unknownPost = await http('/registrations', form({ posts: ['p-other'] }));
    expect([unknownPost.status, unknownPost.body.error!.code]).toEqual([400, 'bad-request']);

    const res = await http('/registrations', form({ idNumber: ` ${idFor('19850312').toLowerCase()} ` }));
    expect(res.status).toBe(201);
    slip = res.body as unknown as SignedSlip;
    expect(slip.form.idNumber).toBe(idFor('19850312'));
    expect(slip.slip.posts).toEqual(['p-office']);
    expect(slip.secret).toMatch(/^[A-Z2-7]{16}$/);
    expect(slip.serverKey).toBe(t.server.ctx.serverKey.publicKeyBase64);
    expect(verifyObject(fromBase64(slip.serverKey), 'registration-slip', slip.slip, fromBase64(slip.signature))).toBe(true);
    expect(verifyObject(fromBase64(slip.serverKey), 'registration-slip', { ...slip.slip, posts: ['p-service'] }, fromBase64(slip.signature))).toBe(false);
    expect(objectHash('registration', { selectionId: 'sel-2026', registrationId: slip.slip.registrationId, form: slip.form, salt: slip.salt })).toBe(slip.slip.commitment);
    // The log commits to the form and carries nothing personal.
    const [entry] = await log('registration.recorded');
    expect(entry).toEqual({ selectionId: 'sel-2026', registrationId: slip.slip.registrationId, commitment: slip.slip.commitment, posts: ['p-office'], replaces: null, via: 'page', actor: 'registration' });
    const all = (await t.server.ctx.db.selectFrom('audit_log').select('payload_json').execute()).map((r) => r.payload_json).join('\n');
    expect(all).not.toContain(idFor('19850312'));
    expect(all).not.toContain('王晓明');
    expect(all).not.toContain(slip.secret);

    const again = await http('/registrations', form({ posts: ['p-service'] }));
    expect([again.status, again.body.error!.code]).toEqual([409, 'already-registered']);
  });

  it('lets the owner, with the slip’s secret, look up, replace and withdraw — and nobody with the ID number alone', async () => {
    const wrong = await http('/registrations/lookup', { idNumber: idFor('19850312'), secret: 'A'.repeat(16) });
    expect([wrong.status, wrong.body.error!.code]).toEqual([403, 'slip-secret-wrong']);
    const noSuchPerson = await http('/registrations/lookup', { idNumber: idFor('19900101', 7), secret: slip.secret });
    expect([noSuchPerson.status, noSuchPerson.body.error!.code]).toEqual([403, 'slip-secret-wrong']);
    const typed = slip.secret.toLowerCase().replace(/(.{4})/g, '$1 ');
    const own = await http('/registrations/lookup', { idNumber: idFor('19850312'), secret: typed });
    expect(own.status).toBe(200);
    expect([own.body.state, (own.body.form as { name: string }).name, own.body.review]).toEqual(['active', '王晓明', [{ post: 'p-office', decision: 'pending', reason: null }]]);

    const moved = await http('/registrations/replace', { idNumber: idFor('19850312'), secret: slip.secret, form: form({ posts: ['p-service', 'p-office'] }) });
    expect(moved.status).toBe(201);
    const second = moved.body as unknown as SignedSlip;
    expect(second.slip.replaces).toBe(slip.slip.registrationId);
    expect(second.secret).not.toBe(slip.secret);
    expect((await http('/registrations/lookup', { idNumber: idFor('19850312'), secret: slip.secret })).body.error!.code).toBe('slip-secret-wrong');
    const otherId = await http('/registrations/replace', { idNumber: idFor('19850312'), secret: second.secret, form: form({ idNumber: idFor('19900101', 7) }) });
    expect([otherId.status, otherId.body.error!.details![0]!.path]).toEqual([400, 'form.idNumber']);
    let counts = (await org.req('organiser:overview', {})).selections[0]!.registrations;
    expect(counts).toEqual({ 'p-service': 1, 'p-office': 1 });

    expect((await http('/registrations/withdraw', { idNumber: idFor('19850312'), secret: second.secret })).body).toEqual({ withdrawn: second.slip.registrationId });
    counts = (await org.req('organiser:overview', {})).selections[0]!.registrations;
    expect(counts).toEqual({});
    const rows = (await org.req('organiser:registrations', { selectionId: 'sel-2026' })).rows;
    expect(rows.map((r) => [r.state, r.posts, r.idNumberMasked])).toEqual([
      ['replaced', ['p-office'], '110105********' + idFor('19850312').slice(14)],
      ['withdrawn', ['p-service', 'p-office'], '110105********' + idFor('19850312').slice(14)],
    ]);
    // Withdrawn, the person may register anew.
    expect((await http('/registrations', form())).status).toBe(201);
  });

  it('imports forms from an .xlsx workbook and a GB18030 CSV, naming each bad row and keeping the rest', async () => {
    // A file over the 4 MiB of base64 the schema allows is answered, in both languages, and the connection lives on.
    const huge = 'QUJD'.repeat(1_200_000);
    const tooBig = (await org.req('organiser:import-registrations', { selectionId: 'sel-2026', fileName: '报名表.csv', contentBase64: huge }).catch((e: RequestError) => e)) as RequestError;
    expect([tooBig.code, tooBig.message, tooBig.body.details?.[0]?.zh]).toEqual(['payload-too-large', expect.stringContaining('at most 4 MiB of base64'), expect.stringContaining('请把文件拆分')]);
    expect(org.socket.connected).toBe(true);
    const header = ['姓名', '身份证号', '所在部门', '现任职务', '现职级', '任现职级年限', '学历', '竞聘岗位一', '竞聘岗位二', '个人陈述'];
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('报名表');
    sheet.addRow(header);
    sheet.addRow(['赵一', idFor('19800101', 11), '财政局', '科员', '一般干部', 6, '本科', '办公室副主任', '服务科科长', '']);
    sheet.addRow(['钱二', idFor('19820202', 12), '财政局', '副科长', '副职', '5年', '硕士研究生', 'p-service', '', '']);
    const good = idFor('19830303', 13);
    sheet.addRow(['孙三', good.slice(0, 17) + (good.endsWith('1') ? '2' : '1'), '财政局', '科员', '一般干部', 2, '大专', '办公室副主任', '', '']);
    sheet.addRow(['李四', idFor('19840404', 14), '财政局', '科员', '处长', 2, '本科', '办公室副主任', '', '']);
    sheet.addRow(['周五', idFor('19850505', 15), '财政局', '科员', '一般干部', 2, '本科', '宣传科科长', '', '']);
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    const fromXlsx = await org.req('organiser:import-registrations', { selectionId: 'sel-2026', fileName: '报名表.xlsx', contentBase64: toBase64(xlsx) });
    expect(fromXlsx.encoding).toBe('xlsx');
    expect([fromXlsx.recorded, fromXlsx.replaced]).toEqual([2, 0]);
    expect(fromXlsx.problems.map((p) => p.row)).toEqual([4, 5, 6]);
    expect(fromXlsx.problems[0]!.zh).toContain('校验');
    expect(fromXlsx.problems[1]!.zh).toBe('现职级“处长”应为正职、副职或一般干部');
    expect(fromXlsx.problems[2]!.zh).toBe('没有名为“宣传科科长”的竞聘岗位');

    const csv = [header.join(','), `吉𠮷,${idFor('19860606', 16)},人社局,科员,一般干部,3,大学本科,办公室副主任,,`, `赵一,${idFor('19800101', 11)},财政局,科员,一般干部,7,本科,服务科科长,,改报一个岗位`, `王晓明,${idFor('19850312')},县政务服务中心,科员,一般干部,4,本科,办公室副主任,,`].join('\r\n');
    const gb = iconv.encode(csv, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb)).toThrow();
    const fromCsv = await org.req('organiser:import-registrations', { selectionId: 'sel-2026', fileName: '报名表.csv', contentBase64: toBase64(new Uint8Array(gb)) });
    expect([fromCsv.encoding, fromCsv.recorded, fromCsv.replaced]).toEqual(['gb18030', 1, 1]);
    expect(fromCsv.problems.map((p) => p.row)).toEqual([4]);
    expect(fromCsv.problems[0]!.zh).toContain('报名页面');

    const rows = (await org.req('organiser:registrations', { selectionId: 'sel-2026' })).rows.filter((r) => r.state === 'active');
    expect(rows.map((r) => [r.name, r.posts, r.via]).sort()).toEqual(
      [
        ['王晓明', ['p-office'], 'page'],
        ['钱二', ['p-service'], 'import'],
        ['吉𠮷', ['p-office'], 'import'],
        ['赵一', ['p-service'], 'import'],
      ].sort(),
    );
    const imported = await log('registration.recorded');
    expect(imported.filter((e) => e.via === 'import').every((e) => e.actor === org.status.deviceId)).toBe(true);
  });

  it('closes registration at the deadline; the owner can still look theirs up', async () => {
    const last = (await http('/registrations', form({ idNumber: idFor('19870707', 17), name: '郑七' }))).body as unknown as SignedSlip;
    offset = closes - Date.now();
    expect((await http('/registrations', form({ idNumber: idFor('19880808', 18) }))).body.error!.code).toBe('registration-closed');
    expect((await http('/registrations/withdraw', { idNumber: last.form.idNumber, secret: last.secret })).body.error!.code).toBe('registration-closed');
    expect(await codeOf(org.req('organiser:import-registrations', { selectionId: 'sel-2026', fileName: 'x.csv', contentBase64: toBase64(new TextEncoder().encode('姓名\n')) }))).toBe('registration-closed');
    expect((await http('/registrations/lookup', { idNumber: last.form.idNumber, secret: last.secret })).body.state).toBe('active');
  });

  describe('the qualification review', () => {
    let rev1: Device;
    let rev2: Device;
    const key = (d: Device) => toBase64(d.signer.publicKey);
    const decision = (d: Device, registrationId: string, post: string, pass: boolean, replaces?: string): ReviewDecision => ({
      selectionId: 'sel-2026',
      registrationId,
      post,
      decision: pass ? 'pass' : 'fail',
      reason: pass ? '符合任职条件' : '年龄超过 45 周岁',
      reviewerKey: key(d),
      signedAt: now(),
      nonce: toHex(randomBytes(16)),
      ...(replaces ? { replaces } : {}),
    });
    const send = (d: Device, dec: ReviewDecision) => d.req('review:decide', { decision: dec, signature: toBase64(signObject(d.signer.pair.secretKey, 'review-decision', dec)) });

    it('assigns reviewers admitted at the desk; an unassigned reviewer sees nothing', async () => {
      rev1 = await connectDevice(t.url, 'tablet');
      rev2 = await connectDevice(t.url, 'tablet');
      for (const [d, person] of [[rev1, '审查甲'], [rev2, '审查乙']] as const) {
        const admitted = waitFor<{ status: string }>(d.socket, 'device:status', (s) => s.status === 'admitted');
        await desk.req('desk:admit', { role: 'reviewer', fingerprint: d.status.fingerprint, person });
        await admitted;
      }
      expect(await codeOf(rev1.req('review:queue', { selectionId: 'sel-2026' }))).toBe('forbidden');
      expect(await codeOf(org.req('organiser:assign-reviewer', { selectionId: 'sel-2026', deviceId: org.status.deviceId }))).toBe('not-found');
      const o = await org.req('organiser:assign-reviewer', { selectionId: 'sel-2026', deviceId: rev1.status.deviceId });
      expect(o.reviewerDevices.map((r) => r.person).sort()).toEqual(['审查乙', '审查甲'].sort());
      await org.req('organiser:assign-reviewer', { selectionId: 'sel-2026', deviceId: rev2.status.deviceId });
      expect((await rev1.req('review:selections', {})).selections).toEqual([{ id: 'sel-2026', title: '2026 年中层干部竞争上岗' }]);
    });

    it('shows each registration for each post with the machine’s checks on the deadline, first and second choices apart', async () => {
      const q = await rev1.req('review:queue', { selectionId: 'sel-2026' });
      expect(q.open).toBe(true);
      const zhao = q.items.filter((i) => i.name === '赵一');
      expect(zhao.map((i) => [i.post, i.preference])).toEqual([['p-service', 1]]);
      const wang = q.items.find((i) => i.name === '王晓明')!;
      // p-office: 3 years, bachelor, at most 45 on the deadline, deputy or staff. Born 1985-03-12: 41.
      expect(wang.checks.map((c) => [c.check, c.ok])).toEqual([
        ['years-in-rank', true],
        ['education', true],
        ['age', true],
        ['level', true],
      ]);
      expect(wang.idNumberMasked).toMatch(/^110105\*{8}/);
      expect(q.items.every((i) => i.current === null && !i.recused)).toBe(true);
    });

    it('takes signed decisions, refuses a forged, a stale and a foreign one, and bars a reviewer who declared a relation', async () => {
      const q = await rev1.req('review:queue', { selectionId: 'sel-2026' });
      const wang = q.items.find((i) => i.name === '王晓明')!;
      const d1 = decision(rev1, wang.registrationId, wang.post, true);
      expect(await codeOf(rev1.req('review:decide', { decision: d1, signature: toBase64(signObject(rev2.signer.pair.secretKey, 'review-decision', d1)) }))).toBe('signature-invalid');
      expect(await codeOf(send(rev2, { ...d1, reviewerKey: key(rev2) }).then(() => rev2.req('review:decide', { decision: d1, signature: toBase64(signObject(rev1.signer.pair.secretKey, 'review-decision', d1)) })))).toBe('forbidden');
      // rev2 decided first (just above, with its own key): rev1's decision must name it.
      expect(await codeOf(send(rev1, d1))).toBe('conflict');
      const current = (await rev1.req('review:queue', { selectionId: 'sel-2026' })).items.find((i) => i.registrationId === wang.registrationId)!.current!;
      expect([current.decision, current.mine]).toEqual(['pass', false]);
      const d2 = decision(rev1, wang.registrationId, wang.post, false, current.hash);
      expect((await send(rev1, d2)).hash).toBe(reviewDecisionHash(d2));
      // Replaying the first decision again is refused: it no longer names the one counting.
      expect(await codeOf(send(rev2, { ...decision(rev2, wang.registrationId, wang.post, true) }))).toBe('conflict');
      expect(await codeOf(send(rev1, decision(rev1, wang.registrationId, 'p-service', true)))).toBe('not-found');

      // rev1 declares a relation to 吉𠮷: its decisions on that person stop counting and it may no longer decide.
      const ji = q.items.find((i) => i.name === '吉𠮷')!;
      const jiDecision = decision(rev1, ji.registrationId, ji.post, true);
      await send(rev1, jiDecision);
      const decl: RecusalDeclaration = { selectionId: 'sel-2026', registrationId: ji.registrationId, relation: 'collateral', declarantKey: key(rev1), signedAt: now(), nonce: toHex(randomBytes(16)) };
      expect(await codeOf(rev1.req('review:declare-relation', { declaration: decl, signature: toBase64(signObject(rev2.signer.pair.secretKey, 'recusal-declaration', decl)) }))).toBe('signature-invalid');
      await rev1.req('review:declare-relation', { declaration: decl, signature: toBase64(signObject(rev1.signer.pair.secretKey, 'recusal-declaration', decl)) });
      const after = (await rev1.req('review:queue', { selectionId: 'sel-2026' })).items.find((i) => i.registrationId === ji.registrationId)!;
      expect([after.recused, after.current]).toEqual([true, null]);
      expect(await codeOf(send(rev1, decision(rev1, ji.registrationId, ji.post, true)))).toBe('forbidden');
      const [declared] = await log('recusal.declared');
      expect(declared).toEqual({ selectionId: 'sel-2026', commitment: objectHash('recusal-declaration', decl), declarantKey: key(rev1), actor: rev1.status.deviceId });
      await send(rev2, decision(rev2, ji.registrationId, ji.post, true));
    });

    it('publishes the list of those who qualify only when every item is decided: names and posts, no ID numbers or reasons', async () => {
      expect(await codeOf(org.req('organiser:publish-qualified', { selectionId: 'sel-2026' }))).toBe('session-state');
      const q = await rev2.req('review:queue', { selectionId: 'sel-2026' });
      for (const i of q.items.filter((x) => x.current === null)) await send(rev2, decision(rev2, i.registrationId, i.post, true));
      const list = await org.req('organiser:publish-qualified', { selectionId: 'sel-2026' });
      const office = list.posts.find((p) => p.post === 'p-office')!;
      const service = list.posts.find((p) => p.post === 'p-service')!;
      expect(office.names).toContain('吉𠮷');
      expect(office.names).not.toContain('王晓明'); // failed by rev1's later decision
      expect(service.names).toContain('赵一');
      const published = await fetch(`${t.url}/api/selections/sel-2026/qualified`);
      const text = await published.text();
      expect((JSON.parse(text) as QualifiedList).posts.length).toBe(2);
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).not.toContain('年龄超过');
      expect(await codeOf(send(rev2, decision(rev2, q.items[0]!.registrationId, q.items[0]!.post, true, q.items[0]!.current?.hash)))).toBe('session-state');
      expect(await codeOf(org.req('organiser:publish-qualified', { selectionId: 'sel-2026' }))).toBe('conflict');
      const entry = (await log('qualified.published'))[0]!;
      expect((entry.posts as Record<string, string[]>)['p-office']!.length).toBe(office.names.length);
    });

    it('holds each post to its minimum ratio: one below it is cancelled, merged or goes ahead, with a reason, once', async () => {
      const ratio = () => org.req('organiser:overview', {}).then((o) => o.selections.find((s) => s.id === 'sel-2026')!.ratio);
      expect(await ratio()).toEqual([
        { post: 'p-office', qualified: 2, required: 2, outcome: null },
        { post: 'p-service', qualified: 2, required: 3, outcome: null },
      ]);
      const decide = (o: Partial<{ post: string; action: 'cancel' | 'merge' | 'proceed'; mergeInto: string | null; reason: string }>) =>
        org.req('organiser:decide-post', { selectionId: 'sel-2026', post: 'p-service', action: 'merge', mergeInto: 'p-office', reason: '报名人数不足，并入办公室副主任岗位', ...o });
      expect(await codeOf(decide({ post: 'p-office', action: 'proceed', mergeInto: null }))).toBe('conflict');
      expect(await codeOf(decide({ mergeInto: null }))).toBe('bad-request');
      expect(await codeOf(decide({ action: 'proceed' }))).toBe('bad-request');
      expect(await codeOf(decide({ mergeInto: 'p-service' }))).toBe('bad-request');
      expect(await codeOf(decide({ reason: ' ' }))).toBe('bad-request');
      await decide({});
      expect((await ratio())[1]!.outcome).toEqual({ action: 'merge', mergeInto: 'p-office', reason: '报名人数不足，并入办公室副主任岗位' });
      expect(await codeOf(decide({ action: 'cancel', mergeInto: null }))).toBe('conflict');
      expect(await log('post.ratio-decided')).toEqual([
        { selectionId: 'sel-2026', postId: 'p-service', qualified: 2, required: 3, action: 'merge', mergeInto: 'p-office', reason: '报名人数不足，并入办公室副主任岗位', actor: org.status.deviceId },
      ]);
    });
  });

  it('creates a written session from the console while the server runs: the desk sees it, kiosks can fetch its sealed paper', async () => {
    const { paper, answerKey } = benchPaper();
    const sealed = await sealPaper(paper, answerKey, { label: '2026 年笔试', threshold: 2, count: 3 });
    const roster = (rows: string[]) => ({ fileName: '考生名单.csv', contentBase64: toBase64(new TextEncoder().encode(['姓名,身份证号,准考证号,座位号', ...rows].join('\r\n'))) });
    const base = { selectionId: null, id: 'written-1', label: '2026 年中层干部竞争上岗笔试', room: '第一考场', scheduledStart: now() + DAY, durationMinutes: 120, lateEntryMinutes: 30, sealedPaper: sealed.paper.file, sealedAnswerKey: sealed.answerKey.file };
    const rows = [`赵一,${idFor('19800101', 11)},2026101,01`, `吉𠮷,${idFor('19860606', 16)},2026102,2`, `钱二,${idFor('19820202', 12)},2026103,03`];
    // Seat "2" beside "01" and "03" has most likely lost its zero to Excel: the organiser confirms it first.
    // A selection with posts seats its candidates by its seat draw, never from a file the organiser made.
    const fromFile = (await org.req('organiser:create-session', { ...base, selectionId: 'sel-2026', roster: { ...roster(rows), accept: 'all' } }).catch((e: RequestError) => e)) as RequestError;
    expect([fromFile.code, fromFile.body.details?.[0]?.path, fromFile.message]).toEqual(['bad-request', 'paper', expect.stringContaining('come from its seat draw: name the paper')]);
    // A session of no selection takes its roster from the file, as Excel saved it.
    const warned = await org.req('organiser:create-session', { ...base, roster: roster(rows) }).catch((e: RequestError) => e);
    expect((warned as RequestError).code).toBe('invalid-roster');
    expect((warned as RequestError).body.details!.map((d) => [d.row, d.warning])).toEqual([[3, true]]);
    const badId = await org.req('organiser:create-session', { ...base, roster: roster([...rows.slice(0, 2), `钱二,${idFor('19820202', 12).slice(0, 17)}0,2026103,03`]) }).catch((e: RequestError) => e);
    expect((badId as RequestError).body.details!.some((d) => d.row === 4 && !d.warning)).toBe(true);
    expect(await codeOf(org.req('organiser:create-session', { ...base, sealedAnswerKey: sealed.paper.file, roster: { ...roster(rows), accept: 'all' } }))).toBe('invalid-paper');
    expect(await codeOf(org.req('organiser:create-session', { ...base, scheduledStart: now() - 1000, roster: { ...roster(rows), accept: 'all' } }))).toBe('bad-request');
    // A room named like a member of every object (it once broke the desk's overview for good), a seat so named in the file: refused, naming why.
    for (const room of ['__proto__', 'constructor', 'toString']) {
      const e = (await org.req('organiser:create-session', { ...base, room, roster: { ...roster(rows), accept: 'all' } }).catch((x: RequestError) => x)) as RequestError;
      expect([e.code, e.body.details?.[0]?.path, e.message], room).toEqual(['bad-request', 'room', expect.stringContaining('this name is reserved')]);
    }
    const seatNamed = (await org.req('organiser:create-session', { ...base, roster: { ...roster([...rows.slice(0, 2), `钱二,${idFor('19820202', 12)},2026103,valueOf`]), accept: 'all' } }).catch((x: RequestError) => x)) as RequestError;
    expect([seatNamed.code, seatNamed.body.details?.find((d) => d.row === 4)?.message]).toEqual(['invalid-roster', 'seat valueOf is a reserved name (a member of every JavaScript object): choose another']);
    expect(await codeOf(desk.req('desk:admit', { role: 'kiosk', fingerprint: 'AAAA-BBBB', room: 'hasOwnProperty', seat: '01' }))).toBe('bad-request');
    expect((await desk.req('desk:overview', {})).sessions.length).toBeGreaterThan(0);

    await desk.req('desk:overview', {}); // as the desk page does on opening: it then hears of every session
    const seen = waitFor<{ session: { id: string; candidates: number } }>(desk.socket, 'desk:session', (e) => e.session.id === 'written-1');
    const created = await org.req('organiser:create-session', { ...base, roster: { ...roster(rows), accept: [3] } });
    expect(created).toEqual({ sessionId: 'written-1', candidates: 3, sealedHash: sealed.paper.hash, encoding: 'utf-8' });
    expect((await seen).session.candidates).toBe(3);
    const res = await fetch(`${t.url}/api/sessions/written-1/sealed-paper`);
    expect([res.status, res.headers.get('x-sealed-hash')]).toEqual([200, sealed.paper.hash]);
    const seats = (await desk.req('desk:session', { sessionId: 'written-1' })).seats.map((s) => s.seat);
    expect(seats).toEqual(['01', '02', '03']);
    const [entry] = (await log('session.created')).filter((e) => e.sessionId === 'written-1');
    expect([entry!.selectionId, entry!.actor]).toEqual([undefined, org.status.deviceId]);
    // A selection without posts may seat a roster file's candidates; once it has, no post is added for people to register for.
    await org.req('organiser:create-selection', { id: 'sel-loose', title: '无职位的考试', registrationOpens: now() + 10 * DAY, registrationCloses: now() + 11 * DAY, steps: ['written'] });
    await org.req('organiser:create-session', { ...base, id: 'written-loose', selectionId: 'sel-loose', roster: { ...roster(rows), accept: 'all' } });
    const late = (await org.req('organiser:save-post', post('p-loose', '办公室副主任', { selectionId: 'sel-loose' })).catch((e: RequestError) => e)) as RequestError;
    expect([late.code, late.body.message]).toEqual(['session-state', 'session written-loose of the selection already names its candidates: the posts stand']);
    expect(await codeOf(org.req('organiser:create-session', { ...base, roster: { ...roster(rows), accept: 'all' } }))).toBe('conflict');
  });

  it('exports the bundle from the console: it verifies, its hash is the one shown, and it names no registrant by ID number', async () => {
    const { fileName, text, bundleHash: shown } = await org.req('organiser:export-bundle', {});
    expect(fileName).toMatch(/^bundle-\d{4}-\d{2}-\d{2}\.json$/);
    const bundle = JSON.parse(text) as Bundle;
    expect(bundleHash(bundle.body)).toBe(shown);
    const report = await verifyBundle(JSON.parse(text));
    expect(report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 3)])).toEqual([]);
    for (const r of await t.server.ctx.db.selectFrom('registrations').select('id_number').execute()) expect(text).not.toContain(r.id_number);
    expect(text).toContain('"type":"review.signed"');

    // With the supervisors' bundle the review is replayed exactly: 吉𠮷's first decision was voided by its reviewer's declared relation.
    const records = JSON.parse((await org.req('organiser:export-supervisors-bundle', {})).text) as SupervisorsBundle;
    expect(records.declarations.length).toBe(1);
    const full = await verifyBundle(JSON.parse(text), { supervisors: records });
    expect(full.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 3)])).toEqual([]);
    const server = { signObject: (type: string, object: unknown) => t.server.ctx.serverKey.signObject(type as never, object) };
    const failed = async (edit: (b: Bundle, r: SupervisorsBundle) => void, withRecords = true) => {
      const b = JSON.parse(text) as Bundle;
      const r = structuredClone(records);
      edit(b, r);
      rebuildAndResign(b, server);
      const report = await verifyBundle(b, withRecords ? { supervisors: r } : {});
      return report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.join(' | ')]);
    };
    expect(await failed((_b, r) => void r.declarations.pop())).toEqual([['13-selection', expect.stringContaining('lacks the declaration logged at entry')]]);
    // Without the declaration on the log, the second reviewer's fresh decision replaces nothing it should: caught even without the records.
    const dropRecusal = (b: Bundle) => void (b.body.log = b.body.log.filter((e) => e.type !== 'recusal.declared'));
    expect(await failed(dropRecusal, false)).toEqual([['13-selection', expect.stringContaining('does not name the decision then counting')]]);
    // A declarant who decides on the person afterwards: the voided decision is made to count again, as if replayed.
    const revived = (b: Bundle, r: SupervisorsBundle) => {
      const declared = b.body.log.find((e) => e.type === 'recusal.declared')!;
      const ji = r.declarations[0]!.declaration.registrationId;
      const mine = b.body.log.find((e) => e.type === 'review.signed' && e.payload['registrationId'] === ji && e.payload['reviewerKey'] === r.declarations[0]!.declaration.declarantKey)!;
      b.body.log.splice(b.body.log.indexOf(mine), 1);
      b.body.log.splice(b.body.log.indexOf(declared) + 1, 0, mine);
    };
    expect((await failed(revived)).map(([id]) => id)).toEqual(['13-selection']);
    expect((await failed(revived))[0]![1]).toContain('declared a relation to this candidate and still decided');
  });

  it('creates an interview day from the console while the server runs: rooms from the roster, the rule logged, the desk told', async () => {
    const set = parseInterviewQuestions(readFileSync(fileURLToPath(new URL('../exam-server/src/demo/demo-interview.yaml', import.meta.url)), 'utf8'));
    const sealed = await sealInterview(set, { label: '2026 年面试', threshold: 2, count: 3 });
    const roster = toBase64(new TextEncoder().encode(['姓名,身份证号,准考证号,面试室', `赵一,${idFor('19800101', 11)},2026201,第一面试室`, `吉𠮷,${idFor('19860606', 16)},2026202,第二面试室`].join('\r\n')));
    const base = { selectionId: null, id: 'interview-1', label: '2026 年中层干部竞争上岗面试', holdingRoom: '候考室', finishedRoom: '候分室', sealedQuestions: sealed.file, roster: { fileName: '面试名单.csv', contentBase64: roster }, trimWhenAtLeast: 5, outlierDistance: 1000, announceOnSpot: true };
    // For a selection with posts, the persons a roster names are admission numbers: none before the seat draw.
    const early = (await org.req('organiser:create-day', { ...base, selectionId: 'sel-2026' }).catch((e: RequestError) => e)) as RequestError;
    expect([early.code, early.message]).toEqual(['session-state', expect.stringContaining('draw the seats first')]);
    expect(await codeOf(org.req('organiser:create-day', { ...base, holdingRoom: '第一面试室' }))).toBe('bad-request');
    expect(await codeOf(org.req('organiser:create-day', { ...base, trimWhenAtLeast: 2 }))).toBe('bad-request');
    const told = waitFor<{ id: string }>(desk.socket, 'interview:day', (d) => d.id === 'interview-1');
    expect(await org.req('organiser:create-day', base)).toEqual({ dayId: 'interview-1', candidates: 2, rooms: ['第一面试室', '第二面试室'], questionsHash: sealed.hash, encoding: 'utf-8' });
    expect((await told).id).toBe('interview-1');
    expect((await desk.req('desk:overview', {})).days.map((d) => d.id)).toContain('interview-1');
    const [entry] = (await log('interview.day-created')).filter((e) => e.dayId === 'interview-1');
    expect([entry!.selectionId, entry!.actor, entry!.rule]).toEqual([undefined, org.status.deviceId, { trimWhenAtLeast: 5, outlierDistance: 1000, announceOnSpot: true }]);
  });

  it('`exam publish` writes the published list of those who qualify: names per post, no ID numbers, no reasons', () => {
    const out = mkdtempSync(join(tmpdir(), 'exam-qualified-'));
    try {
      execExam(withDatabaseArgs(['publish', '--data', t.dataDir, '--out', out]));
      const html = readFileSync(join(out, 'qualified-sel-2026.html'), 'utf8');
      expect(html).toContain('资格审查合格人员名单 · Those who qualify — 2026 年中层干部竞争上岗');
      expect(html).toMatch(/<h2>办公室副主任（职数 seats 1）<\/h2><p>[^<]*吉𠮷[^<]*<\/p>/);
      expect(html).not.toMatch(/\d{17}[\dX]/);
      expect(html).not.toContain('年龄超过');
      expect(existsSync(join(out, 'posts-sel-2026.html'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the public registration API against strangers', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Loopback is not exempt here: the limits apply to this test's own address.
    t = await startTestServer({ server: { limits: { exemptLoopback: false } } });
    await setUpSelectionDemo(t.server.ctx);
  });
  afterAll(async () => t?.close());
  const post = (path: string, body: string) => fetch(`${t.url}/api/selections/demo-selection${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('reads no body over 32 KiB', async () => {
    const res = await post('/registrations', JSON.stringify({ name: 'x'.repeat(40 * 1024) }));
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([413, 'payload-too-large']);
  });

  it('takes at most 20 registrations a minute from one address, and 30 tries of a secret', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) codes.push(((await (await post('/registrations', '{}')).json()) as { error: { code: string } }).error.code);
    expect(codes.slice(0, 20).every((c) => c === 'bad-request')).toBe(true);
    expect(codes[20]).toBe('too-many-attempts');
    const tries: string[] = [];
    for (let i = 0; i < 31; i++) tries.push(((await (await post('/registrations/lookup', JSON.stringify({ idNumber: '11010519491231002X', secret: 'A'.repeat(16) }))).json()) as { error: { code: string } }).error.code);
    expect(tries.slice(0, 30).every((c) => c === 'slip-secret-wrong')).toBe(true);
    expect(tries[30]).toBe('too-many-attempts');
  });
});

describe('the public registration API: what it takes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await setUpSelectionDemo(t.server.ctx);
  });
  afterAll(async () => t?.close());
  const post = (path: string, body: string) => fetch(`${t.url}/api/selections/demo-selection${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('takes a body only as JSON: a page of another site cannot post a form or text', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null]) {
      const res = await fetch(`${t.url}/api/selections/demo-selection/registrations`, { method: 'POST', ...(type ? { headers: { 'content-type': type } } : {}), body: JSON.stringify({ name: '张三' }) });
      expect([res.status, ((await res.json()) as { error: { code: string; message: string } }).error], String(type)).toEqual([400, { code: 'bad-request', message: 'the body is sent as application/json', details: [{ message: 'send the body with Content-Type: application/json', zh: '请求须以 application/json 发送' }] }]);
    }
  });

  it('refuses a name, department or post holding control or invisible characters (a bidi override reverses a name on a public notice)', async () => {
    const form = { name: '张三', idNumber: '11010519491231002X', department: '财政局', currentPost: '科员', currentLevel: 'staff', yearsInRank: 6, education: 'bachelor', posts: ['p1'] };
    for (const [field, value] of [['name', '张\u202E三'], ['name', '张\u200B三'], ['department', '财政\u0007局'], ['currentPost', '科\u2028员']] as const) {
      const res = await post('/registrations', JSON.stringify({ ...form, [field]: value }));
      const body = (await res.json()) as { error: { code: string; details?: Array<{ path?: string; zh?: string }> } };
      expect([res.status, body.error.code, body.error.details?.[0]?.path, body.error.details?.[0]?.zh], `${field} ${JSON.stringify(value)}`).toEqual([400, 'bad-request', field, '不能含控制字符或不可见字符（如双向覆盖符、零宽空格）']);
    }
    // The statement may run over lines, but neither reverse nor hide what it says.
    for (const value of ['本人\u202E作工', '本人\u2066工作\u2069', '本人\u0007工作']) {
      const res = await post('/registrations', JSON.stringify({ ...form, statement: value }));
      const body = (await res.json()) as { error: { code: string; details?: Array<{ path?: string; zh?: string }> } };
      expect([res.status, body.error.code, body.error.details?.[0]?.path, body.error.details?.[0]?.zh], JSON.stringify(value)).toEqual([400, 'bad-request', 'statement', '不能含控制字符或改变文字方向的符号（如 U+202E）']);
    }
  });
});
