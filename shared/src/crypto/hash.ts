import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { canonicalize, assertNoFloats } from '../encoding/canonical';
import { concatBytes, toHex, utf8 } from '../encoding/bytes';
import { PROTOCOL_VERSION, type ObjectType } from '../protocol/version';

let sha256Impl: (bytes: Uint8Array) => Uint8Array = (bytes) => nobleSha256(bytes);

/** SHA-256 of the bytes (FIPS 180-4): a pure-JavaScript implementation unless a native one is set. */
export const sha256 = (bytes: Uint8Array): Uint8Array => sha256Impl(bytes);

/**
 * Lets a host with a native SHA-256 (Node's crypto) use it for every hash of the protocol; it must
 * give the same bytes, which the tests check on the published examples. Browsers keep the portable one.
 */
export function useSha256(impl: (bytes: Uint8Array) => Uint8Array): void {
  sha256Impl = impl;
}

/** The domain tag: `exam/v<protocol version>/<type>` then a 0x00 byte (docs/protocol.md). */
export function domainTag(type: ObjectType): Uint8Array {
  return concatBytes(utf8(`exam/v${PROTOCOL_VERSION}/${type}`), new Uint8Array([0]));
}

/**
 * The bytes that are signed or hashed for an object of the protocol: the domain tag, then the
 * RFC 8785 canonical JSON of the object in UTF-8. Throws if the object carries a float.
 */
export function signingBytes(type: ObjectType, object: unknown): Uint8Array {
  assertNoFloats(object);
  return concatBytes(domainTag(type), utf8(canonicalize(object)));
}

/** SHA-256 of signingBytes, as lower-case hex. */
export function objectHash(type: ObjectType, object: unknown): string {
  return toHex(sha256(signingBytes(type, object)));
}

/** SHA-256 of the domain tag followed by raw bytes, as bytes. */
export function taggedHash(type: ObjectType, ...parts: Uint8Array[]): Uint8Array {
  return sha256(concatBytes(domainTag(type), ...parts));
}
