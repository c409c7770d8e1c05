import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { canonicalPieces, canonicalizeIntegers, type CanonicalMemo } from '../encoding/canonical';
import { concatBytes, toHex, utf8 } from '../encoding/bytes';
import { PROTOCOL_VERSION, type ObjectType } from '../protocol/version';

let sha256Impl: (bytes: Uint8Array) => Uint8Array = (bytes) => nobleSha256(bytes);

/** SHA-256 fed piece by piece with text (as UTF-8) or bytes. */
export interface TextHasher {
  update(piece: string | Uint8Array): void;
  hex(): string;
}
let textHasherImpl = (): TextHasher => {
  const h = nobleSha256.create();
  return { update: (piece) => void h.update(typeof piece === 'string' ? utf8(piece) : piece), hex: () => toHex(h.digest()) };
};

/** SHA-256 of the bytes (FIPS 180-4): a pure-JavaScript implementation unless a native one is set. */
export const sha256 = (bytes: Uint8Array): Uint8Array => sha256Impl(bytes);

/**
 * Lets a host with a native SHA-256 (Node's crypto) use it for every hash of the protocol; it must
 * give the same bytes, which the tests check on the published examples. Browsers keep the portable one.
 */
export function useSha256(impl: (bytes: Uint8Array) => Uint8Array, hexOfTagged?: (tag: Uint8Array, text: string) => string, textHasher?: () => TextHasher): void {
  sha256Impl = impl;
  if (textHasher) textHasherImpl = textHasher;
  if (hexOfTagged) objectHashImpl = (type, object) => hexOfTagged(domainTag(type), canonicalizeIntegers(object));
}

/**
 * `object_hash` itself; a host with a native SHA-256 may hash the tag and the canonical text
 * without first joining them into one array (the same bytes: the tests hold it to the examples).
 */
let objectHashImpl = (type: ObjectType, object: unknown): string => toHex(sha256(signingBytes(type, object)));

const tags = new Map<ObjectType, Uint8Array>();

/** The domain tag: `exam/v<protocol version>/<type>` then a 0x00 byte (docs/protocol.md). */
export function domainTag(type: ObjectType): Uint8Array {
  let tag = tags.get(type);
  if (!tag) tags.set(type, (tag = concatBytes(utf8(`exam/v${PROTOCOL_VERSION}/${type}`), new Uint8Array([0]))));
  return tag;
}

/**
 * The bytes that are signed or hashed for an object of the protocol: the domain tag, then the
 * RFC 8785 canonical JSON of the object in UTF-8. Throws if the object carries a float.
 */
export function signingBytes(type: ObjectType, object: unknown): Uint8Array {
  return concatBytes(domainTag(type), utf8(canonicalizeIntegers(object)));
}

/** SHA-256 of signingBytes, as lower-case hex. */
export function objectHash(type: ObjectType, object: unknown): string {
  return objectHashImpl(type, object);
}

/**
 * `object_hash` of a large object (a bundle, an evaluation's board), the same bytes as `objectHash`
 * hashed as they are encoded, piece by piece, never as one text; the canonical texts kept in
 * `memo` (a verifier's signed objects, encoded once for their signatures) are not encoded again.
 */
export function objectHashInPieces(type: ObjectType, object: unknown, memo?: CanonicalMemo): string {
  const h = textHasherImpl();
  // Short pieces (brackets, keys, numbers) are gathered into a few kilobytes; long ones (a signed
  // object's kept text) go to the hash as they are, never copied into a larger string.
  let small = `exam/v${PROTOCOL_VERSION}/${type}\u0000`;
  canonicalPieces(
    object,
    (piece) => {
      if (typeof piece !== 'string' || piece.length >= 512) {
        h.update(small);
        small = '';
        h.update(piece);
      } else if ((small += piece).length >= 8192) {
        h.update(small);
        small = '';
      }
    },
    memo,
  );
  h.update(small);
  return h.hex();
}

/** SHA-256 of the domain tag followed by raw bytes, as bytes. */
export function taggedHash(type: ObjectType, ...parts: Uint8Array[]): Uint8Array {
  return sha256(concatBytes(domainTag(type), ...parts));
}
