import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { fromBase64, toBase64 } from '@exam/shared';

/** Where used challenges are remembered until they expire: true the first time `challenge` is spent. */
export interface SpentChallenges {
  spend(challenge: string, expiresAt: number, now: number): Promise<boolean>;
}

/** One process (SQLite): in memory, swept of expired ones as it grows. */
export class SpentInMemory implements SpentChallenges {
  private readonly spent = new Map<string, number>();
  private nextSweep = 0;
  async spend(challenge: string, expiresAt: number, now: number): Promise<boolean> {
    if (now >= this.nextSweep) {
      for (const [c, exp] of this.spent) if (exp < now) this.spent.delete(c);
      this.nextSweep = now + 10_000;
    }
    if (this.spent.has(challenge)) return false;
    this.spent.set(challenge, expiresAt);
    return true;
  }
}

/**
 * Several processes (PostgreSQL): the table `spent_challenges` (migration 020, unlogged), on the
 * connections of its own pool, outside the write lock. Expired rows are removed once a minute.
 */
export class SpentInPostgres implements SpentChallenges {
  private nextSweep = 0;
  constructor(private readonly pool: pg.Pool) {}
  async spend(challenge: string, expiresAt: number, now: number): Promise<boolean> {
    if (now >= this.nextSweep) {
      this.nextSweep = now + 60_000;
      await this.pool.query('delete from spent_challenges where expires_at < $1', [now]);
    }
    const r = await this.pool.query('insert into spent_challenges (challenge, expires_at) values ($1, $2) on conflict do nothing', [challenge, expiresAt]);
    return r.rowCount === 1;
  }
}

const NONCE = 8;
const EXPIRY = 8;
const MAC = 16;

/**
 * Fresh challenges a device must sign to connect. Each is single-use and short-lived, so a
 * captured handshake cannot be replayed. A challenge carries its own proof of issue — 8 random
 * bytes, its expiry (ms, big-endian) and the first 16 bytes of an HMAC-SHA-256 of both under a key
 * derived from the server key — so any process of the server can check one another issued; only
 * spending it needs the store shared by the processes (`SpentChallenges`). To the device the 32
 * bytes are opaque.
 */
export class ChallengeStore {
  constructor(
    private readonly key: Uint8Array,
    private readonly spent: SpentChallenges,
    private readonly ttlMs = 60_000,
  ) {}

  private mac(body: Uint8Array): Buffer {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC);
  }

  issue(now = Date.now()): { challenge: string; expiresInMs: number } {
    const body = Buffer.alloc(NONCE + EXPIRY);
    randomBytes(NONCE).copy(body);
    body.writeBigUInt64BE(BigInt(now + this.ttlMs), NONCE);
    return { challenge: toBase64(new Uint8Array(Buffer.concat([body, this.mac(body)]))), expiresInMs: this.ttlMs };
  }

  /** True once for a challenge this server issued that has not expired; it is then spent. */
  async consume(challenge: string, now = Date.now()): Promise<boolean> {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64(challenge);
    } catch {
      return false;
    }
    if (bytes.length !== NONCE + EXPIRY + MAC) return false;
    const body = bytes.subarray(0, NONCE + EXPIRY);
    if (!timingSafeEqual(this.mac(body), bytes.subarray(NONCE + EXPIRY))) return false;
    const expiresAt = Number(Buffer.from(body).readBigUInt64BE(NONCE));
    if (expiresAt < now) return false;
    return this.spent.spend(challenge, expiresAt, now);
  }
}
