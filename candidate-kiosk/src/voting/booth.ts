import {
  DIMENSIONS,
  RequestError,
  ballotKeyPair,
  ballotTracker,
  decodeBallotCode,
  request,
  signObject,
  toBase64,
  type Ballot,
  type Dimension,
  type EvaluationSettings,
  type RequestSocket,
} from '@exam/shared';

/**
 * A voting booth (测评投票机), or a teller's station entering paper ballots (计票录入机): a kiosk
 * admitted as `booth` or `teller` (docs/evaluation.md). The voter enters the card's code — a typo is
 * caught by its check character before anything is sent — rates every candidate, reviews, casts.
 * The station signs the ballot with the key the code derives. Nothing is written to the kiosk's
 * storage: the code and its key live in this object's memory only, and are forgotten the moment the
 * ballot is received, the voter cancels, or the booth has been left alone for two minutes.
 */
export type BoothMode = 'booth' | 'teller';
export type BoothStep = 'code' | 'rate' | 'review' | 'done';
export interface CandidateRating {
  overall?: string;
  dimensions: Partial<Record<Dimension, string>>;
}
export interface BoothState {
  mode: BoothMode;
  step: BoothStep;
  busy: boolean;
  settings: EvaluationSettings | null;
  group: string | null;
  ratings: Record<string, CandidateRating>;
  recommend: Record<string, string[]>;
  error: { code: string; message: string } | null;
  /** After a cast: what the server said (a booth: received; a teller: first, counted or mismatch). */
  outcome: 'received' | 'first' | 'counted' | 'mismatch' | null;
  /** The ballot's tracker, when the settings ask for trackers (booths only). */
  tracker: string | null;
  /** A teller's station shows the code's first group, so the teller can match it against the paper. */
  cardHead: string | null;
}

/** Left alone this long in the middle of a ballot, the booth forgets it and starts again. */
export const IDLE_MS = 120_000;
/** The confirmation stays this long before the booth is ready for the next voter. */
export const DONE_MS = 8_000;

const blank = (mode: BoothMode): BoothState => ({ mode, step: 'code', busy: false, settings: null, group: null, ratings: {}, recommend: {}, error: null, outcome: null, tracker: null, cardHead: null });

