/**
 * Which candidate each kiosk is signed in for. A candidate is active on one kiosk at a time: a
 * sign-in on a replacement kiosk takes the candidate over, and the old kiosk can act no more.
 */
export class KioskBindings {
  private readonly byDevice = new Map<string, { sessionId: string; ticket: string }>();
  private readonly byCandidate = new Map<string, string>();

  bind(deviceId: string, sessionId: string, ticket: string): string | undefined {
    const key = `${sessionId}/${ticket}`;
    const previous = this.byCandidate.get(key);
    if (previous && previous !== deviceId) this.byDevice.delete(previous);
    const old = this.byDevice.get(deviceId);
    if (old) this.byCandidate.delete(`${old.sessionId}/${old.ticket}`);
    this.byDevice.set(deviceId, { sessionId, ticket });
    this.byCandidate.set(key, deviceId);
    return previous !== deviceId ? previous : undefined;
  }

  of(deviceId: string): { sessionId: string; ticket: string } | undefined {
    return this.byDevice.get(deviceId);
  }

  deviceOf(sessionId: string, ticket: string): string | undefined {
    return this.byCandidate.get(`${sessionId}/${ticket}`);
  }

  unbindDevice(deviceId: string): void {
    const b = this.byDevice.get(deviceId);
    if (b) this.byCandidate.delete(`${b.sessionId}/${b.ticket}`);
    this.byDevice.delete(deviceId);
  }
}
