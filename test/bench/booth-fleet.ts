// The simulated voting booths of the evaluation benchmark, in a process of their own (forked by
// evaluation-bench.ts): real booths are machines of their own, and on a small machine booths that
// share the server's event loop would measure themselves. The orders come over the fork's channel:
// connect; take the ballots (each one's message written out then, before the casting); and — once the
// desk has admitted every booth and voting is open — cast them, each booth sending its next one as
// soon as its last is acknowledged. They speak socket.io's wire protocol themselves (wire-kiosk.ts),
// as the simulated kiosks do: on a two-core machine the load generator shares the processors with
// the server it measures, and the full client's cost is not the server's.
import type { Ballot } from '@exam/shared';
import { WireKiosk } from './wire-kiosk';

export type BoothOrders = { kind: 'connect'; url: string; booths: number } | { kind: 'load'; ballots: Array<{ ballot: Ballot; signature: string }> } | { kind: 'cast' };
export type BoothReport = { kind: 'connected'; booths: Array<{ deviceId: string; fingerprint: string }> } | { kind: 'loaded' } | { kind: 'cast'; castMs: number; halfMs: number; received: number; cpuUs: number };

const say = (m: BoothReport) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
let booths: WireKiosk[] = [];
/** The ballots' messages, each written out when the ballots are handed over, before the casting: as each booth has its voter's ballot encoded before it sends it. */
let messages: string[] = [];

process.on('message', (m: BoothOrders) => {
  void (async () => {
    if (m.kind === 'connect') {
      booths = [];
      for (let i = 0; i < m.booths; i++) booths.push(await WireKiosk.connect(m.url, 'kiosk'));
      await say({ kind: 'connected', booths: booths.map((b) => ({ deviceId: b.status.deviceId, fingerprint: b.status.fingerprint })) });
    } else if (m.kind === 'load') {
      messages = m.ballots.map((b) => JSON.stringify(['booth:cast', b]));
      await say({ kind: 'loaded' });
    } else {
      let next = 0;
      let received = 0;
      // When the first half had been acknowledged: the second half's rate is the server's once warmed up.
      let halfMs = 0;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await Promise.all(
        booths.map(async (b) => {
          for (let i = next++; i < messages.length; i = next++) {
            if ((await b.requestEncoded<{ received: boolean }>(messages[i]!)).received) received++;
            if (received === Math.ceil(messages.length / 2) && halfMs === 0) halfMs = performance.now() - t0;
          }
        }),
      );
      const castMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      await say({ kind: 'cast', castMs, halfMs, received, cpuUs: cpu.user + cpu.system });
      for (const b of booths) b.disconnect();
      process.exit(0);
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
