import { sheetHash, type ScoreSheet } from '../interview/score-sheet';
import { Utf8Store, canonicalizeIntegers } from '../encoding/canonical';
import { AdmissionTimeline } from '../protocol/signers';
import type { AnswerKey, Paper } from '../papers/paper';
import type { InterviewSet } from '../interview/questions';
import type { Bundle, BundleAuditEntry, BundleBody } from './bundle';
import type { SignatureJob } from './signatures';
import type { SupervisorsBundle } from './supervisors-bundle';
import type { Post } from '../selection/selection';
import type { PostOutcomeLike, SeatAdmission } from '../selection/admission';
import type { EvaluationSource } from '../ranking/selection-ranking';

/** What the supervisors kept themselves, to hold the bundle against (docs/bundle.md, steps 3 and 4). */
export interface KeptByTheSupervisors {
  /** Fingerprints written on the paper ceremony sheets: each must be a key the log admitted. */
  fingerprints?: string[];
  /**
   * Checkpoints they cosigned or wrote down: the log must hold this hash at this entry. A hash written
   * by hand may be a prefix of at least 32 hex digits (128 bits). One exported from a supervisor's
   * tablet also carries the phase, the supervisor's key and the cosignature, which are checked too.
   */
  checkpoints?: Array<{ seq: number; hash: string; phase?: string; supervisorKey?: string; signature?: string }>;
  /**
   * What they wrote on the evaluation's ceremony sheet for each group's card list, as `exam
   * ballot-codes` printed it: the number of cards and at least the first 32 hex digits of the list's hash.
   */
  ballotLists?: Array<{ evaluationId: string; group: string; count: number; hash: string }>;
  /**
   * What they wrote at the evaluation's close for each group: the cards handed out (from the
   * sign-in sheet), the cards missing and the unused cards counted. Without them, a server could
   * leave ballots off the board and call their cards missing or unused.
   */
  ballotCloses?: Array<{ evaluationId: string; group: string; handedOut: number; missing: number; unused: number }>;
}

/**
 * A selection as step 13 derives it from the log: its posts, the published list (post → registration
 * ids), the ratio decisions, each active registration's posts in preference order, and the admissions
 * of its last seat draw (null before one).
 */
export interface SelectionFacts {
  /** The sequence number of its `selection.created`. */
  createdAt: number;
  posts: Post[];
  qualified: Record<string, string[]>;
  outcomes: PostOutcomeLike[];
  preference: ReadonlyMap<string, string[]>;
  admissions: SeatAdmission[] | null;
  /** The sequence number of the `seats.assigned` of the last draw that stands (not abandoned), which gave `admissions`: what names the persons comes after it. */
  admittedAt: number | null;
}

/** One written candidate's recomputed result (step 8, compared at step 9). */
export interface WrittenRow {
  ticket: string;
  objective: number;
  open: number | null;
  total: number | null;
}
/** One interviewed candidate's recomputed score (step 11, compared at step 12). */
export interface InterviewRow {
  ticket: string;
  lot: number;
  room: string;
  score: number | null;
}

/**
 * What the steps share: the parsed bundle, the log indexed by type, each key's admissions read from
 * the log, the signatures' verdicts, and what earlier steps derived for later ones (opened contents,
 * lots, recomputed rows). Nothing here is taken from the bundle on trust: each derived member says
 * from what it was derived.
 */
export class VerifyContext {
  readonly body: BundleBody;
  readonly timeline: AdmissionTimeline;
  private readonly byType = new Map<string, BundleAuditEntry[]>();
  private readonly verdicts = new Map<string, boolean>();
  readonly jobs: Array<SignatureJob & { id: string }> = [];
  private readonly sheetHashes = new Map<object, string>();

