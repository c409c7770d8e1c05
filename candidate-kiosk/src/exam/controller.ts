import { io, type Socket } from 'socket.io-client';
import {
  RequestError,
  fromBase64,
  handshakeAuth,
  objectHash,
  openSealedPaper,
  request,
  sealedFileSchema,
  type AnswerValue,
  type DeviceStatus,
  type Paper,
  type PaperLayout,
  type SealedFile,
  type SignInResult,
  type SignedReceipt,
  type Timing,
} from '@exam/shared';
import { deviceSigner } from '../device/key';
import { BoothController } from '../voting/booth';
import { clearJournal, readJournal, rememberTicket, rememberedTicket, writeJournal, type Journal } from './journal';

export type Phase = 'starting' | 'enrol' | 'booth' | 'sign-in' | 'waiting' | 'answering' | 'paused' | 'submitted' | 'closed';

export interface KioskState {
  phase: Phase;
  connected: boolean;
  device: DeviceStatus | null;
  fingerprint: string;
  nonExtractable: boolean;
  signIn: SignInResult | null;
  paper: Paper | null;
  layout: PaperLayout | null;
  answers: Record<string, AnswerValue>;
  pending: number;
  lastSavedAt: number | null;
  timing: Timing | null;
  /** server time − local time, from the last timing the server sent */
  clockOffset: number;
  announcements: Array<{ text: string; at: number }>;
  receipt: SignedReceipt | null;
  error: { code: string; message: string } | null;
  sealedReady: boolean;
  /** Local time of the last tick: it changes four times a second, so the clocks on screen move. */
  clock: number;
  /** Changes not accepted because the exam was over when they reached the server. */
  lostAfterClose: number;
}

const TEXT_DEBOUNCE_MS = 600;

/**
 * The kiosk's engine, apart from the screens: the connection, sign-in, the sealed paper, the
 * autosave with its local journal, the clock the server runs, and handing in.
 */
