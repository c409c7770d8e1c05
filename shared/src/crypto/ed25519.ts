import nacl from 'tweetnacl';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { toBase32 } from '../encoding/base32';
import { fromHex, toHex } from '../encoding/bytes';
import { sha256, signingBytes } from './hash';
import type { ObjectType } from '../protocol/version';

/** The order of the Ed25519 base point, L = 2^252 + 27742317777372353535851937790883648493. */
const L = (1n << 252n) + 27742317777372353535851937790883648493n;

function littleEndianToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/**
 * True when the scalar S of a 64-byte signature is below L (RFC 8032 §5.1.7 step 1). tweetnacl 1.0.3
 * skips this check and so accepts malleated signatures (S + kL); every verify path guards it here.
 */
export function hasCanonicalS(signature: Uint8Array): boolean {
  return signature.length === 64 && littleEndianToBigInt(signature.subarray(32)) < L;
}

/**
 * True when the public key is a canonical encoding of a curve point that is not of small order.
 * Keys of small order let one signature verify for many messages; the product refuses them at
 * enrolment and at every verification.
 */
export function isAcceptablePublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  try {
    const point = ed25519.Point.fromBytes(publicKey);
    return !point.isSmallOrder();
  } catch {
    return false;
  }
}

/**
 * The y-coordinates of the eight points of small order (0, 1, p − 1 and the two of order 8), as
 * 32 bytes little-endian with the sign bit clear: a key whose y is one of them is of small order,
 * whatever its sign bit (with x = 0 a set sign bit is not even a canonical encoding).
 */
const SMALL_ORDER_Y: Uint8Array[] = [...new Set(ED25519_TORSION_SUBGROUP.map((h) => h.slice(0, 62) + (parseInt(h.slice(62), 16) & 0x7f).toString(16).padStart(2, '0')))].map(fromHex);

/**
 * `isAcceptablePublicKey` without its curve arithmetic: 32 bytes, y below p = 2^255 − 19, and y not
 * that of a point of small order. For a verifier that decodes the key as it verifies (OpenSSL):
 * a key that passes here and is not on the curve verifies nothing there, so the two answer alike,
 * at a tenth of the cost — which counts for an evaluation's 20,000 ballots, each under its own key.
 */
export function isAcceptableKeyEncoding(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  // y ≥ p only when the top byte (sign bit clear) is 0x7f, bytes 30…1 are 0xff and byte 0 ≥ 0xed.
  if ((publicKey[31]! & 0x7f) === 0x7f) {
    let high = true;
    for (let i = 30; i >= 1 && high; i--) high = publicKey[i] === 0xff;
    if (high && publicKey[0]! >= 0xed) return false;
  }
  return !isSmallOrderY(publicKey);
}

/** Whether the 32 bytes from `at` encode, whatever their sign bit, the y of a point of small order. */
function isSmallOrderY(bytes: Uint8Array, at = 0): boolean {
  for (const y of SMALL_ORDER_Y) {
    let same = (bytes[at + 31]! & 0x7f) === y[31];
    for (let i = 0; i < 31 && same; i++) same = bytes[at + i] === y[i];
    if (same) return true;
  }
  return false;
}

/**
 * True when a signature's R (its first 32 bytes) is a point of small order (docs/protocol.md §4,
 * check 4). Only the key's holder can make such a signature that verifies (R the identity, S = k·a),
 * and verifiers differ on it — libsodium refuses it, tweetnacl and OpenSSL accept it — so every path
 * of the product refuses it, and all answer alike.
 */
export function hasSmallOrderR(signature: Uint8Array): boolean {
  return signature.length === 64 && isSmallOrderY(signature, 0);
}

/**
 * Ed25519 verification that any implementation of the protocol must reproduce: RFC 8032 with
 * S < L enforced, canonical point encodings only, and small-order public keys and R refused.
 * Pure JavaScript (tweetnacl), so it runs in every browser and in Node.
 */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  if (!hasCanonicalS(signature) || hasSmallOrderR(signature)) return false;
  if (!isAcceptablePublicKey(publicKey)) return false;
  return nacl.sign.detached.verify(message, signature, publicKey);
}

/** An Ed25519 key pair for code that may hold its secret key in memory (tests, CLI, benchmark). */
export interface SoftKeyPair {
  publicKey: Uint8Array;
  /** tweetnacl's 64-byte secret key (seed followed by public key). */
  secretKey: Uint8Array;
}

export function generateSoftKeyPair(seed?: Uint8Array): SoftKeyPair {
  const pair = seed ? nacl.sign.keyPair.fromSeed(seed) : nacl.sign.keyPair();
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
}

export function signEd25519(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  return nacl.sign.detached(message, secretKey);
}

/** Signs the domain-tagged canonical encoding of an object of the protocol. */
export function signObject(secretKey: Uint8Array, type: ObjectType, object: unknown): Uint8Array {
  return signEd25519(secretKey, signingBytes(type, object));
}

/** Verifies a signature over the domain-tagged canonical encoding of an object. */
export function verifyObject(publicKey: Uint8Array, type: ObjectType, object: unknown, signature: Uint8Array): boolean {
  return verifyEd25519(publicKey, signingBytes(type, object), signature);
}

/**
 * The fingerprint people compare by eye: the first 10 bytes of SHA-256 of the raw public key in
 * Crockford base32, in four groups of four (e.g. `7K3Q-9XWZ-M2TB-4HCE`).
 */
export function keyFingerprint(publicKey: Uint8Array): string {
  const text = toBase32(sha256(publicKey).subarray(0, 10));
  return text.match(/.{4}/g)!.join('-');
}

/** A device's id: the hex of the first 12 bytes of SHA-256 of its raw public key (docs/protocol.md §4). */
export function deviceIdOf(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey).subarray(0, 12));
}
