import { randomBytes, toBase64 } from '@exam/shared';

/**
 * Fresh challenges a device must sign to connect. Each is single-use and short-lived, so a
 * captured handshake cannot be replayed.
 */
export class ChallengeStore {
  private readonly issued = new Map<string, number>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 50_000,
  ) {}

  issue(now = Date.now()): { challenge: string; expiresInMs: number } {
    if (this.issued.size >= this.max) this.sweep(now);
    if (this.issued.size >= this.max) this.issued.delete(this.issued.keys().next().value!);
    const challenge = toBase64(randomBytes(32));
    this.issued.set(challenge, now + this.ttlMs);
    return { challenge, expiresInMs: this.ttlMs };
  }

  /** True once for a challenge that was issued and has not expired; it is then gone. */
  consume(challenge: string, now = Date.now()): boolean {
    const expires = this.issued.get(challenge);
    this.issued.delete(challenge);
    return expires !== undefined && expires >= now;
  }

  private sweep(now: number): void {
    for (const [c, exp] of this.issued) if (exp < now) this.issued.delete(c);
  }
}
