import { createPrivateKey, createPublicKey, generateKeyPairSync, hkdfSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeOnce } from '../db/data-folder';
import { join } from 'node:path';
import { keyFingerprint, signingBytes, toBase64, type ObjectType } from '@exam/shared';

/** The server's own Ed25519 key: it signs receipts (and later checkpoints and bundles). */
export interface ServerKey {
  publicKey: Uint8Array;
  publicKeyBase64: string;
  fingerprint: string;
  signObject(type: ObjectType, object: unknown): string;
  /** A 32-byte key for `purpose`, derived from the server key (HKDF-SHA-256): the same in every process of the server. */
  derive(purpose: string): Uint8Array;
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
}

/** Loads the key from the data folder, making it on first start (file mode 0600). */
export function loadServerKey(dataDir: string): ServerKey {
  const file = join(dataDir, 'server-key.pem');
  // Made once: of several processes starting at once on a new data folder, one key wins and all read it.
  if (!existsSync(file)) writeOnce(file, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
  const privateKey = createPrivateKey(readFileSync(file));
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return {
    publicKey,
    publicKeyBase64: toBase64(publicKey),
    fingerprint: keyFingerprint(publicKey),
    signObject: (type, object) => toBase64(new Uint8Array(sign(null, signingBytes(type, object), privateKey))),
    derive: (purpose) => new Uint8Array(hkdfSync('sha256', privateKey.export({ format: 'der', type: 'pkcs8' }), new Uint8Array(0), `exam server key: ${purpose}`, 32)),
  };
}
