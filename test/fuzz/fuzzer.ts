import { ERROR_CODES, REQUESTS, RequestError, request, type RequestName } from '@exam/shared';
import type { TestServer } from '../support/server';
import { admittedKiosk, connectDesk, connectDevice, type Device, seeded } from '../support/clients';
import { requestTemplates } from '../support/request-templates';

/** Values a careless or hostile client might put anywhere. */
const ODD: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 60), '', ' ', 'x'.repeat(600), '\u202e\u0000\u0007', '𠮷'.repeat(40), '0'.repeat(64), 'A'.repeat(86) + '==', [], [null], [1, 'a', {}], {}, { a: { b: { c: [] } } }, 'demo', 'demo-interview', '2026001', '面试室A', 'q1', 'q6'];

export function mutate(template: unknown, r: () => number): unknown {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const roll = r();
  if (roll < 0.3) return structuredClone(template);
  if (roll < 0.8 && template && typeof template === 'object' && !Array.isArray(template)) {
    const out = structuredClone(template) as Record<string, unknown>;
    const keys = Object.keys(out);
    const target = keys.length > 0 && r() < 0.85 ? pick(keys) : `extra${Math.floor(r() * 3)}`;
    const inner = out[target];
    if (r() < 0.2) delete out[target];
    else if (inner && typeof inner === 'object' && !Array.isArray(inner) && r() < 0.6) out[target] = mutate(inner, r);
    else out[target] = structuredClone(pick(ODD));
    return out;
  }
  return pick([null, 42, 'garbage', [1, 2], {}, { payload: 'x'.repeat(600_000) }, ...ODD]);
}

type Role = 'desk' | 'kiosk' | 'marker' | 'examiner' | 'supervisor' | 'escort' | 'contributor' | 'organiser' | 'reviewer' | 'pending';

export interface FuzzReport {
  seed: number;
  messages: number;
  accepted: number;
  refused: Record<string, number>;
  /** Refusals with code `internal`, and requests the server never answered: each one a fault. */
  internalErrors: string[];
  timeouts: string[];
  /** Codes outside the protocol's list. */
  unknownCodes: string[];
  /** Refused messages after which the log or the answers had changed. */
  changedOnRefusal: string[];
  /** Lines the server logged for a request that failed inside it. */
  serverErrorLines: number;
  /** role and request pairs sent at least once */
  pairs: number;
  /** of those, pairs where the role may send the request (each reaches its handler) */
  ownPairs: number;
  /** devices cut off by an accepted revocation or a desk-code change, replaced by a new one of the same role */
  replaced: number;
}

/**
 * The fuzzer (docs/protocol.md's every request, from every role): seeded, so a run is reproduced
 * from its seed. Each message is a request's well-formed template, mutated or not; it is sent from
 * a random device (three times in four a request its role may send) and must be answered with a protocol code, never `internal`, and a refusal must
 * change nothing (the log and the stored answers are compared before and after). A device cut off
 * by an accepted message (a revocation, a desk-code change) is replaced by a new one of its role, so
 * that a long run keeps reaching every role.
 */