export class KioskController {
  state: KioskState = {
    phase: 'starting',
    connected: false,
    device: null,
    fingerprint: '',
    nonExtractable: false,
    signIn: null,
    paper: null,
    layout: null,
    answers: {},
    pending: 0,
    lastSavedAt: null,
    timing: null,
    clockOffset: 0,
    announcements: [],
    receipt: null,
    error: null,
    sealedReady: false,
    clock: Date.now(),
    lostAfterClose: 0,
  };
  private readonly listeners = new Set<() => void>();
  private socket!: Socket;
  private sealed: SealedFile | null = null;
  private journal: Journal | null = null;
  private debounce = new Map<string, ReturnType<typeof setTimeout>>();
  private inFlight = new Map<string, Promise<void>>();
  private submitting = false;
  private resumedAfterLoad = false;
  /** Set when the kiosk is admitted as a voting booth or a teller's station: then it holds no candidate at all. */
  booth: BoothController | null = null;

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(patch: Partial<KioskState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  async start(baseUrl = location.origin, kind: 'kiosk' | 'phone' = 'kiosk'): Promise<void> {
    const { signer, nonExtractable } = await deviceSigner();
    this.set({ nonExtractable });
    this.socket = io(baseUrl, {
      transports: ['websocket'],
      auth: handshakeAuth({ baseUrl, signer, kind }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
    this.socket.on('connect', () => this.set({ connected: true, error: null }));
    this.socket.on('disconnect', () => this.set({ connected: false }));
    this.socket.on('connect_error', (err: Error & { data?: { code: string; message: string } }) => {
      this.set({ connected: false, error: err.data ?? { code: 'offline', message: err.message } });
      // A refusal by the server's check (not a network failure) stops socket.io's own retries;
      // retry the passing ones (a challenge lost in a restart), not a revoked device or a wrong code.
      if (!this.socket.active && ['unauthenticated', 'challenge-invalid', 'internal'].includes(err.data?.code ?? '')) setTimeout(() => this.socket.connect(), 2000);
    });
    this.socket.on('device:status', (s: DeviceStatus) => void this.onStatus(s));
    this.socket.on('exam:key', (m: { sessionId: string; key: string; startedAt: number }) => {
      // The start signal: the end is the start plus the duration and whatever extra time was given.
      const t = this.state.timing;
      if (t && t.startedAt === null) {
        this.set({ clockOffset: m.startedAt - Date.now(), timing: { ...t, startedAt: m.startedAt, serverNow: m.startedAt, endsAt: m.startedAt + t.durationMinutes * 60_000 + t.extraMs + t.pausedMs } });
      }
      void this.onKey(m.key);
    });
    this.socket.on('exam:timing', (t: Timing) => this.onTiming(t));
    this.socket.on('exam:announcement', (a: { text: string; at: number }) => this.set({ announcements: [...this.state.announcements, a] }));
    this.socket.on('exam:submitted', (r: SignedReceipt) => void this.onSubmitted(r));
    setInterval(() => this.tick(), 250);
  }

  private async onStatus(s: DeviceStatus): Promise<void> {
    this.set({ device: s, fingerprint: s.fingerprint });
    // Not (or no longer) admitted: nothing of a candidate stays on the screen.
    if (s.status !== 'admitted') {
      this.booth?.cancel();
      this.booth = null;
      return this.set({ phase: 'enrol', signIn: null, paper: null, layout: null, answers: {}, receipt: null });
    }
    // A voting booth or a teller's station: no ticket, no paper, no journal — the evaluation's screens alone.
    if (s.role === 'booth' || s.role === 'teller') {
      if (this.booth?.state.mode !== s.role) {
        this.booth?.cancel();
        this.booth = new BoothController(this.socket, s.role);
      }
      return this.set({ phase: 'booth', signIn: null, paper: null, layout: null, answers: {}, receipt: null });
    }
    if (s.sessionId && !this.sealed) void this.prefetch(s.sessionId);
    const ticket = this.state.signIn?.candidate.ticket ?? (await rememberedTicket());
    if (ticket) {
      const afterLoad = !this.state.signIn;
      for (let attempt = 0; attempt < 10; attempt++) {
        await this.signIn(ticket, true);
        // A passing failure (the server restarting, no answer in time) is tried again.
        if (this.state.signIn || !this.socket.connected || (this.state.error && this.state.error.code !== 'offline' && this.state.error.code !== 'internal')) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      // The page was reloaded (or the kiosk restarted) with a candidate signed in: the desk hears of it.
      if (afterLoad && this.state.signIn && !this.resumedAfterLoad && this.state.phase === 'answering') {
        this.resumedAfterLoad = true;
        this.incident('reloaded');
      }
    }
    else if (this.state.phase === 'starting' || this.state.phase === 'enrol') this.set({ phase: 'sign-in' });
  }

  /** Downloads the sealed paper well before the start: only the key travels at the signal. */
  private async prefetch(sessionId: string): Promise<void> {
    for (let attempt = 0; attempt < 20 && !this.sealed; attempt++) {
      try {
        const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/sealed-paper`, { cache: 'no-store' });
        if (res.ok) {
          this.sealed = sealedFileSchema.parse(await res.json());
          this.set({ sealedReady: true });
          return;
        }
      } catch {
        /* try again */
      }
      await new Promise((r) => setTimeout(r, 1000 + attempt * 500));
    }
  }

  async signIn(ticket: string, automatic = false): Promise<void> {
    try {
      const r = await request(this.socket, 'candidate:sign-in', { ticket: ticket.trim() });
      await rememberTicket(r.candidate.ticket);
      const j = (await readJournal(r.session.id)) ?? { ticket: r.candidate.ticket, sessionId: r.session.id, pending: {}, lastRev: 0 };
      const answers: Record<string, AnswerValue> = {};
      for (const a of r.answers) answers[a.questionId] = a.value;
      const serverRev = new Map(r.answers.map((a) => [a.questionId, a.rev]));
      // An answer the server once acknowledged but no longer holds (it was restored from an older
      // backup) is sent again, like one it never got.
      for (const [q, e] of Object.entries(j.acked ?? {})) {
        if (e.rev > (serverRev.get(q) ?? 0) && e.rev > (j.pending[q]?.rev ?? 0)) j.pending[q] = e;
      }
      for (const [q, e] of Object.entries(j.pending)) {
        if (e.rev > (serverRev.get(q) ?? 0)) answers[q] = e.value;
        else delete j.pending[q];
      }
      j.lastRev = Math.max(j.lastRev, r.lastRev);
      this.journal = j;
      await writeJournal(j);
      this.set({ signIn: r, answers, receipt: r.receipt, error: null, pending: Object.keys(j.pending).length });
      this.onTiming(r.timing);
      if (r.timing.closed || r.receipt) {
        // Over: what the server did not get before the close is not accepted; say so, keep nothing editable.
        const lost = Object.keys(j.pending).length;
        j.pending = {};
        await writeJournal(j);
        return this.set({ phase: r.receipt ? 'submitted' : 'closed', pending: 0, lostAfterClose: lost });
      }
      if (!this.sealed) await this.prefetch(r.session.id);
      if (r.key) await this.onKey(r.key);
      else this.set({ phase: 'waiting' });
      void this.flushPending();
    } catch (err) {
      if (automatic && err instanceof RequestError && ['unknown-ticket', 'wrong-seat'].includes(err.code)) await rememberTicket(null);
      this.set({ phase: this.state.signIn ? this.state.phase : 'sign-in', error: err instanceof RequestError ? err.body : { code: 'offline', message: String(err) } });
    }
  }

  private async onKey(keyB64: string): Promise<void> {
    if (this.state.paper || !this.state.signIn) return;
    if (!this.sealed) await this.prefetch(this.state.signIn.session.id);
    const opened = this.sealed && openSealedPaper(fromBase64(keyB64), this.sealed.box, this.state.signIn.seed);
    if (!opened) return this.set({ error: { code: 'key-mismatch', message: 'the key does not open the paper' } });
    this.set({ paper: opened.paper, layout: opened.layout, phase: this.state.receipt ? 'submitted' : this.state.timing?.pausedAt ? 'paused' : 'answering' });
  }

  private onTiming(t: Timing): void {
    const phase = this.state.phase;
    const next: Partial<KioskState> = { timing: t, clockOffset: t.serverNow - Date.now() };
    if (t.closed && phase !== 'submitted') next.phase = 'closed';
    else if (t.pausedAt !== null && phase === 'answering') next.phase = 'paused';
    else if (t.pausedAt === null && phase === 'paused') next.phase = 'answering';
    this.set(next);
  }

  private async onSubmitted(r: SignedReceipt): Promise<void> {
    this.set({ receipt: r, phase: 'submitted', pending: 0 });
    if (this.journal) await clearJournal(this.journal.sessionId);
  }

  /** Server time now, as this kiosk best knows it. */
  serverNow(): number {
    return Date.now() + this.state.clockOffset;
  }

  remainingMs(): number | null {
    const t = this.state.timing;
    if (!t?.endsAt) return null;
    return t.pausedAt !== null ? t.endsAt - t.serverNow : t.endsAt - this.serverNow();
  }

  private tick(): void {
    const left = this.remainingMs();
    if (this.state.phase === 'answering' && left !== null && left <= 0 && !this.submitting) void this.submit();
    if (this.state.phase === 'waiting' || this.state.phase === 'answering' || this.state.phase === 'paused') this.set({ clock: Date.now() });
  }

  setAnswer(questionId: string, value: AnswerValue, typing = false): void {
    if (this.state.phase !== 'answering' || !this.journal) return;
    const rev = ++this.journal.lastRev;
    this.journal.pending[questionId] = { value, rev };
    this.set({ answers: { ...this.state.answers, [questionId]: value }, pending: Object.keys(this.journal.pending).length });
    clearTimeout(this.debounce.get(questionId));
    if (typing) this.debounce.set(questionId, setTimeout(() => void this.persistAndSend(questionId), TEXT_DEBOUNCE_MS));
    else void this.persistAndSend(questionId);
  }

  private async persistAndSend(questionId: string): Promise<void> {
    this.debounce.delete(questionId);
    if (this.journal) await writeJournal(this.journal);
    await this.send(questionId);
  }

  private async send(questionId: string): Promise<void> {
    const j = this.journal;
    const entry = j?.pending[questionId];
    if (!j || !entry || !this.socket.connected) return;
    const run = request(this.socket, 'answer:save', { questionId, value: entry.value, rev: entry.rev }, 8000).then(
      async () => {
        if (entry.rev > ((j.acked ??= {})[questionId]?.rev ?? 0)) j.acked[questionId] = entry;
        if (j.pending[questionId]?.rev === entry.rev) delete j.pending[questionId];
        await writeJournal(j);
        this.set({ pending: Object.keys(j.pending).length, lastSavedAt: this.serverNow() });
      },
      (err: unknown) => {
        if (err instanceof RequestError) {
          if (err.code === 'paused') this.set({ phase: 'paused' });
          else this.set({ error: err.body });
        }
      },
    );
    this.inFlight.set(questionId, run);
    await run;
    this.inFlight.delete(questionId);
  }

  /** Sends every change the server has not acknowledged, oldest first. */
  async flushPending(): Promise<void> {
    const j = this.journal;
    if (!j) return;
    for (const [q, t] of this.debounce) {
      clearTimeout(t);
      this.debounce.delete(q);
    }
    await writeJournal(j);
    const order = Object.entries(j.pending).sort((a, b) => a[1].rev - b[1].rev);
    await Promise.all(order.map(([q]) => this.send(q)));
  }

  /** Hands in: everything saved first, then the hash of the final answers, checked by the server. */
  async submit(): Promise<void> {
    if (this.submitting || !this.state.signIn) return;
    this.submitting = true;
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        await this.flushPending();
        const { id } = this.state.signIn.session;
        const ticket = this.state.signIn.candidate.ticket;
        const answers = Object.fromEntries(Object.entries(this.state.answers).filter(([, v]) => v !== null));
        try {
          const receipt = await request(this.socket, 'answer:submit', { answersHash: objectHash('answers', { sessionId: id, ticket, answers }) });
          await this.onSubmitted(receipt);
          return;
        } catch (err) {
          if (!(err instanceof RequestError) || err.code !== 'conflict') throw err;
        }
      }
    } catch (err) {
      this.set({ error: err instanceof RequestError ? err.body : { code: 'offline', message: String(err) } });
    } finally {
      this.submitting = false;
    }
  }

  incident(kind: 'left-fullscreen' | 'lost-focus' | 'blocked-key' | 'reloaded', detail?: string): void {
    if (!this.state.signIn || !this.socket.connected) return;
    void request(this.socket, 'kiosk:incident', detail ? { kind, detail } : { kind }).catch(() => undefined);
  }
}
