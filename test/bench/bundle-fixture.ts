import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseInterviewQuestions, sealInterview } from '@exam/server';
import {
  BUNDLE_FORMAT,
  bundleHash,
  deviceIdOf,
  competitionRanks,
  keyFingerprint,
  lotCandidatesHash,
  lotCommitStatement,
  lotCommitment,
  lotOrder,
  lotSeed,
  objectHash,
  panelScore,
  randomBytes,
  sheetHash,
  signingBytes,
  toHex,
  type Bundle,
  type BundleBody,
  type ObjectType,
  type ScoreSheet,
} from '@exam/shared';

function nodeKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const key = createPrivateKey(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  return { b64: raw.toString('base64'), raw: new Uint8Array(raw), sign: (type: ObjectType, obj: unknown) => sign(null, signingBytes(type, obj), key).toString('base64') };
}

/**
 * An honest bundle at scale, made directly (not through the server, which would take minutes):
 * an interview day with `rooms` rooms of five examiners, `sheets` signed score sheets, a draw
 * signed by the server, and a log padded to `logEntries` entries. verifyBundle must pass it.
 */
export async function bigBundle(sheets = 10_000, logEntries = 100_000, roomsCount = 20): Promise<Bundle> {
  const server = nodeKey();
  const dayId = 'bench-day';
  const set = parseInterviewQuestions(readFileSync(fileURLToPath(new URL('../../exam-server/src/demo/demo-interview.yaml', import.meta.url)), 'utf8'));
  const sealed = await sealInterview(set, { label: 'bench', threshold: 2, count: 3 });
  const rooms = Array.from({ length: roomsCount }, (_, i) => `room-${i + 1}`);
  const examiners = rooms.flatMap((room) => Array.from({ length: 5 }, (_, i) => ({ room, person: `${room} examiner ${i + 1}`, k: nodeKey() })));
  const candidateCount = Math.ceil(sheets / 5);
  const tickets = Array.from({ length: candidateCount }, (_, i) => `T${String(i + 1).padStart(5, '0')}`);
  const roomOf = (t: string) => rooms[Number(t.slice(1)) % rooms.length]!;
  const drawId = `${dayId}-draw-1`;
  const candidatesHash = lotCandidatesHash(drawId, tickets);
  const secret = toHex(randomBytes(32));
  const commitment = lotCommitment(drawId, server.b64, secret);
  const order = lotOrder(lotSeed(drawId, candidatesHash, [{ contributor: server.b64, secret }]), tickets);
  const transcript = { drawId, tickets: [...tickets].sort(), candidatesHash, contributors: [{ key: server.b64, name: 'server' }], commits: [{ contributor: server.b64, commitment, signature: server.sign('lot-commit', lotCommitStatement(drawId, candidatesHash, server.b64, commitment)) }], reveals: [{ contributor: server.b64, secret }], order };
  const lotOf = new Map(order.map((t, i) => [t, i + 1]));
  const devices: BundleBody['devices'] = examiners.map((e) => ({ id: deviceIdOf(e.k.raw), publicKey: e.k.b64, fingerprint: keyFingerprint(e.k.raw), kind: 'tablet', status: 'admitted', role: 'examiner', room: e.room, seat: null, dayId, person: e.person }));
  const log: Array<Omit<BundleBody['log'][number], 'hash' | 'prev' | 'seq'>> = [];
  const at = 1795000000000;
  const rule = { trimWhenAtLeast: 5, outlierDistance: 1000, announceOnSpot: false };
  log.push({ at, type: 'interview.day-created', actor: 'organiser', payload: { dayId, label: 'bench', holdingRoom: '候考室', finishedRoom: '候分室', questionsSealedHash: sealed.hash, rooms, rule, candidates: tickets.map((t) => ({ ticket: t, room: roomOf(t) })) } });
  for (const d of devices) log.push({ at, type: 'ceremony.key-admitted', actor: 'desk', payload: { deviceId: d.id, role: 'examiner', fingerprint: d.fingerprint, publicKey: d.publicKey, label: null, room: d.room, seat: null, dayId, person: d.person } });
  log.push({ at, type: 'interview-questions.opened', actor: 'desk', payload: { dayId, sealId: sealed.file.sealId, key: '', keyCommitment: sealed.file.keyCommitment, shares: [1, 2] } });
  log.push({ at, type: 'lot.draw-opened', actor: 'desk', payload: { dayId, drawId, attempt: 1, tickets: transcript.tickets, candidatesHash, contributors: transcript.contributors } });
  log.push({ at, type: 'lot.committed', actor: 'server', payload: { drawId, ...transcript.commits[0]! } });
  log.push({ at, type: 'lot.reveal-phase', actor: 'server', payload: { drawId } });
  log.push({ at, type: 'lot.revealed', actor: 'server', payload: { drawId, ...transcript.reveals[0]! } });
  log.push({ at, type: 'lot.drawn', actor: 'server', payload: { dayId, transcript } });
  const signed: BundleBody['days'][number]['sheets'] = [];
  const rows: BundleBody['results']['interview'][string] = [];
  for (const t of tickets) {
    const room = roomOf(t);
    const lot = lotOf.get(t)!;
    const totals: number[] = [];
    for (const [j, e] of examiners.filter((x) => x.room === room).entries()) {
      const items = set.questions.flatMap((q) => q.rubric.map((r, k) => ({ question: q.id, item: r.id, score: Math.floor(((r.max * (50 + ((lot + j + k) % 40))) / 100) / r.step) * r.step })));
      const sheet: ScoreSheet = { dayId, room, lot, items, total: items.reduce((s, x) => s + x.score, 0), examinerKey: e.k.b64, signedAt: at, nonce: toHex(randomBytes(16)) };
      signed.push({ sheet, signature: e.k.sign('score-sheet', sheet), countersign: null });
      log.push({ at, type: 'score.signed', actor: 'tablet', payload: { dayId, room, lot, hash: sheetHash(sheet), total: sheet.total, replaces: null, reason: null } });
      totals.push(sheet.total);
    }
    rows.push({ ticket: t, lot, room, score: panelScore(totals).score, rank: null });
  }
  rows.sort((a, b) => a.lot - b.lot);
  for (const room of rooms) {
    for (const [r, rank] of competitionRanks(rows.filter((x) => x.room === room), (x) => x.score)) r.rank = rank;
  }
  while (log.length < logEntries) log.push({ at, type: 'kiosk.incident', actor: 'kiosk', payload: { sessionId: 'bench', ticket: `T${log.length}`, seat: '01', kind: 'lost-focus', detail: null } });
  // The key is logged at the opening; the fixture fills it in now that the seal exists.
  const opened = log.find((e) => e.type === 'interview-questions.opened')!;
  const { combineShares, decodeShareCode, toBase64 } = await import('@exam/shared');
  const shares = sealed.shareCodes.slice(0, 2).map((c) => (decodeShareCode(c) as { ok: true; share: Parameters<typeof combineShares>[0][number] }).share);
  const key = toBase64(await combineShares(shares));
  opened.payload['key'] = key;
  let prev = '0'.repeat(64);
  const chained = log.map((e, i) => {
    const entry = { seq: i + 1, at: e.at, type: e.type, actor: e.actor, payload: e.payload, prev };
    const hash = objectHash('audit-entry', entry);
    prev = hash;
    return { ...entry, hash };
  });
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    serverKey: server.b64,
    rules: { rounding: 'half-away-from-zero/hundredths', protocol: 2 },
    devices,
    sealed: [{ file: sealed.file, key }],
    sessions: [],
    days: [
      {
        id: dayId,
        label: 'bench',
        questionsSealId: sealed.file.sealId,
        candidates: tickets.map((t) => ({ ticket: t, name: t, room: roomOf(t), lot: lotOf.get(t)! })),
        sheets: signed,
        conflicts: [],
      },
    ],
    log: chained,
    checkpoints: [],
    results: { written: {}, interview: { [dayId]: rows } },
  };
  return { body, signature: server.sign('bundle-statement', { bundleHash: bundleHash(body, objectHash) }) };
}
