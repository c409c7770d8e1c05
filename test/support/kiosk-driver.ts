import { RequestError, request, type SignInResult } from '@exam/shared';
import type { Device } from './clients';

/** A kiosk driver that behaves like the real kiosk: it re-signs in after every reconnection and resends what was not acknowledged. */
export class KioskDriver {
  acked = new Map<string, { rev: number; value: string }>();
  pending = new Map<string, { rev: number; value: string }>();
  /** Every value this kiosk ever sent, by its revision (revisions are unique per candidate). */
  sent = new Map<number, string>();
  rev = 0;
  signIns: SignInResult[] = [];
  /** Why the last sign-in was refused, if it was (for a test's message). */
  lastRefusal: string | null = null;
  constructor(
    readonly device: Device,
    readonly ticket: string,
  ) {
    device.socket.on('device:status', () => void this.signIn());
  }
  async signIn(): Promise<SignInResult | undefined> {
    // Like the kiosk: keep trying while connected (the server may still be starting up).
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const r = await this.device.req('candidate:sign-in', { ticket: this.ticket });
        this.signIns.push(r);
        this.lastRefusal = null;
        this.rev = Math.max(this.rev, r.lastRev);
        for (const [q, p] of this.pending) void this.send(q, p);
        return r;
      } catch (err) {
        this.lastRefusal = err instanceof Error ? err.message : String(err);
        if (!this.device.socket.connected) return undefined;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    return undefined;
  }
  async save(questionId: string, value: string): Promise<void> {
    const entry = { rev: ++this.rev, value };
    this.sent.set(entry.rev, value);
    this.pending.set(questionId, entry);
    await this.send(questionId, entry);
  }
  private async send(questionId: string, entry: { rev: number; value: string }): Promise<void> {
    try {
      // A short wait: a save unanswered when the server is killed is simply sent again later (saves are idempotent).
      await request(this.device.socket, 'answer:save', { questionId, value: entry.value, rev: entry.rev }, 1500);
      if ((this.acked.get(questionId)?.rev ?? 0) < entry.rev) this.acked.set(questionId, entry);
      if (this.pending.get(questionId)?.rev === entry.rev) this.pending.delete(questionId);
    } catch (err) {
      if (err instanceof RequestError) throw err;
      // no answer (the server is gone): it stays pending and is sent again after the reconnection
    }
  }

  /** Types without pause — each keystroke a save, alternating between two questions — until `stop()` says so. */
  typeUntil(stop: () => boolean, questions: [string, string], label: string): Promise<void> {
    return (async () => {
      for (let n = 0; !stop(); n++) await this.save(questions[n % 2]!, `${label} keystroke ${n}`);
    })();
  }
}
