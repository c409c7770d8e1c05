import { timingSafeEqual } from 'node:crypto';
import { ExamError, randomBytes, toBase32, type DeskDevices } from '@exam/shared';
import { isLoopback, WindowCounter, type Limits } from './limits';

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
  private readonly byKey: WindowCounter;
  private readonly byAddress: WindowCounter;
  private total = 0;
  private readonly recent: DeskDevices['deskCodeRefusals']['recent'] = [];

  constructor(private readonly limits: Limits) {
    this.byKey = new WindowCounter(limits.deskCodeWindowMs);
    this.byAddress = new WindowCounter(limits.deskCodeWindowMs);
  }

  private exempt(address: string) {
    return this.limits.exemptLoopback && isLoopback(address);
  }

  /** Throws `too-many-attempts` when this key or address has used up its attempts. */
  assertAllowed(publicKey: string, address: string, now: number): void {
    const minutes = Math.ceil(this.limits.deskCodeWindowMs / 60_000);
    if (this.byKey.count(publicKey, now) >= this.limits.deskCodePerKey || (!this.exempt(address) && this.byAddress.count(address, now) >= this.limits.deskCodePerAddress)) {
      throw new ExamError('too-many-attempts', `too many wrong desk access codes from this device or address: wait ${minutes} minutes, or ask the invigilator for the code`);
    }
  }

  /** Records a wrong code; returns how many this key has used in the window. */
  refused(publicKey: string, fingerprint: string, address: string, now: number): number {
    const attempts = this.byKey.add(publicKey, now);
    const byAddress = this.exempt(address) ? 0 : this.byAddress.add(address, now);
    this.total++;
    this.recent.unshift({ at: now, fingerprint, address, locked: attempts >= this.limits.deskCodePerKey || byAddress >= this.limits.deskCodePerAddress });
    this.recent.length = Math.min(this.recent.length, 20);
    return attempts;
  }

  summary(): DeskDevices['deskCodeRefusals'] {
    return { total: this.total, recent: [...this.recent] };
  }
}
