/** Crockford base32: digits and upper-case letters without I, L, O and U. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Encodes bytes as Crockford base32, most significant bit first, the last group zero-padded. */
export function toBase32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(acc >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(acc << (5 - bits)) & 31]!;
  return out;
}

/**
 * Normalises what a person typed: upper case, I and L read as 1, O as 0; spaces and hyphens
 * dropped. Returns null if a character is not in the alphabet (U included).
 */
export function normaliseBase32(typed: string): string | null {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s\-–—_]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  return /^[0-9A-HJKMNP-TV-Z]*$/.test(cleaned) ? cleaned : null;
}

/** Decodes exactly `byteLength` bytes from normalised Crockford base32. */
export function fromBase32(text: string, byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const c of text) {
    const v = CROCKFORD.indexOf(c);
    if (v < 0) throw new Error(`not a base32 character: ${c}`);
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      if (o < byteLength) out[o] = (acc >>> (bits - 8)) & 255;
      o++;
      bits -= 8;
    }
  }
  if (o < byteLength) throw new Error('base32 text too short');
  return out;
}
