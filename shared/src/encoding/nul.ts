/**
 * Where a value holds the character U+0000 (in a string or an object's key), as a path like
 * `form.name` or `ratings.3`, or null when it holds none. No text the protocol carries may contain
 * it (docs/protocol.md §1): PostgreSQL cannot store it in text, and no person types it.
 */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '(the value)' : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], path ? `${path}.${i}` : String(i));
      if (found !== null) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) return at;
    const found = nulPath(v, at);
    if (found !== null) return found;
  }
  return null;
}