  /** Opened at step 6: contents by seal id. */
  readonly papers = new Map<string, Paper>();
  readonly answerKeys = new Map<string, AnswerKey>();
  readonly questionSets = new Map<string, InterviewSet>();
  /** Step 5: the log entry that recorded each person-signed object (by its job id), when its signer was admitted for it then. */
  readonly admittedSigner = new Set<string>();
  /** Step 10: each day's lots from its last completed draw, ticket → lot. */
  readonly lots = new Map<string, Map<string, number>>();
  /** Steps 8 and 11: the recomputed rows. */
  readonly written = new Map<string, WrittenRow[]>();
  readonly interview = new Map<string, InterviewRow[]>();
  /** Step 13: each selection as the log gives it, for the ranking (step 15). */
  readonly selections = new Map<string, SelectionFacts>();
  /** Step 14: each evaluation's settings, its count recomputed from the board once closed, and whether it stands. */
  readonly evaluations = new Map<string, EvaluationSource>();

  /** The canonical text of every signed object (UTF-8), encoded once for its signature and found again when a board or the bundle is hashed. */
  readonly canonical = new WeakMap<object, Uint8Array>();

  /** `object_hash("bundle", body')`: set by the verifier once the people's signatures are on their way. */
  bundleHash = '';

  constructor(
    readonly bundle: Bundle,
    readonly kept: KeptByTheSupervisors,
    /** The supervisors' bundle, held to its schema (step 13), or null when none was given. */
    readonly supervisors: SupervisorsBundle | null = null,
  ) {
    this.body = bundle.body;
    for (const e of this.body.log) {
      const list = this.byType.get(e.type);
      if (list) list.push(e);
      else this.byType.set(e.type, [e]);
    }
    this.timeline = new AdmissionTimeline(this.body.log);
  }

  /** The log's entries of one type, in log order. */
  logOf(...types: string[]): BundleAuditEntry[] {
    if (types.length === 1) return this.byType.get(types[0]!) ?? [];
    return types.flatMap((t) => this.byType.get(t) ?? []).sort((a, b) => a.seq - b.seq);
  }

  private readonly indexes = new Map<string, Map<unknown, BundleAuditEntry>>();

  /** The first entry of these types whose payload member `field` equals `value` (indexed on first use). */
  findLogged(types: readonly string[], field: string, value: unknown): BundleAuditEntry | undefined {
    for (const t of types) {
      let index = this.indexes.get(`${t}\u0000${field}`);
      if (!index) {
        index = new Map();
        for (const e of this.byType.get(t) ?? []) if (!index.has(e.payload[field])) index.set(e.payload[field], e);
        this.indexes.set(`${t}\u0000${field}`, index);
      }
      const e = index.get(value);
      if (e) return e;
    }
    return undefined;
  }

  /** Adds a signature to the batch under an id that names the object (e.g. `sheet:<hash>`). */
  addJob(id: string, job: SignatureJob): SignatureJob & { id: string } {
    const added = { id, ...job };
    this.jobs.push(added);
    return added;
  }

  /**
   * A signed object's canonical JSON, or null when it cannot be encoded (it then does not verify):
   * the signatures' encoder, which keeps each text for the hashes of the boards and the bundle.
   */
  readonly encode = (j: SignatureJob): Uint8Array | null => {
    const o = j.object;
    const kept = o !== null && typeof o === 'object' ? this.canonical.get(o) : undefined;
    if (kept !== undefined) return kept;
    let text: Uint8Array;
    try {
      text = this.texts.keep(canonicalizeIntegers(o));
    } catch {
      return null;
    }
    if (o !== null && typeof o === 'object') this.canonical.set(o, text);
    return text;
  };
  private readonly texts = new Utf8Store();

  /** The verdicts of every job, in the order they were added. */
  setVerdicts(v: boolean[]): void {
    this.jobs.forEach((j, i) => this.verdicts.set(j.id, v[i] === true));
  }

  /** Whether the signature added under `id` verifies. */
  signed(id: string): boolean {
    return this.verdicts.get(id) === true;
  }

  /** A score sheet's identity, computed once. */
  hashOf(sheet: ScoreSheet): string {
    let h = this.sheetHashes.get(sheet);
    if (!h) this.sheetHashes.set(sheet, (h = sheetHash(sheet)));
    return h;
  }
}

export const short = (h: string) => `${h.slice(0, 12)}…`;
