import { ExamError, PROTOCOL_VERSION, fromBase64, handshakeSchema, isAcceptablePublicKey, type DeviceAuthStatement } from '@exam/shared';
import { timingSafeEqual } from 'node:crypto';
import type { ExamSocket, ServerContext } from '../context';
import { transact } from '../db/transact';
import { appendAudit } from '../audit/log';
import { verifyObjectFast } from '../identity/verify-fast';

/** Compares access codes as people type them: case, spaces and hyphens do not matter. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a.toUpperCase().replace(/[^0-9A-Z]/g, ''));
  const y = Buffer.from(b.toUpperCase().replace(/[^0-9A-Z]/g, ''));
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The connection's proof of key: the device signs a fresh, single-use server challenge with its
 * Ed25519 key. The socket is then bound to that device and can act for no other.
 * A device seen for the first time is registered as pending until the desk admits it.
 */
export async function authenticate(ctx: ServerContext, socket: ExamSocket): Promise<void> {
  const parsed = handshakeSchema.safeParse(socket.handshake.auth);
  if (!parsed.success) throw new ExamError('unauthenticated', 'the connection must present a signed challenge');
  const h = parsed.data;
  if (h.protocol !== PROTOCOL_VERSION) throw new ExamError('protocol-version', `this server speaks protocol ${PROTOCOL_VERSION}, the device ${h.protocol}: reload the page`);
  if (!ctx.challenges.consume(h.challenge, ctx.now())) throw new ExamError('challenge-invalid', 'the challenge is unknown, used or expired');
  const publicKey = fromBase64(h.publicKey);
  if (!isAcceptablePublicKey(publicKey)) throw new ExamError('key-refused', 'this public key is not acceptable (wrong length, not on the curve, or of small order)');
  const statement: DeviceAuthStatement = { challenge: h.challenge, publicKey: h.publicKey, kind: h.kind, protocol: h.protocol };
  if (!verifyObjectFast(publicKey, 'device-auth', statement, fromBase64(h.signature))) throw new ExamError('signature-invalid', 'the challenge signature does not verify');

  const deskByCode = h.kind === 'desk' && h.deskCode !== undefined && sameSecret(h.deskCode, ctx.deskCode);
  if (h.kind === 'desk' && h.deskCode !== undefined && !deskByCode) throw new ExamError('forbidden', 'the desk access code is wrong');
  const device = await transact(ctx.db, async (tx, after) => {
    const now = ctx.now();
    let d = await ctx.devices.register(tx, h.publicKey, h.kind, h.label ?? null, now);
    if (d.created_at === now && d.status === 'pending') await appendAudit(tx, 'device.registered', d.id, { deviceId: d.id, kind: d.kind, fingerprint: d.fingerprint, label: d.label });
    if (deskByCode && !(d.status === 'admitted' && d.role === 'desk')) {
      d = await ctx.devices.update(tx, d, { status: 'admitted', role: 'desk', admitted_at: now });
      // Admitted by the desk access code it presented: the device itself is the actor.
      await appendAudit(tx, 'device.admitted', d.id, { deviceId: d.id, role: 'desk', fingerprint: d.fingerprint, publicKey: d.public_key, label: d.label, room: null, seat: null, dayId: null, person: null });
    }
    after(() => ctx.devices.remember(d));
    return d;
  });
  socket.data.deviceId = device.id;
}
