import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { objectHash, randomBytes, signObject, toBase64, toHex, type InterviewRecusal } from '@exam/shared';
import { startTestServer, type TestServer } from './support/server';
import { codeOf, connectDesk, type Device } from './support/clients';
import { admitted } from './support/selection-flow';

/**
 * An examiner declares relations by name before the interviews (回避): from the day's list, signed,
 * on the log as a hash. Whom they may name and when is refused with the exact code; what the
 * declaration does when the candidate is in the room is played through in the honest day
 * (support/scenario.ts), whose bundle the tamper suite verifies.
 */
describe('an examiner’s declared relation, by name before the day', () => {
  let t: TestServer;
  let desk: Device;
  let ex: Device;
  let other: Device;
  const day = () => t.interview.dayId;
  const declaration = (d: Device, over: Partial<InterviewRecusal> = {}): InterviewRecusal => ({ dayId: day(), ticket: t.interview.tickets[0]!, relation: 'spouse', declarantKey: toBase64(d.signer.publicKey), signedAt: Date.now(), nonce: toHex(randomBytes(16)), ...over });
  const send = (d: Device, decl: InterviewRecusal, signer: Device = d) => d.req('examiner:declare-relation', { declaration: decl, signature: toBase64(signObject(signer.signer.pair.secretKey, 'interview-recusal', decl)) });

  beforeAll(async () => {
    t = await startTestServer();
    desk = await connectDesk(t.url, t.server.ctx.deskCode);
    ex = await admitted(t.url, desk, { role: 'examiner', dayId: day(), room: '面试室A', person: '考官甲' });
    other = await admitted(t.url, desk, { role: 'examiner', dayId: day(), room: '面试室A', person: '考官乙' });
  });
  afterAll(async () => {
    for (const d of [desk, ex, other]) d?.close();
    await t?.close();
  });

  it('gives the day’s candidates by name, and takes a signed declaration once', async () => {
    const roster = await ex.req('examiner:roster', { dayId: day() });
    expect(roster.candidates.map((c) => c.ticket).sort()).toEqual([...t.interview.tickets].sort());
    expect(roster.candidates.every((c) => c.name.length > 0)).toBe(true);
    expect(roster.declared).toEqual([]);
    const d = declaration(ex);
    expect(await codeOf(send(ex, d, other))).toBe('signature-invalid');
    expect(await codeOf(send(ex, { ...d, declarantKey: toBase64(other.signer.publicKey) }, other))).toBe('forbidden');
    expect(await codeOf(send(ex, declaration(ex, { ticket: 'NOBODY' })))).toBe('not-found');
    expect(await codeOf(send(ex, declaration(ex, { dayId: 'other-day' })))).toBe('forbidden');
    expect(await send(ex, d)).toEqual({ recorded: true });
    expect(await codeOf(send(ex, declaration(ex)))).toBe('conflict');
    expect((await ex.req('examiner:roster', { dayId: day() })).declared).toEqual([d.ticket]);
    // Another examiner's list says nothing of it.
    expect((await other.req('examiner:roster', { dayId: day() })).declared).toEqual([]);
    const logged = await t.server.ctx.db.selectFrom('audit_log').select('payload_json').where('type', '=', 'interview.recusal-declared').execute();
    expect(logged.map((r) => JSON.parse(r.payload_json) as unknown)).toEqual([{ dayId: day(), commitment: objectHash('interview-recusal', d), declarantKey: d.declarantKey }]);
  });
});
