import type { Challenge, DeviceAuthStatement, DeviceKind, Handshake } from '../protocol/auth';
import { PROTOCOL_VERSION } from '../protocol/version';
import { toBase64 } from '../encoding/bytes';
import { signingBytes } from '../crypto/hash';
import { generateSoftKeyPair, signEd25519, type SoftKeyPair } from '../crypto/ed25519';

/** Whatever holds a device's private key: a non-extractable WebCrypto key, or a key in memory. */
export interface DeviceSigner {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** A signer over a key held in memory (tests, the benchmark, CLI tools). */
export function softSigner(pair: SoftKeyPair = generateSoftKeyPair()): DeviceSigner & { pair: SoftKeyPair } {
  return { pair, publicKey: pair.publicKey, sign: async (m) => signEd25519(pair.secretKey, m) };
}

/** A signer over a WebCrypto Ed25519 key pair (the private key can be non-extractable). */
export async function webCryptoSigner(keys: CryptoKeyPair): Promise<DeviceSigner> {
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
  return { publicKey, sign: async (m) => new Uint8Array(await crypto.subtle.sign('Ed25519', keys.privateKey, m as Uint8Array<ArrayBuffer>)) };
}

export interface HandshakeOptions {
  baseUrl: string;
  signer: DeviceSigner;
  kind: DeviceKind;
  label?: string;
  deskCode?: string;
  fetchImpl?: typeof fetch;
}

/** Fetches a fresh challenge and signs it: the `auth` of one socket.io (re)connection. */
export async function makeHandshake(o: HandshakeOptions): Promise<Handshake> {
  const res = await (o.fetchImpl ?? fetch)(`${o.baseUrl}/api/auth/challenge`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`challenge: HTTP ${res.status}`);
  const { challenge } = (await res.json()) as Challenge;
  const publicKey = toBase64(o.signer.publicKey);
  const statement: DeviceAuthStatement = { challenge, publicKey, kind: o.kind, protocol: PROTOCOL_VERSION };
  const signature = toBase64(await o.signer.sign(signingBytes('device-auth', statement)));
  return {
    protocol: PROTOCOL_VERSION,
    kind: o.kind,
    publicKey,
    challenge,
    signature,
    ...(o.label ? { label: o.label } : {}),
    ...(o.deskCode ? { deskCode: o.deskCode } : {}),
  };
}

/**
 * socket.io's `auth` option as a function, so that every reconnection signs a new challenge
 * (a challenge is good for one connection only).
 */
export function handshakeAuth(o: HandshakeOptions): (cb: (data: object) => void) => void {
  return (cb) => {
    makeHandshake(o).then(cb, () => cb({}));
  };
}
