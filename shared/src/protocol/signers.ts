import { deviceIdOf } from '../crypto/ed25519';
import { fromBase64 } from '../encoding/bytes';

/**
 * Who may sign what, and when (docs/bundle.md, step 5). A key signs an object of the protocol only
 * while it is admitted with the role the object needs, for the object's day and room: its admission
 * (`ceremony.key-admitted` or `device.admitted`, naming the key, the role, the day and the room) is
 * on the audit log before the entry that records the signed object, and no revocation of the key
 * (`device.revoked`) or other admission of it stands between them. The server checks the same rule
 * when it accepts a signed object; a verifier checks it on the log.
 */
export type SignerScope = 'day-and-room' | 'day-and-room-or-whole-day' | 'day' | 'venue';

export interface SignerRule {
  /** The roles whose keys may sign it. */
  roles: readonly string[];
  /** What the admission must match: the object's day and room, its day, or nothing more. */
  scope: SignerScope;
  /** The log entry types that record the signed object when the server accepts it. */
  loggedAs: readonly string[];
}

export const SIGNER_RULES = {
  'score-sheet': { roles: ['examiner'], scope: 'day-and-room', loggedAs: ['score.signed', 'score.correction-signed'] },
  'conflict-declaration': { roles: ['examiner'], scope: 'day-and-room', loggedAs: ['score.conflict-declared'] },
  'sheet-countersign': { roles: ['supervisor'], scope: 'day-and-room-or-whole-day', loggedAs: ['score.corrected'] },
  mark: { roles: ['marker'], scope: 'venue', loggedAs: ['mark.recorded'] },
  checkpoint: { roles: ['supervisor'], scope: 'venue', loggedAs: ['checkpoint.cosigned'] },
  'lot-commit': { roles: ['supervisor', 'contributor'], scope: 'day', loggedAs: ['lot.committed'] },
  'review-decision': { roles: ['reviewer'], scope: 'venue', loggedAs: ['review.signed'] },
  'recusal-declaration': { roles: ['reviewer'], scope: 'venue', loggedAs: ['recusal.declared'] },
  'marking-recusal': { roles: ['marker'], scope: 'venue', loggedAs: ['marking.recusal-declared'] },
  'interview-recusal': { roles: ['examiner'], scope: 'day', loggedAs: ['interview.recusal-declared'] },
} as const satisfies Record<string, SignerRule>;
export type SignedByPeople = keyof typeof SIGNER_RULES;

/** An admission as the log records it. */
export interface Admission {
  role: string;
  dayId: string | null;
  room: string | null;
  person: string | null;
}

/** Whether a key admitted as `a` may sign an object of this kind for this day and room. */
export function admissionAllows(rule: SignerRule, a: Admission | null, where: { dayId?: string | null; room?: string | null }): boolean {
  if (!a || !rule.roles.includes(a.role)) return false;
  switch (rule.scope) {
    case 'venue':
      return true;
    case 'day':
      return a.dayId === where.dayId;
    case 'day-and-room':
      return a.dayId === where.dayId && a.room === where.room;
    case 'day-and-room-or-whole-day':
      return a.dayId === where.dayId && (a.room === null || a.room === where.room);
  }
}

interface LogEntryLike {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Each key's admissions and revocations in log order, read from the log alone. `at(key, seq)` is the
 * admission in force just before entry `seq` (null when the key was not admitted then, or revoked).
 */
export class AdmissionTimeline {
  private readonly events = new Map<string, Array<{ seq: number; admission: Admission | null }>>();
  private readonly keyOfDevice = new Map<string, string>();

  constructor(log: readonly LogEntryLike[]) {
    for (const e of log) {
      if (e.type === 'ceremony.key-admitted' || e.type === 'device.admitted') {
        const key = str(e.payload['publicKey']);
        if (!key) continue; // a desk admitted by its access code: it signs nothing of the protocol
        this.keyOfDevice.set(str(e.payload['deviceId']) ?? '', key);
        const admission = { role: str(e.payload['role']) ?? '', dayId: str(e.payload['dayId']), room: str(e.payload['room']), person: str(e.payload['person']) };
        this.push(key, e.seq, admission);
      } else if (e.type === 'device.revoked') {
        const key = this.keyOfDevice.get(str(e.payload['deviceId']) ?? '');
        if (key) this.push(key, e.seq, null);
      }
    }
  }

  private push(key: string, seq: number, admission: Admission | null) {
    const list = this.events.get(key);
    if (list) list.push({ seq, admission });
    else this.events.set(key, [{ seq, admission }]);
  }

  /** The admission in force just before log entry `seq`. */
  at(key: string, seq: number): Admission | null {
    let found: Admission | null = null;
    for (const ev of this.events.get(key) ?? []) {
      if (ev.seq >= seq) break;
      found = ev.admission;
    }
    return found;
  }

  /** The admission in force at the end of the log. */
  last(key: string): Admission | null {
    return this.events.get(key)?.at(-1)?.admission ?? null;
  }

  /** Every admission of this key, in log order: the entry and the role. */
  admissions(key: string): Array<{ seq: number; role: string }> {
    return (this.events.get(key) ?? []).flatMap((ev) => (ev.admission ? [{ seq: ev.seq, role: ev.admission.role }] : []));
  }

  /** Every key the log ever admitted. */
  keys(): string[] {
    return [...this.events.keys()];
  }

  /** Whether the log names this key's device id as the one it admitted (the id is derived from the key). */
  static idMatches(deviceId: string, publicKey: string): boolean {
    try {
      return deviceIdOf(fromBase64(publicKey)) === deviceId;
    } catch {
      return false;
    }
  }
}
