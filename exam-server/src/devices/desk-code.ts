import { timingSafeEqual } from 'node:crypto';
import { ExamError, randomBytes, toBase32, type DeskDevices } from '@exam/shared';
import { isLoopback, type Limits } from './limits';
import type { ServerContext } from '../context';

/** Compares access codes as people type them: case, spaces and hyphens do not matter. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a.toUpperCase().replace(/[^0-9A-Z]/g, ''));
  const y = Buffer.from(b.toUpperCase().replace(/[^0-9A-Z]/g, ''));
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new desk access code: 40 random bits, `XXXX-XXXX` in Crockford base32. */
export const newDeskCode = (): string => toBase32(randomBytes(5)).replace(/(.{4})/, '$1-');

/**
 * Wrong desk access codes, limited per device key and per address: past the limit a device or an
 * address is refused without the code being compared at all, until the window has passed. The desk
 * is shown every refusal (the latest 20 and the count), and each is on the log.
 */
export class DeskCodeGuard {
  private total = 0;
  private readonly recent: DeskDevices['deskCodeRefusals']['recent'] = [];

  constructor(
    private readonly limits: Limits,
    private readonly ctx: () => Pick<ServerContext, 'hits'>,
  ) {}

  // Counted with every process on the same database (devices/hit-counter.ts).
  private get byKey() {
    return this.ctx().hits('desk-code-by-key', this.limits.deskCodeWindowMs);
  }
  private get byAddress() {
    return this.ctx().hits('desk-code-by-address', this.limits.deskCodeWindowMs);
  }

  private exempt(address: string) {
    return this.limits.exemptLoopback && isLoopback(address);
  }

  /** Throws `too-many-attempts` when this key or address has used up its attempts. */
  async assertAllowed(publicKey: string, address: string, now: number): Promise<void> {
    const minutes = Math.ceil(this.limits.deskCodeWindowMs / 60_000);
    if ((await this.byKey.count(publicKey, now)) >= this.limits.deskCodePerKey || (!this.exempt(address) && (await this.byAddress.count(address, now)) >= this.limits.deskCodePerAddress)) {
      throw new ExamError('too-many-attempts', `too many wrong desk access codes from this device or address: wait ${minutes} minutes, or ask the invigilator for the code`);
    }
  }

  /** Records a wrong code; returns how many this key has used in the window. */
  async refused(publicKey: string, fingerprint: string, address: string, now: number): Promise<number> {
    const attempts = await this.byKey.add(publicKey, now);
    const byAddress = this.exempt(address) ? 0 : await this.byAddress.add(address, now);
    this.total++;
    this.recent.unshift({ at: now, fingerprint, address, locked: attempts >= this.limits.deskCodePerKey || byAddress >= this.limits.deskCodePerAddress });
    this.recent.length = Math.min(this.recent.length, 20);
    return attempts;
  }

  summary(): DeskDevices['deskCodeRefusals'] {
    return { total: this.total, recent: [...this.recent] };
  }
}
