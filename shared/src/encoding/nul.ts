/**
 * Where a value holds the character U+0000 (in a string or an object's key), as a path like
 * `form.name` or `ratings.3`, or null when it holds none. No text the protocol carries may contain
 * it (docs/protocol.md §1): PostgreSQL cannot store it in text, and no person types it.
 */
export function nulPath(value: unknown, path = ''): string | null {
  // Every message passes here: looked for without building a path first, the path only when found.
  return holdsNul(value) ? pathToNul(value, path) : null;
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (holdsNul(value[i])) return true;
    return false;
  }
  const obj = value as Record<string, unknown>;
  for (const k in obj) if (Object.hasOwn(obj, k) && (k.includes('\u0000') || holdsNul(obj[k]))) return true;
  return false;
}

function pathToNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(the value)' : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathToNul(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) return at;
    const found = pathToNul(v, at);
    if (found !== null) return found;
  }
  return null;
}