export async function runFuzzer(t: TestServer, o: { messages: number; seed: number; onProgress?: (done: number, report: FuzzReport) => void }): Promise<FuzzReport> {
  const desk0 = await connectDesk(t.url, t.server.ctx.deskCode);
  await desk0.req('desk:overview', {});
  let desk = desk0;
  const all: Device[] = [];
  const track = (d: Device) => (all.push(d), d);
  const deskNow = async () => {
    if (!desk.socket.connected) desk = track(await connectDesk(t.url, t.server.ctx.deskCode));
    return desk;
  };
  const day = { dayId: 'demo-interview', person: '测试' };
  const extraOf: Record<Exclude<Role, 'desk' | 'kiosk' | 'pending'>, Record<string, string>> = {
    marker: {},
    examiner: { ...day, room: '面试室A' },
    supervisor: { ...day, room: '面试室A' },
    escort: day,
    contributor: day,
    organiser: { person: '测试' },
    reviewer: { person: '测试' },
  };
  const make = async (role: Role, slot: number): Promise<Device> => {
    if (role === 'desk') return deskNow();
    if (role === 'pending') return track(await connectDevice(t.url, 'tablet'));
    if (role === 'kiosk') {
      const seat = slot === 1 ? '01' : '02';
      const k = track(await admittedKiosk(t.url, await deskNow(), 'demo', seat));
      await k.req('candidate:sign-in', { ticket: seat === '01' ? '2026001' : '2026002' }).catch(() => undefined);
      return k;
    }
    const d = track(await connectDevice(t.url, 'tablet'));
    await (await deskNow()).req('desk:admit', { deviceId: d.status.deviceId, role, fingerprint: d.status.fingerprint, ...extraOf[role] });
    return d;
  };
  const roles: Role[] = ['desk', 'kiosk', 'kiosk', 'marker', 'examiner', 'supervisor', 'escort', 'contributor', 'organiser', 'reviewer', 'pending'];
  const devices: Array<{ role: Role; device: Device }> = [];
  for (const [slot, role] of roles.entries()) devices.push({ role, device: await make(role, slot) });

  const db = t.server.ctx.db;
  /**
   * What any accepted request changes: every state change is on the log (append-only: its last
   * entry, found by the key, says whether anything was added), and autosaves are rows with revisions.
   */
  const digest = async () => {
    const log = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const answers = await db.selectFrom('answers').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('rev').as('revs')]).executeTakeFirstOrThrow();
    return JSON.stringify([log, answers, t.server.ctx.deskCode]);
  };
  const report: FuzzReport = { seed: o.seed, messages: 0, accepted: 0, refused: {}, internalErrors: [], timeouts: [], unknownCodes: [], changedOnRefusal: [], serverErrorLines: 0, pairs: 0, ownPairs: 0, replaced: 0 };
  const pairs = new Set<string>();
  const ownPairs = new Set<string>();
  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    if (String(args[0]).startsWith('request ')) report.serverErrorLines++;
    originalError(...args);
  };
  try {
    const r = seeded(o.seed);
    const names = Object.keys(REQUESTS) as RequestName[];
    const allowed = new Map(roles.map((role) => [role, names.filter((n) => (REQUESTS[n].roles as readonly string[]).includes(role))]));
    const templates = requestTemplates(t, { admit: devices.find((d) => d.role === 'pending')!.device, revoke: devices[2]!.device });
    for (let i = 0; i < o.messages; i++) {
      const slot = Math.floor(r() * devices.length);
      let { role, device } = devices[slot]!;
      // Three times in four a request the device's role may send (so that most messages reach a
      // handler, not only the role check), else any request at all.
      const own = allowed.get(role)!;
      const name = own.length > 0 && r() < 0.75 ? own[Math.floor(r() * own.length)]! : names[Math.floor(r() * names.length)]!;
      const payload = mutate(templates[name], r);
      if (!device.socket.connected) {
        device = await make(role, slot);
        devices[slot] = { role, device };
        report.replaced++;
      }
      pairs.add(`${role} ${name}`);
      if (own.includes(name)) ownPairs.add(`${role} ${name}`);
      const before = await digest();
      const what = () => `#${i} ${role} ${name} ${JSON.stringify(payload)?.slice(0, 200)}`;
      report.messages++;
      try {
        await request(device.socket, name, payload as never, 15_000);
        report.accepted++;
      } catch (err) {
        if (!(err instanceof RequestError)) {
          if (device.socket.connected) report.timeouts.push(what());
          continue;
        }
        const code = err.code;
        if (!(ERROR_CODES as readonly string[]).includes(code)) report.unknownCodes.push(`${what()}: ${code}`);
        if (code === 'internal') report.internalErrors.push(what());
        report.refused[code] = (report.refused[code] ?? 0) + 1;
        if ((await digest()) !== before) report.changedOnRefusal.push(`${what()} (${code})`);
      }
      if (o.onProgress && (i + 1) % 10_000 === 0) o.onProgress(i + 1, { ...report, pairs: pairs.size, ownPairs: ownPairs.size });
    }
  } finally {
    console.error = originalError;
    for (const d of [...all, ...devices.map((x) => x.device)]) d.close();
  }
  report.pairs = pairs.size;
  report.ownPairs = ownPairs.size;
  return report;
}

const FUZZ_ROLES = ['desk', 'kiosk', 'marker', 'examiner', 'supervisor', 'escort', 'contributor', 'organiser', 'reviewer', 'pending'];
/** How many role and request pairs there are to reach, and how many of them a role may send. */
export const PAIRS_POSSIBLE = FUZZ_ROLES.length * Object.keys(REQUESTS).length;
export const OWN_PAIRS_POSSIBLE = FUZZ_ROLES.reduce((n, role) => n + Object.values(REQUESTS).filter((spec) => (spec.roles as readonly string[]).includes(role)).length, 0);
