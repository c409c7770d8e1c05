import { deviceIdOf, keyFingerprint } from '../../crypto/ed25519';
import { fromBase64 } from '../../encoding/bytes';
import type { VerifyContext } from '../context';
import type { Step } from '../report';

const plain = (f: string) => f.toUpperCase().replace(/[^0-9A-Z]/g, '');

/**
 * Step 4: the key register agrees with the log. Every registered key's fingerprint and device id are
 * those of its key; its status, role, day, room and person are what its last admission or revocation on the
 * log says (desks, admitted by the desk access code, sign nothing and are left out); every key the log admitted is in the register. Each fingerprint written on a ceremony
 * sheet is that of a key the log admitted (or the server's own key).
 */
export function checkKeys(ctx: VerifyContext, s: Step): void {
  const { body, timeline } = ctx;
  const registered = new Set<string>();
  for (const d of body.devices) {
    registered.add(d.publicKey);
    const key = fromBase64(d.publicKey);
    s.check(keyFingerprint(key) === d.fingerprint && deviceIdOf(key) === d.id, () => `设备 ${d.id} 的编号或指纹与其密钥不符 · device ${d.id}: its id or fingerprint is not that of its key`);
    // A desk is admitted by the desk access code and signs nothing of the protocol.
    if (d.role === 'desk') continue;
    const last = timeline.last(d.publicKey);
    if (d.status === 'admitted') {
      s.check(!!last && last.role === d.role && last.dayId === d.dayId && last.room === d.room && last.person === (d.person ?? null), () => `密钥登记表称 ${d.fingerprint} 的准入与日志记录的角色、面试日、考场或持有人不一致 · the register says ${d.fingerprint} is admitted as ${d.role ?? '—'} (${d.dayId ?? 'no day'}, ${d.room ?? 'no room'}, ${d.person ?? 'no person'}); the log says ${last ? `${last.role} (${last.dayId ?? 'no day'}, ${last.room ?? 'no room'}, ${last.person ?? 'no person'})` : 'it is not admitted'}`);
    } else {
      s.check(last === null, () => `密钥登记表称 ${d.fingerprint} 的状态为 ${d.status}，而日志记录它仍以 ${last!.role} 身份准入 · the register says ${d.fingerprint} is ${d.status}; the log says it is admitted as ${last!.role}`);
    }
  }
  for (const key of timeline.keys()) s.check(registered.has(key), () => `日志中准入的密钥 ${key.slice(0, 12)}… 不在密钥登记表中 · the key ${key.slice(0, 12)}… admitted on the log is missing from the register`);
  for (const f of ctx.kept.fingerprints ?? []) {
    const known = [...timeline.keys(), body.serverKey].some((k) => plain(keyFingerprint(fromBase64(k))) === plain(f));
    s.check(known, () => `密钥仪式记录单上的指纹 ${f} 不是这份日志准入的任何密钥 · the fingerprint ${f} written on the ceremony sheet is not a key this log admitted`);
  }
  // And the other way: for each role the sheets list, every key the log admitted in that role is on them — or
  // a key the server admitted on its own (a marker, an examiner of its own) would count unseen. A role the sheets
  // do not list at all is left to the report's unproven list.
  for (const { role, keys, covered } of sheetRoles(ctx, ctx.kept.fingerprints ?? [])) {
    if (!covered) continue;
    for (const k of keys) s.check(k.onSheet, () => `第 ${k.seq} 条日志以 ${role} 身份准入的密钥 ${k.fingerprint} 不在密钥仪式记录单上，而记录单列有该身份的密钥 · the key ${k.fingerprint} admitted as ${role} at entry ${k.seq} is not on the ceremony sheets, which list the ${role} keys`);
  }
}

/** The roles whose keys sign what counts, as the key ceremony sheets list them (docs/bundle.md step 4). */
export const SHEET_ROLES = ['examiner', 'marker', 'supervisor', 'contributor', 'reviewer'] as const;

/**
 * Each of SHEET_ROLES the log admitted keys in: every such key (the first entry admitting it in that role,
 * its fingerprint, whether the fingerprints given hold it), and whether the role is on the sheets at all.
 */
export function sheetRoles(ctx: Pick<VerifyContext, 'timeline'>, fingerprints: readonly string[]): Array<{ role: string; keys: Array<{ seq: number; fingerprint: string; onSheet: boolean }>; covered: boolean }> {
  const given = new Set(fingerprints.map(plain));
  const byRole = new Map<string, Map<string, number>>();
  for (const key of ctx.timeline.keys()) {
    for (const a of ctx.timeline.admissions(key)) {
      if (!(SHEET_ROLES as readonly string[]).includes(a.role)) continue;
      const keys = byRole.get(a.role) ?? byRole.set(a.role, new Map()).get(a.role)!;
      if (!keys.has(key)) keys.set(key, a.seq);
    }
  }
  return [...byRole].map(([role, keys]) => {
    const listed = [...keys].map(([key, seq]) => {
      const fingerprint = keyFingerprint(fromBase64(key));
      return { seq, fingerprint, onSheet: given.has(plain(fingerprint)) };
    });
    return { role, keys: listed, covered: listed.some((k) => k.onSheet) };
  });
}
