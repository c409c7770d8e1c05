import { generateKeyPairSync, sign } from 'node:crypto';
import { randomBytes, registrationFormSchema, signingBytes, toBase64, toHex, type Post, type RegistrationForm, type ReviewDecision } from '@exam/shared';
import type { ServerContext } from '../context';
import { appendAudit } from '../audit/log';
import { transact } from '../db/transact';
import { insertSelection, upsertPost } from '../selections/store';
import { recordForm } from '../selections/registration';
import { insertDecision } from '../selections/review';

const DAY = 86_400_000;
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** A made-up ID number (Beijing's Chaoyang district code) with a correct check digit. */
const idNumber = (birth: string, seq: number) => {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  return body + '10X98765432'[W.reduce((s, w, i) => s + w * Number(body[i]), 0) % 11];
};

export interface SelectionDemo {
  selectionId: string;
  registrations: number;
  reviewed: number;
}

/**
 * The demonstration's front of the procedure: a selection whose registration has closed, two posts,
 * a dozen registrations (some for two posts), and the first of them reviewed by a demonstration
 * reviewer — so a new user sees the console, the review and the registration page with something in
 * them. The demonstration reviewer's key is made here and dropped once its decisions are signed:
 * no device can act as it.
 */
export async function setUpSelectionDemo(ctx: ServerContext): Promise<SelectionDemo> {
  const now = ctx.now();
  const selectionId = 'demo-selection';
  const opens = now - 7 * DAY;
  const closes = now - 2 * 3600_000;
  const post = (id: string, title: string, department: string, level: Post['level'], checks: Post['checks'], qualifications: string): Post => ({
    selectionId,
    id,
    title,
    department,
    level,
    seats: 1,
    qualifications,
    checks,
    paper: 'demo',
    minRatio: 2,
  });
  const posts = [
    post('p1', '办公室副主任', '办公室', 'deputy', { minYearsInRank: 3, minEducation: 'bachelor', maxAge: 45, levels: ['staff', 'deputy'] }, '任现职级满 3 年，大学本科以上学历，45 周岁以下'),
    post('p2', '政务服务科科长', '政务服务科', 'principal', { minYearsInRank: 2, minEducation: 'college', maxAge: 50, levels: ['deputy', 'principal'] }, '任副职满 2 年，大专以上学历，50 周岁以下'),
  ];
  const people: Array<[string, string, RegistrationForm['currentLevel'], number, RegistrationForm['education'], string[]]> = [
    ['张伟', '19850312', 'staff', 6, 'bachelor', ['p1']],
    ['王芳', '19800715', 'deputy', 4, 'master', ['p2', 'p1']],
    ['李娜', '19881102', 'staff', 3, 'bachelor', ['p1']],
    ['刘洋', '19760520', 'deputy', 8, 'college', ['p2']],
    ['陈静', '19900228', 'staff', 2, 'bachelor', ['p1']],
    ['杨磊', '19790909', 'deputy', 5, 'bachelor', ['p2', 'p1']],
    ['赵敏', '19861224', 'staff', 4, 'master', ['p1']],
    ['黄勇', '19720101', 'deputy', 10, 'college', ['p2']],
    ['周丽', '19830618', 'staff', 7, 'bachelor', ['p1', 'p2']],
    ['吴强', '19810330', 'deputy', 3, 'bachelor', ['p2']],
    ['徐婷', '19910808', 'staff', 3, 'college', ['p1']],
    ['孙𠮷', '19841016', 'staff', 5, 'bachelor', ['p1']],
  ];
  // The demonstration reviewer: a key made here, admitted and assigned, then dropped.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const reviewerKey = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  const reviewer = ctx.devices.register(reviewerKey, 'tablet', '演示审查人', 'demo', now);
  let reviewed = 0;
  const admittedRow = await transact(ctx.db, async (tx) => {
    await insertSelection(tx, { id: selectionId, title: '演示：2026 年中层干部竞争上岗', registrationOpens: opens, registrationCloses: closes, steps: ['written', 'evaluation', 'interview'] }, 'organiser', opens - DAY);
    for (const p of posts) await upsertPost(tx, p, 'organiser', opens - DAY + 60_000);
    const recorded: Array<{ registrationId: string; form: RegistrationForm }> = [];
    for (const [i, [name, birth, currentLevel, yearsInRank, education, choices]] of people.entries()) {
      const form = registrationFormSchema.parse({ name, idNumber: idNumber(birth, 100 + i), department: i % 2 ? '政务服务科' : '办公室', currentPost: currentLevel === 'staff' ? '科员' : '副科长', currentLevel, yearsInRank, education, posts: choices, statement: '' });
      const slip = await recordForm(ctx, tx, selectionId, form, 'page', 'registration', undefined, opens + (i + 1) * 3600_000);
      recorded.push({ registrationId: slip.slip.registrationId, form });
    }
    const admitted = await ctx.devices.update(tx, reviewer, { status: 'admitted', role: 'reviewer', person: '演示审查人', admitted_at: now - 3600_000 });
    await appendAudit(tx, 'device.admitted', 'organiser', { deviceId: admitted.id, role: 'reviewer', fingerprint: admitted.fingerprint, publicKey: reviewerKey, label: admitted.label, room: null, seat: null, dayId: null, person: '演示审查人' }, now - 3600_000);
    await tx.insertInto('reviewer_assignments').values({ selection_id: selectionId, device_id: admitted.id, assigned_at: now - 3000_000 }).execute();
    await appendAudit(tx, 'reviewer.assigned', 'organiser', { selectionId, deviceId: admitted.id, publicKey: reviewerKey }, now - 3000_000);
    // The first five registrations reviewed for every post they name; the rest wait for the user.
    for (const r of recorded.slice(0, 5)) {
      for (const p of r.form.posts) {
        const pass = !(r.form.name === '陈静' && p === 'p1'); // 2 years in rank, 3 required
        const d: ReviewDecision = { selectionId, registrationId: r.registrationId, post: p, decision: pass ? 'pass' : 'fail', reason: pass ? '符合任职条件' : '任现职级年限不足 3 年', reviewerKey, signedAt: now - 1800_000, nonce: toHex(randomBytes(16)) };
        await insertDecision(tx, d, toBase64(new Uint8Array(sign(null, signingBytes('review-decision', d), privateKey))), admitted.id, now - 1800_000 + reviewed);
        reviewed++;
      }
    }
    return admitted;
  });
  ctx.devices.remember(admittedRow);
  return { selectionId, registrations: people.length, reviewed };
}
