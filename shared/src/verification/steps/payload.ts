/**
 * Reading a log entry's payload as a hostile bundle may write it: a verifier never throws on it.
 * The log's schema says only that a payload is an object; each step reads its members through these.
 */

/** A payload's list of rows, or [] when it is not a list of objects (the check that uses it then fails). */
export const rowsOf = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x)) ? (v as Array<Record<string, unknown>>) : []);

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A payload's list of strings, or null when it is not one. */
export const stringsOf = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null);
