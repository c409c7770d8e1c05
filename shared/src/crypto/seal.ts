import nacl from 'tweetnacl';
import { fromBase64, randomBytes, toBase64, toHex } from '../encoding/bytes';
import { taggedHash } from './hash';

/** A 32-byte paper key encrypts one paper with XSalsa20-Poly1305 (nacl.secretbox). */
export const PAPER_KEY_BYTES = nacl.secretbox.keyLength;

export interface SecretBox {
  /** base64 of the 24-byte nonce */
  nonce: string;
  /** base64 of the secretbox output (ciphertext with its 16-byte authenticator) */
  ciphertext: string;
}

export function newPaperKey(): Uint8Array {
  return randomBytes(PAPER_KEY_BYTES);
}

export function sealBytes(key: Uint8Array, plaintext: Uint8Array): SecretBox {
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  return { nonce: toBase64(nonce), ciphertext: toBase64(nacl.secretbox(plaintext, nonce, key)) };
}

/** Opens a secretbox; returns null if the key is wrong or the ciphertext was altered. */
export function openBytes(key: Uint8Array, box: SecretBox): Uint8Array | null {
  if (key.length !== PAPER_KEY_BYTES) return null;
  return nacl.secretbox.open(fromBase64(box.ciphertext), fromBase64(box.nonce), key);
}

/** The commitment to a paper key that the sealed file carries: hex SHA-256 under the `paper-key` tag. */
export function keyCommitment(key: Uint8Array): string {
  return toHex(taggedHash('paper-key', key));
}
