// A county office imports its registration forms while, in the same building, a written exam runs
// on the same server: the import takes its rows in short transactions, so that the kiosks' autosaves
// are written between them rather than waiting for the whole file (docs/protocol.md §21).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { admittedKiosk, connectDesk, type Device } from './support/clients';
import { admitted } from './support/selection-flow';
import { idFor } from './support/id-numbers';

const ROWS = 3_000;

describe('importing registration forms while an exam runs', () => {
  let t: TestServer;
  let desk: Device;
  let kiosk: Device;
  let org: Device;
  beforeAll(async () => {
    t = await startTestServer();
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    kiosk = await admittedKiosk(t.url, desk, 'demo', '01');
    org = await admitted(t.url, desk, { role: 'organiser', person: '组织者' });
    await kiosk.req('candidate:sign-in', { ticket: '2026001' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[0]!, keyholder: 'a' });
    await desk.req('desk:enter-share', { sessionId: 'demo', target: 'paper', code: t.demo.paperShares[1]!, keyholder: 'b' });
    await desk.req('desk:start', { sessionId: 'demo', overrideReason: 'import test' });
    const opens = Date.now() + 1_500;
    await org.req('organiser:create-selection', { id: 'sel-import', title: '2026 年中层干部竞争上岗', registrationOpens: opens, registrationCloses: opens + 86_400_000, steps: ['written'] });
    await org.req('organiser:save-post', {
      selectionId: 'sel-import',
      id: 'p-office',
      title: '办公室副主任',
      department: '县政务服务中心',
      level: 'deputy',
      seats: 1,
      qualifications: '任现职级满 3 年',
      checks: { minYearsInRank: 3, minEducation: 'bachelor', maxAge: null, levels: ['deputy', 'staff'] },
      paper: 'paper-a',
      minRatio: 2,
    });
    await new Promise((r) => setTimeout(r, Math.max(0, opens - Date.now() + 50)));
  }, 60_000);
  afterAll(async () => {
    for (const d of [desk, kiosk, org]) d?.close();
    await t?.close();
  });

  it(`acknowledges a kiosk's saves while ${ROWS.toLocaleString('en')} forms are imported, and imports every one of them`, async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => `考生${i},${idFor(`19${60 + (i % 30)}0101`, i % 1000)},县政务服务中心,科员,一般干部,4,本科,办公室副主任`);
    // Distinct ID numbers: the birth year and the sequence number together.
    expect(new Set(rows.map((r) => r.split(',')[1])).size).toBe(ROWS);
    const file = toBase64(new TextEncoder().encode(['姓名,身份证号,所在部门,现任职务,现职级,任现职级年限,学历,竞聘岗位一', ...rows].join('\r\n')));
    let importDone = 0;
    const imported = org.req('organiser:import-registrations', { selectionId: 'sel-import', fileName: '报名表.csv', contentBase64: file }).then((r) => ((importDone = performance.now()), r));
    // Saves while the import runs: each acknowledged once durable, and the first well before the import ends.
    const acked: number[] = [];
    for (let rev = 1; importDone === 0 && rev < 10_000; rev++) {
      await kiosk.req('answer:save', { questionId: 'q6', value: `第 ${rev} 稿`, rev });
      acked.push(performance.now());
      await new Promise((r) => setTimeout(r, 20));
    }
    const outcome = await imported;
    expect([outcome.recorded, outcome.replaced, outcome.problems]).toEqual([ROWS, 0, []]);
    const during = acked.filter((at) => at < importDone);
    expect(during.length).toBeGreaterThanOrEqual(3);
    const count = await t.server.ctx.db.selectFrom('registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('selection_id', '=', 'sel-import').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(ROWS);
  });
});
