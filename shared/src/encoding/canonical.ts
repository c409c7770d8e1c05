import { Utf8Slab, utf8Room } from './utf8-slab';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * JCS serialises primitives exactly as ECMAScript's JSON.stringify does and sorts object keys by
 * their UTF-16 code units, which is what Array.prototype.sort does on strings by default.
 */
export function canonicalize(value: unknown): string {
  return alreadyInOrder(value, false) ? JSON.stringify(value) : encode(value, false, true);
}

/**
 * The canonical JSON of an object of the protocol, refusing in the same pass any number that is
 * not a safe integer (signed and hashed objects carry no floats: docs/protocol.md §2).
 */
export function canonicalizeIntegers(value: unknown): string {
  return alreadyInOrder(value, true) ? JSON.stringify(value) : canonicalizeBySorting(value, true, true);
}

/**
 * Whether JSON.stringify gives the canonical text of the value as it stands: plain objects and
 * arrays only, every object's keys already in their canonical order, every number one that
 * `encode` accepts, nothing JSON.stringify would drop or turn into null where `encode` would throw.
 * Objects parsed from canonical text (a bundle, a stored sheet) pass, and then the engine's own
 * serialiser does the work: a bundle's log is hundreds of thousands of objects. Any value that does
 * not pass goes through `encode`, which the tests hold this shortcut to.
 */
function alreadyInOrder(value: unknown, integers: boolean): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return integers ? Number.isSafeInteger(value) : Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (v !== undefined && !alreadyInOrder(v, integers)) return false;
        }
        return true;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const obj = value as Record<string, unknown>;
      let previous: string | undefined;
      for (const k in obj) {
        if (previous !== undefined && !(previous < k)) return false;
        previous = k;
        const v = obj[k];
        if (v !== undefined && !alreadyInOrder(v, integers)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * The canonical text by sorting every object's keys: the reference the shortcut above must equal.
 * With `parts`, members already in order are serialised by the engine (what the shortcut does for
 * a whole value, done for each part).
 */
export function canonicalizeBySorting(value: unknown, integers = false, parts = false): string {
  try {
    return encode(value, integers, parts);
  } catch (err) {
    if (err === NOT_AN_INTEGER) assertNoFloats(value); // names the path
    throw err;
  }
}

const NOT_AN_INTEGER = new TypeError('signed data carries only safe integers');

function encode(value: unknown, integers: boolean, parts: boolean): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS cannot encode NaN or Infinity');
    if (integers && !Number.isSafeInteger(value)) throw NOT_AN_INTEGER;
    return JSON.stringify(value);
  }
  // Loops and concatenation rather than map/join: this runs over every log entry of a bundle.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + encodePart(value[i] === undefined ? null : value[i], integers, parts);
    return out + ']';
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    let out = '{';
    let first = true;
    for (const k of keys) {
      const v = obj[k];
      if (v === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(k) + ':' + encodePart(v, integers, parts);
      first = false;
    }
    return out + '}';
  }
  throw new TypeError(`JCS cannot encode a value of type ${typeof value}`);
}

/**
 * A member of an array or object: a part already in canonical order (most of a bundle, parsed from
 * canonical text, put into a new object) is left to the engine's serialiser, as the whole value is
 * in `canonicalize`; the rest is encoded key by key.
 */
function encodePart(value: unknown, integers: boolean, parts: boolean): string {
  return parts && alreadyInOrder(value, integers) ? JSON.stringify(value) : encode(value, integers, parts);
}

/**
 * Canonical texts already computed, by object, as text or as UTF-8 bytes: a verifier encodes each
 * signed object once for its signature and finds it here when the same object is hashed again inside
 * a larger one (a board, a bundle). Only for objects that are not changed afterwards — a parsed bundle
 * is never changed.
 */
export type CanonicalMemo = WeakMap<object, string | Uint8Array>;

/**
 * UTF-8 texts kept in a few large buffers rather than as strings: tens of megabytes of a verifier's
 * signed objects, which the JavaScript heap would otherwise copy at each collection while they live.
 * The buffers are shared where the host can share them, so the threads that verify the signatures
 * read the texts where they are.
 */
export class Utf8Store {
  private slab = new Utf8Slab(0);

  /** The text as UTF-8, in the store. */
  keep(text: string): Uint8Array {
    if (!this.slab.fits(text)) this.slab = new Utf8Slab(Math.max(1 << 22, utf8Room(text)));
    return this.slab.write(text);
  }
}

/** Below this depth `canonicalPieces` gives arrays and objects member by member; deeper values whole. */
const PIECE_DEPTH = 6;

/**
 * The canonical text of an object of the protocol (as `canonicalizeIntegers`, the same text or the
 * same refusal) given to `emit` piece by piece, so that a hash of a very large object (a bundle of
 * tens of megabytes) never holds its text as one string; a value in `memo` is given as it was kept
 * (text, or UTF-8 bytes).
 */
export function canonicalPieces(value: unknown, emit: (piece: string | Uint8Array) => void, memo?: CanonicalMemo, depth = 0): void {
  if (value !== null && typeof value === 'object') {
    const known = memo?.get(value);
    if (known !== undefined) return emit(known);
    if (depth < PIECE_DEPTH) {
      if (Array.isArray(value)) {
        emit('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) emit(',');
          canonicalPieces(value[i] === undefined ? null : value[i], emit, memo, depth + 1);
        }
        return emit(']');
      }
      const obj = value as Record<string, unknown>;
      let first = true;
      emit('{');
      for (const k of Object.keys(obj).sort()) {
        const v = obj[k];
        if (v === undefined) continue;
        emit((first ? '' : ',') + JSON.stringify(k) + ':');
        first = false;
        canonicalPieces(v, emit, memo, depth + 1);
      }
      return emit('}');
    }
  }
  emit(canonicalizeIntegers(value));
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
