import { randomBytes, signObject, toBase64, toHex, type Post, type RecusalDeclaration, type ReviewDecision } from '@exam/shared';
import { connectDevice, waitFor, type Device } from './clients';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** An ID number with a correct check digit, for a birth date and a sequence number. */
export function idFor(birth: string, seq = 123): string {
  const body = `110105${birth}${String(seq).padStart(3, '0')}`;
  return body + '10X98765432'[W.reduce((s, w, i) => s + w * Number(body[i]), 0) % 11];
}

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;

/** A device admitted at the desk, once the server says so. */
export async function admitted(url: string, desk: Device, admit: Record<string, unknown>, label = 'tablet'): Promise<Device> {
  const d = await connectDevice(url, 'tablet', { label });
  const ok = waitFor<{ status: string }>(d.socket, 'device:status', (s) => s.status === 'admitted');
  await desk.req('desk:admit', { fingerprint: d.status.fingerprint, ...admit } as never);
  await ok;
  return d;
}

export interface Registrant {
  name: string;
  birth: string;
  posts: [string] | [string, string];
  /** Failed by the reviewer on every post (too old, say). */
  fails?: boolean;
}

/**
 * A selection taken from nothing to its published list of those who qualify, through the
 * organiser's and a reviewer's requests as the console and the review page send them: the
 * selection and its posts, the forms imported from a CSV while registration is open, every item
 * open (the server's clock moved), the deadline passed, every item decided and signed by one
 * reviewer, the list published.
 */
export async function selectionToQualified(o: {
  url: string;
  desk: Device;
  org: Device;
  /** Moves the server's clock to this time. */
  setNow: (at: number) => void;
  now: () => number;
  selectionId: string;
  posts: Array<Pick<Post, 'id' | 'title' | 'paper' | 'seats' | 'minRatio'>>;
  people: Registrant[];
  /**
   * Someone the first reviewer turns out to be related to: it decides on them, then declares the
   * relation (its decision stops counting), and a second reviewer decides on them instead.
   */
  related?: string;
  /** The selection's steps (default: the written exam and the interview). */
  steps?: Array<'written' | 'evaluation' | 'interview'>;
  title?: string;
}): Promise<{ reviewer: Device; others: Device[]; registrationIds: Map<string, string> }> {
  const start = o.now();
  const opens = start + HOUR;
  const closes = start + 2 * DAY;
  await o.org.req('organiser:create-selection', { id: o.selectionId, title: o.title ?? '2026 年中层干部竞争上岗', registrationOpens: opens, registrationCloses: closes, steps: o.steps ?? ['written', 'interview'] });
  for (const p of o.posts) {
    await o.org.req('organiser:save-post', {
      selectionId: o.selectionId,
      department: '县政务服务中心',
      level: 'deputy',
      qualifications: '任现职级满 2 年',
      checks: { minYearsInRank: 2, minEducation: 'college', maxAge: null, levels: ['deputy', 'staff'] },
      ...p,
    });
  }
  o.setNow(opens + 1000);
  const title = (id: string) => o.posts.find((p) => p.id === id)!.title;
  const csv = [
    '姓名,身份证号,所在部门,现任职务,现职级,任现职级年限,学历,竞聘岗位一,竞聘岗位二,个人陈述',
    ...o.people.map((p, i) => `${p.name},${idFor(p.birth, 100 + i)},财政局,科员,一般干部,4,本科,${title(p.posts[0])},${p.posts[1] ? title(p.posts[1]) : ''},`),
  ].join('\r\n');
  const imported = await o.org.req('organiser:import-registrations', { selectionId: o.selectionId, fileName: '报名表.csv', contentBase64: toBase64(new TextEncoder().encode(csv)) });
  if (imported.recorded !== o.people.length) throw new Error(`imported ${imported.recorded} of ${o.people.length}: ${JSON.stringify(imported.problems)}`);
  // The review begins at the deadline: forms may change until then.
  o.setNow(closes + 1000);
  const reviewer = await admitted(o.url, o.desk, { role: 'reviewer', person: '审查员' });
  await o.org.req('organiser:assign-reviewer', { selectionId: o.selectionId, deviceId: reviewer.status.deviceId });
  const queue = await reviewer.req('review:queue', { selectionId: o.selectionId });
  const decide = async (d: Device, item: (typeof queue.items)[number]) => {
    const fails = o.people.find((p) => p.name === item.name)!.fails === true;
    const decision: ReviewDecision = { selectionId: o.selectionId, registrationId: item.registrationId, post: item.post, decision: fails ? 'fail' : 'pass', reason: fails ? '年龄超过规定' : '符合任职条件', reviewerKey: toBase64(d.signer.publicKey), signedAt: o.now(), nonce: toHex(randomBytes(16)) };
    await d.req('review:decide', { decision, signature: toBase64(signObject(d.signer.pair.secretKey, 'review-decision', decision)) });
  };
  for (const item of queue.items) await decide(reviewer, item);
  const others: Device[] = [];
  if (o.related) {
    const theirs = queue.items.filter((i) => i.name === o.related);
    const declaration: RecusalDeclaration = { selectionId: o.selectionId, registrationId: theirs[0]!.registrationId, relation: 'in-law', declarantKey: toBase64(reviewer.signer.publicKey), signedAt: o.now(), nonce: toHex(randomBytes(16)) };
    await reviewer.req('review:declare-relation', { declaration, signature: toBase64(signObject(reviewer.signer.pair.secretKey, 'recusal-declaration', declaration)) });
    const second = await admitted(o.url, o.desk, { role: 'reviewer', person: '审查员乙' });
    others.push(second);
    await o.org.req('organiser:assign-reviewer', { selectionId: o.selectionId, deviceId: second.status.deviceId });
    for (const item of theirs) await decide(second, item);
  }
  await o.org.req('organiser:publish-qualified', { selectionId: o.selectionId });
  return { reviewer, others, registrationIds: new Map(queue.items.map((i) => [i.name, i.registrationId])) };
}
