/** Small byte helpers that work the same in Node and in browsers. */

/** The two hex digits of each byte value, and each hex digit's value (-1: not a hex digit). */
const HEX_PAIRS = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Lower-case hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]!]!;
  return out;
}

/** Bytes from hex (either case); throws on odd length or a non-hex character. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new Error('not a hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(hex.charCodeAt(2 * i));
    const lo = hexValue(hex.charCodeAt(2 * i + 1));
    if ((hi | lo) < 0) throw new Error('not a hex string');
    out[i] = (hi << 4) | lo;
  }
  return out;
}
const hexValue = (code: number): number => (code < 128 ? HEX_VALUE[code]! : -1);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64_CODES[i]!] = i;
const PAD = '='.charCodeAt(0);
/** Characters turned into a string at a time (String.fromCharCode's argument count stays small). */
const CHUNK = 8192;

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  const codes = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    codes[o++] = B64_CODES[n >> 18]!;
    codes[o++] = B64_CODES[(n >> 12) & 63]!;
    codes[o++] = B64_CODES[(n >> 6) & 63]!;
    codes[o++] = B64_CODES[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    codes[o++] = B64_CODES[n >> 18]!;
    codes[o++] = B64_CODES[(n >> 12) & 63]!;
    codes[o++] = rest === 2 ? B64_CODES[(n >> 6) & 63]! : PAD;
    codes[o++] = PAD;
  }
  let out = '';
  for (let c = 0; c < codes.length; c += CHUNK) out += String.fromCharCode(...codes.subarray(c, c + CHUNK));
  return out;
}

/**
 * Decodes standard base64 (padding required, no white space); throws on anything else, and on a
 * non-canonical form (bits after the last byte that are not zero), so that each byte string has
 * exactly one accepted text.
 */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('not a base64 string');
  const pad = text.length === 0 ? 0 : text.charCodeAt(text.length - 1) !== PAD ? 0 : text.charCodeAt(text.length - 2) === PAD ? 2 : 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const full = text.length - (pad > 0 ? 4 : 0);
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = b64Value(text.charCodeAt(i));
    const b = b64Value(text.charCodeAt(i + 1));
    const c = b64Value(text.charCodeAt(i + 2));
    const d = b64Value(text.charCodeAt(i + 3));
    if ((a | b | c | d) < 0) throw new Error('not a base64 string');
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (pad > 0) {
    const a = b64Value(text.charCodeAt(full));
    const b = b64Value(text.charCodeAt(full + 1));
    const c = pad === 1 ? b64Value(text.charCodeAt(full + 2)) : 0;
    if ((a | b | c) < 0) throw new Error('not a base64 string');
    const n = (a << 18) | (b << 12) | (c << 6);
    if ((pad === 2 ? n & 0xffff : n & 0xff) !== 0) throw new Error('not a canonical base64 string');
    out[o++] = n >> 16;
    if (pad === 1) out[o++] = (n >> 8) & 255;
  }
  return out;
}
const b64Value = (code: number): number => (code < 128 ? B64_VALUE[code]! : -1);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Whether `fromBase64` takes this text: standard base64, padded, in its one canonical form. */
export function isBase64(text: string): boolean {
  try {
    fromBase64(text);
    return true;
  } catch {
    return false;
  }
}

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Constant-time equality for secrets and hashes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Cryptographically random bytes (WebCrypto in browsers, Node's webcrypto in Node). */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  globalThis.crypto.getRandomValues(out);
  return out;
}
