import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { canonicalizeIntegers } from '../encoding/canonical';
import { concatBytes, toHex, utf8 } from '../encoding/bytes';
import { PROTOCOL_VERSION, type ObjectType } from '../protocol/version';

let sha256Impl: (bytes: Uint8Array) => Uint8Array = (bytes) => nobleSha256(bytes);

/** SHA-256 of the bytes (FIPS 180-4): a pure-JavaScript implementation unless a native one is set. */
export const sha256 = (bytes: Uint8Array): Uint8Array => sha256Impl(bytes);

/**
 * Lets a host with a native SHA-256 (Node's crypto) use it for every hash of the protocol; it must
 * give the same bytes, which the tests check on the published examples. Browsers keep the portable one.
 */
export function useSha256(impl: (bytes: Uint8Array) => Uint8Array, hexOfTagged?: (tag: Uint8Array, text: string) => string): void {
  sha256Impl = impl;
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

/** SHA-256 of the domain tag followed by raw bytes, as bytes. */
export function taggedHash(type: ObjectType, ...parts: Uint8Array[]): Uint8Array {
  return sha256(concatBytes(domainTag(type), ...parts));
}
