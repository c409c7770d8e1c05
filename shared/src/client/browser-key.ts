import { generateSoftKeyPair } from '../crypto/ed25519';
import { softSigner, webCryptoSigner, type DeviceSigner } from './device-auth';

/** Where a browser keeps its key pair between visits (IndexedDB: CryptoKey objects survive structured cloning). */
export interface KeyStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/**
 * A browser device's Ed25519 key, made once and kept. Where WebCrypto has Ed25519 (a secure
 * context: the venue's HTTPS, or localhost) the private key is non-extractable: no script, this
 * page's included, can read it out. Elsewhere a key the page holds is the fallback, and says so.
 */
export async function browserDeviceSigner(storage: KeyStorage, name = 'device-key-v1'): Promise<{ signer: DeviceSigner; nonExtractable: boolean }> {
  const stored = (await storage.get(name)) as CryptoKeyPair | { secretKey: Uint8Array; publicKey: Uint8Array } | undefined;
  if (stored && 'privateKey' in stored) return { signer: await webCryptoSigner(stored), nonExtractable: true };
  if (stored && 'secretKey' in stored) return { signer: softSigner({ publicKey: stored.publicKey, secretKey: stored.secretKey }), nonExtractable: false };
  if (globalThis.isSecureContext && globalThis.crypto?.subtle) {
    try {
      const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      await storage.set(name, pair);
      return { signer: await webCryptoSigner(pair), nonExtractable: true };
    } catch {
      // this browser's WebCrypto has no Ed25519: fall through
    }
  }
  const soft = generateSoftKeyPair();
  await storage.set(name, soft);
  return { signer: softSigner(soft), nonExtractable: false };
}