export class BoothController {
  state: BoothState;
  private secretKey: Uint8Array | null = null;
  private publicKey = '';
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly socket: RequestSocket,
    mode: BoothMode,
  ) {
    this.state = blank(mode);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  private set(patch: Partial<BoothState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
  /** Every touch restarts the idle clock; left alone mid-ballot, the booth forgets the ballot. */
  private touched(): void {
    clearTimeout(this.idle);
    if (this.state.step === 'rate' || this.state.step === 'review') this.idle = setTimeout(() => this.cancel(), IDLE_MS);
    if (this.state.step === 'done') this.idle = setTimeout(() => this.cancel(), DONE_MS);
  }
  /** Forgets the card: the key is overwritten, the ballot and the code's traces dropped. */
  private forget(): void {
    this.secretKey?.fill(0);
    this.secretKey = null;
    this.publicKey = '';
  }

  /** The code as typed or scanned: checked here first, then the server says which card it is. */
  async enterCode(typed: string): Promise<void> {
    if (this.state.busy) return;
    const d = decodeBallotCode(typed);
    if (!d.ok) return this.set({ error: { code: d.problem, message: d.message } });
    const pair = ballotKeyPair(d.payload);
    d.payload.fill(0);
    this.set({ busy: true, error: null });
    try {
      const card = await request(this.socket, 'booth:card', { key: toBase64(pair.publicKey) });
      if (card.spent) {
        pair.secretKey.fill(0);
        return this.set({ busy: false, error: { code: 'card-spent', message: 'this card has voted' } });
      }
      const { evaluations } = await request(this.socket, 'booth:evaluations', {});
      const settings = evaluations.find((e) => e.id === card.evaluationId);
      if (!settings) throw new RequestError({ code: 'session-state', message: 'voting is closed' });
      this.forget();
      this.secretKey = pair.secretKey;
      this.publicKey = toBase64(pair.publicKey);
      this.set({ busy: false, step: 'rate', settings, group: card.group, ratings: {}, recommend: {}, outcome: null, tracker: null, cardHead: this.state.mode === 'teller' ? d.code.slice(0, 5) : null });
      this.touched();
    } catch (err) {
      pair.secretKey.fill(0);
      this.set({ busy: false, error: err instanceof RequestError ? err.body : { code: 'offline', message: String(err) } });
    }
  }

  rate(ref: string, rating: string, dimension?: Dimension): void {
    const r = this.state.ratings[ref] ?? { dimensions: {} };
    const next = dimension ? { ...r, dimensions: { ...r.dimensions, [dimension]: rating } } : { ...r, overall: rating };
    this.set({ ratings: { ...this.state.ratings, [ref]: next }, error: null });
    this.touched();
  }

  /** Marks or unmarks a candidate for a post; a post takes at most its seats. */
  mark(post: string, ref: string, on: boolean): void {
    const p = this.state.settings?.recommendation.find((x) => x.post === post);
    if (!p) return;
    const now = this.state.recommend[post] ?? [];
    if (on && !now.includes(ref) && now.length >= p.seats) return this.set({ error: { code: 'too-many-marks', message: `at most ${p.seats}` } });
    this.set({ recommend: { ...this.state.recommend, [post]: on ? [...new Set([...now, ref])] : now.filter((x) => x !== ref) }, error: null });
    this.touched();
  }

  /** The candidates not yet fully rated (overall, and each dimension when asked), in the list's order. */
  unrated(): string[] {
    const s = this.state.settings;
    if (!s) return [];
    return s.candidates.filter((c) => {
      const r = this.state.ratings[c.ref];
      return !r?.overall || (s.dimensions && DIMENSIONS.some((d) => !r.dimensions[d]));
    }).map((c) => c.ref);
  }

  review(): void {
    if (this.unrated().length > 0) return this.set({ error: { code: 'unrated', message: 'every candidate must be rated' } });
    this.set({ step: 'review', error: null });
    this.touched();
  }
  back(): void {
    this.set({ step: 'rate', error: null });
    this.touched();
  }

  /** The ballot as the form says, in the settings' order; signed with the card's key; sent. */
  async cast(): Promise<void> {
    const s = this.state.settings;
    if (!s || !this.secretKey || this.state.busy || this.state.step !== 'review') return;
    const ballot: Ballot = {
      evaluationId: s.id,
      group: this.state.group!,
      key: this.publicKey,
      ratings: s.candidates.map((c) => {
        const r = this.state.ratings[c.ref]!;
        return s.dimensions ? { candidate: c.ref, overall: r.overall!, dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, r.dimensions[d]!])) as Record<Dimension, string> } : { candidate: c.ref, overall: r.overall! };
      }),
      recommend: s.recommendation.map((p) => ({ post: p.post, marked: p.candidates.filter((ref) => (this.state.recommend[p.post] ?? []).includes(ref)) })),
      paper: this.state.mode === 'teller',
    };
    const signature = toBase64(signObject(this.secretKey, 'ballot', ballot));
    this.set({ busy: true, error: null });
    try {
      let outcome: NonNullable<BoothState['outcome']> = 'received';
      if (this.state.mode === 'booth') await request(this.socket, 'booth:cast', { ballot, signature });
      else outcome = (await request(this.socket, 'teller:enter', { ballot, signature })).state;
      this.forget();
      this.set({ busy: false, step: 'done', outcome, tracker: s.tracker && this.state.mode === 'booth' ? ballotTracker(ballot) : null, ratings: {}, recommend: {} });
      this.touched();
    } catch (err) {
      const body = err instanceof RequestError ? err.body : { code: 'offline', message: String(err) };
      // A spent card or a closed evaluation: nothing more to do with this card. A passing failure: the voter may cast again.
      if (body.code === 'conflict' || body.code === 'session-state' || body.code === 'forbidden') {
        this.forget();
        this.set({ ...blank(this.state.mode), error: body });
      } else this.set({ busy: false, error: body });
    }
  }

  /** Back to the start for the next voter (or the next paper), the card forgotten. */
  cancel(): void {
    clearTimeout(this.idle);
    this.forget();
    this.set(blank(this.state.mode));
  }
}
