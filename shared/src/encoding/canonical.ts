/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * JCS serialises primitives exactly as ECMAScript's JSON.stringify does and sorts object keys by
 * their UTF-16 code units, which is what Array.prototype.sort does on strings by default.
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS cannot encode NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map((v) => canonicalize(v === undefined ? null : v)).join(',') + ']';
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return '{' + keys.map((k) => JSON.stringify(k) + ':' + canonicalize(obj[k])).join(',') + '}';
  }
  throw new TypeError(`JCS cannot encode a value of type ${typeof value}`);
}

/**
 * Throws unless every number in the value is a safe integer. Signed and hashed objects of the
 * protocol carry no floats: points and scores are integers in hundredths.
 */
export function assertNoFloats(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`${path}: signed data carries only safe integers, got ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoFloats(v, `${path}[${i}]`));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertNoFloats(v, `${path}.${k}`);
  }
}
