import type { TLSSocket } from 'node:tls';
import { ExamError, PROTOCOL_VERSION, fromBase64, handshakeSchema, nulPath, isAcceptablePublicKey, keyFingerprint, type DeviceAuthStatement } from '@exam/shared';
import { sameSecret } from '../devices/desk-code';
import type { ExamSocket, ServerContext } from '../context';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { verifyObjectFast } from '../identity/verify-fast';

/**
 * The connection's proof of key: the device signs a fresh, single-use server challenge with its
 * Ed25519 key. The socket is then bound to that device and can act for no other.
 * A device seen for the first time waits (in memory only) until the desk admits it. A desk access
 * code is compared only while its key and address have attempts left (devices/desk-code.ts).
 */
export async function authenticate(ctx: ServerContext, socket: ExamSocket): Promise<void> {
  const parsed = handshakeSchema.safeParse(socket.handshake.auth);
  if (!parsed.success) throw new ExamError('unauthenticated', 'the connection must present a signed challenge');
  if (nulPath(parsed.data) !== null) throw new ExamError('unauthenticated', 'the connection’s handshake holds the character U+0000');
  const h = parsed.data;
  if (h.protocol !== PROTOCOL_VERSION) throw new ExamError('protocol-version', `this server speaks protocol ${PROTOCOL_VERSION}, the device ${h.protocol}: reload the page`);
  if (!(await ctx.challenges.consume(h.challenge, ctx.now()))) throw new ExamError('challenge-invalid', 'the challenge is unknown, used or expired');
  const publicKey = fromBase64(h.publicKey);
  if (!isAcceptablePublicKey(publicKey)) throw new ExamError('key-refused', 'this public key is not acceptable (wrong length, not on the curve, or of small order)');
  const statement: DeviceAuthStatement = { challenge: h.challenge, publicKey: h.publicKey, kind: h.kind, protocol: h.protocol };
  if (!verifyObjectFast(publicKey, 'device-auth', statement, fromBase64(h.signature))) throw new ExamError('signature-invalid', 'the challenge signature does not verify');

  const address = socket.handshake.address;
  const now = ctx.now();
  if (h.kind === 'phone') {
    // A phone votes only where the venue allows it, over TLS, under the host name whose certificate
    // it trusts (the name it asked for in the handshake, SNI) — never over plain HTTP or an address.
    const tls = socket.request.socket as TLSSocket;
    if (!ctx.phones) throw new ExamError('forbidden', 'phones do not vote at this venue: vote at a booth');
    if (!tls.encrypted || tls.servername !== ctx.phones.host) throw new ExamError('forbidden', `phones vote only at https://${ctx.phones.host}/, never over plain HTTP or another address`);
    socket.data.deviceId = ctx.devices.phone(h.publicKey, now).id;
    return;
  }
  const fingerprint = keyFingerprint(publicKey);
  let deskByCode = false;
  if (h.kind === 'desk' && h.deskCode !== undefined) {
    await ctx.deskCodeGuard.assertAllowed(h.publicKey, address, now);
    deskByCode = sameSecret(h.deskCode, ctx.deskCode);
    if (!deskByCode) {
      const attempts = await ctx.deskCodeGuard.refused(h.publicKey, fingerprint, address, now);
      await transact(ctx.db, (tx) => appendAudit(tx, 'desk.code-refused', 'server', { fingerprint, address, attempts }));
      ctx.seats.devicesChanged();
      throw new ExamError('desk-code-wrong', 'the desk access code is wrong');
    }
  }
  let device = ctx.devices.register(h.publicKey, h.kind, h.label ?? null, address, now);
  if (deskByCode && !(device.status === 'admitted' && device.role === 'desk')) {
    device = await transact(ctx.db, async (tx, after) => {
      const d = await ctx.devices.update(tx, device, { status: 'admitted', role: 'desk', admitted_at: now });
      // Admitted by the desk access code it presented: the device itself is the actor.
      await appendAudit(tx, 'device.admitted', d.id, { deviceId: d.id, role: 'desk', fingerprint: d.fingerprint, publicKey: d.public_key, label: d.label, room: null, seat: null, dayId: null, person: null });
      after(() => ctx.devices.remember(d));
      return d;
    });
  }
  socket.data.deviceId = device.id;
  if (device.status === 'pending') socket.data.waiting = device;
}
