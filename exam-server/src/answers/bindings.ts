/**
 * Which candidate each kiosk is signed in for. A candidate is active on one kiosk at a time: a
 * sign-in on a replacement kiosk takes the candidate over, and the old kiosk can act no more.
 */
export class KioskBindings {
  private readonly byDevice = new Map<string, { sessionId: string; ticket: string }>();
  private readonly byCandidate = new Map<string, Map<string, string>>();

  bind(deviceId: string, sessionId: string, ticket: string): string | undefined {
    const previous = this.deviceOf(sessionId, ticket);
    if (previous && previous !== deviceId) this.byDevice.delete(previous);
    this.unbindDevice(deviceId);
    this.byDevice.set(deviceId, { sessionId, ticket });
    let inSession = this.byCandidate.get(sessionId);
    if (!inSession) this.byCandidate.set(sessionId, (inSession = new Map()));
    inSession.set(ticket, deviceId);
    return previous !== deviceId ? previous : undefined;
  }

  of(deviceId: string): { sessionId: string; ticket: string } | undefined {
    return this.byDevice.get(deviceId);
  }

  deviceOf(sessionId: string, ticket: string): string | undefined {
    return this.byCandidate.get(sessionId)?.get(ticket);
  }

  unbindDevice(deviceId: string): void {
    const b = this.byDevice.get(deviceId);
    if (b && this.deviceOf(b.sessionId, b.ticket) === deviceId) this.byCandidate.get(b.sessionId)!.delete(b.ticket);
    this.byDevice.delete(deviceId);
  }
}
