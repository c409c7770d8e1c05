import ExcelJS from 'exceljs';
import { lotCommitStatement, lotCommitment, randomBytes, signObject, toBase64, toHex, verifyBundle, type ReviewDecision, type SupervisorsBundle } from '@exam/shared';
import { VerifyPool, exportBundle, exportSupervisorsBundle, poolVerifyMany } from '@exam/server';
import { admitted, idFor } from '../support/selection-flow';
import { benchVenue } from './venue';

/**
 * The front of a selection at a county's scale, through the organiser's requests as the console
 * sends them, against the real server on the real filesystem: `forms` registrations imported from
 * one .xlsx (a third of them for two posts), every item reviewed and signed by one reviewer, the
 * list published, the seat draw with one supervisor, and the bundle with the supervisors' bundle
 * verified (all thirteen steps). Times are wall-clock milliseconds of each phase.
 */
export interface SelectionFigures {
  import_forms_ms: number;
  review_item_ms: number;
  seat_draw_ms: number;
  verify_registration_ms: number;
}

export async function measureSelection(dataParent: string, forms: number): Promise<SelectionFigures> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const { server, url, desk, org, devices, close } = await benchVenue(dataParent, 'selection', now);
  try {
    const opens = now() + 3600_000;
    const closes = opens + 7 * 86_400_000;
    const S = 'bench-selection';
    await org.req('organiser:create-selection', { id: S, title: '基准测试竞争上岗', registrationOpens: opens, registrationCloses: closes, steps: ['written', 'interview'] });
    const posts = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, title: `岗位${i}`, paper: `paper-${i % 3}` }));
    for (const p of posts) {
      await org.req('organiser:save-post', { selectionId: S, ...p, department: '县政府', level: 'deputy', seats: 2, qualifications: '任现职级满 2 年', checks: { minYearsInRank: 2, minEducation: 'college', maxAge: null, levels: ['deputy', 'staff'] }, minRatio: 1 });
    }
    offset = opens + 1000 - Date.now();
    // One workbook as Excel saves it: distinct ID numbers (a birth day per thousand, a sequence within), a third for two posts.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('报名表');
    sheet.addRow(['姓名', '身份证号', '所在部门', '现任职务', '现职级', '任现职级年限', '学历', '竞聘岗位一', '竞聘岗位二', '个人陈述']);
    for (let i = 0; i < forms; i++) {
      const birth = new Date(Date.UTC(1975, 0, 1 + Math.floor(i / 900))).toISOString().slice(0, 10).replace(/-/g, '');
      sheet.addRow([`考生${String(i).padStart(4, '0')}`, idFor(birth, 100 + (i % 900)), '财政局', '科员', '一般干部', 4, '本科', posts[i % 10]!.title, i % 3 === 0 ? posts[(i + 1) % 10]!.title : '', '']);
    }
    const xlsx = toBase64(new Uint8Array(await book.xlsx.writeBuffer()));
    let t = performance.now();
    const imported = await org.req('organiser:import-registrations', { selectionId: S, fileName: '报名表.xlsx', contentBase64: xlsx });
    const importMs = performance.now() - t;
    if (imported.recorded !== forms) throw new Error(`imported ${imported.recorded} of ${forms}: ${JSON.stringify(imported.problems.slice(0, 3))}`);

    offset = closes + 1000 - Date.now();
    const reviewer = await admitted(url, desk, { role: 'reviewer', person: '审查员' });
    devices.push(reviewer);
    await org.req('organiser:assign-reviewer', { selectionId: S, deviceId: reviewer.status.deviceId });
    const queue = await reviewer.req('review:queue', { selectionId: S });
    const key = toBase64(reviewer.signer.publicKey);
    t = performance.now();
    for (const item of queue.items) {
      const decision: ReviewDecision = { selectionId: S, registrationId: item.registrationId, post: item.post, decision: 'pass', reason: '符合任职条件', reviewerKey: key, signedAt: now(), nonce: toHex(randomBytes(16)) };
      await reviewer.req('review:decide', { decision, signature: toBase64(signObject(reviewer.signer.pair.secretKey, 'review-decision', decision)) });
    }
    const reviewItemMs = (performance.now() - t) / queue.items.length;
    await org.req('organiser:publish-qualified', { selectionId: S });

    const sup = await admitted(url, desk, { role: 'supervisor', person: '监督员' });
    devices.push(sup);
    t = performance.now();
    const draw = await org.req('organiser:open-seat-draw', { selectionId: S, supervisors: [sup.status.deviceId] });
    const me = toBase64(sup.signer.publicKey);
    const secret = toHex(randomBytes(32));
    const commitment = lotCommitment(draw.drawId, me, secret);
    await sup.req('lot:commit', { drawId: draw.drawId, commitment, signature: toBase64(signObject(sup.signer.pair.secretKey, 'lot-commit', lotCommitStatement(draw.drawId, draw.candidatesHash, me, commitment))) });
    const done = await sup.req('lot:reveal', { drawId: draw.drawId, secret });
    const seatDrawMs = performance.now() - t;
    if (done.state !== 'done' || done.tickets !== forms) throw new Error(`the seat draw is ${done.state} over ${done.tickets}`);

    const bundle = await exportBundle(server.ctx);
    const records: SupervisorsBundle = await exportSupervisorsBundle(server.ctx.db);
    // As `exam verify` does it: the signatures in worker threads.
    const pool = new VerifyPool();
    t = performance.now();
    const report = await verifyBundle(JSON.parse(JSON.stringify(bundle)), { supervisors: JSON.parse(JSON.stringify(records)), verifyMany: poolVerifyMany(pool) });
    const verifyMs = performance.now() - t;
    await pool.close();
    if (!report.ok) throw new Error(`the selection's bundle does not verify: ${JSON.stringify(report.steps.filter((s) => !s.ok).map((s) => [s.id, s.problems.slice(0, 2)]))}`);
    return { import_forms_ms: importMs, review_item_ms: reviewItemMs, seat_draw_ms: seatDrawMs, verify_registration_ms: verifyMs };
  } finally {
    await close();
  }
}
