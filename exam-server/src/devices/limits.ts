/**
 * What an unauthenticated or misbehaving client can make the server do and keep. Every path a
 * device reaches before it is admitted is bounded in rate and in the state it leaves behind; the
 * numbers are settings so a venue (or a test) can change them.
 */
export interface Limits {
  /** Wrong desk access codes allowed per device key, and per address, within the window. */
  deskCodePerKey: number;
  deskCodePerAddress: number;
  deskCodeWindowMs: number;
  /** Devices waiting for admission: at most this many at once, and per address; forgotten after the time-to-live once offline. */
  pendingMax: number;
  pendingPerAddress: number;
  pendingTtlMs: number;
  /** Sockets one key may hold open while it is not admitted (waiting, or revoked): a page's windows, not a flood. */
  socketsPerWaitingKey: number;
  /** Connection challenges one address may fetch per minute. */
  challengesPerAddressPerMinute: number;
  /** A kiosk's incidents of one kind within this time are counted into one entry; at most this many entries per seat and session. */
  incidentCoalesceMs: number;
  incidentsPerSeat: number;
  /**
   * The server's own machine (127.0.0.1, ::1) is exempt from the per-address limits: it is where
   * the invigilator's desk runs and where the benchmark's simulated kiosks come from.
   */
  exemptLoopback: boolean;
}

export const DEFAULT_LIMITS: Limits = {
  deskCodePerKey: 5,
  deskCodePerAddress: 20,
  deskCodeWindowMs: 15 * 60_000,
  pendingMax: 5000,
  pendingPerAddress: 50,
  pendingTtlMs: 30 * 60_000,
  socketsPerWaitingKey: 4,
  challengesPerAddressPerMinute: 600,
  incidentCoalesceMs: 10_000,
  incidentsPerSeat: 100,
  exemptLoopback: true,
};

export const isLoopback = (address: string): boolean => /^(127\.|::1$|::ffff:127\.)/.test(address);

/** Events per key within a sliding window, keeping at most `capacity` keys (the oldest go first). */
export class WindowCounter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    private readonly windowMs: number,
    private readonly capacity = 10_000,
  ) {}

  count(key: string, now: number): number {
    const list = this.hits.get(key);
    if (!list) return 0;
    while (list.length > 0 && list[0]! <= now - this.windowMs) list.shift();
    if (list.length === 0) this.hits.delete(key);
    return list.length;
  }

  add(key: string, now: number): number {
    const n = this.count(key, now);
    const list = this.hits.get(key) ?? [];
    list.push(now);
    this.hits.delete(key);
    this.hits.set(key, list);
    if (this.hits.size > this.capacity) this.hits.delete(this.hits.keys().next().value!);
    return n + 1;
  }
}
