import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyFingerprint, signingBytes, toBase64, type ObjectType } from '@exam/shared';

/** The server's own Ed25519 key: it signs receipts (and later checkpoints and bundles). */
export interface ServerKey {
  publicKey: Uint8Array;
  publicKeyBase64: string;
  fingerprint: string;
  signObject(type: ObjectType, object: unknown): string;
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
}

/** Loads the key from the data folder, making it on first start (file mode 0600). */
export function loadServerKey(dataDir: string): ServerKey {
  const file = join(dataDir, 'server-key.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(readFileSync(file));
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return {
    publicKey,
    publicKeyBase64: toBase64(publicKey),
    fingerprint: keyFingerprint(publicKey),
    signObject: (type, object) => toBase64(new Uint8Array(sign(null, signingBytes(type, object), privateKey))),
  };
}
