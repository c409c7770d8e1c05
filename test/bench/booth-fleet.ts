// The simulated voting booths of the evaluation benchmark, in a process of their own (forked by
// evaluation-bench.ts): real booths are machines of their own, and on a small machine booths that
// share the server's event loop would measure themselves. The orders come over the fork's channel:
// connect, then — once the desk has admitted every booth — cast the ballots given, each booth
// sending its next one as soon as its last is acknowledged.
import type { Ballot } from '@exam/shared';
import { connectDevice, type Device } from '../support/clients';

export type BoothOrders = { kind: 'connect'; url: string; booths: number } | { kind: 'cast'; ballots: Array<{ ballot: Ballot; signature: string }> };
export type BoothReport = { kind: 'connected'; booths: Array<{ deviceId: string; fingerprint: string }> } | { kind: 'cast'; castMs: number; halfMs: number; received: number };

const say = (m: BoothReport) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
let booths: Device[] = [];

process.on('message', (m: BoothOrders) => {
  void (async () => {
    if (m.kind === 'connect') {
      booths = [];
      for (let i = 0; i < m.booths; i++) booths.push(await connectDevice(m.url, 'kiosk', { label: `booth-${i}` }));
      await say({ kind: 'connected', booths: booths.map((b) => ({ deviceId: b.status.deviceId, fingerprint: b.status.fingerprint })) });
    } else {
      let next = 0;
      let received = 0;
      // When the first half had been acknowledged: the second half's rate is the server's once warmed up.
      let halfMs = 0;
      const t0 = performance.now();
      await Promise.all(
        booths.map(async (b) => {
          for (let i = next++; i < m.ballots.length; i = next++) {
            if ((await b.req('booth:cast', m.ballots[i]!)).received) received++;
            if (received === Math.ceil(m.ballots.length / 2) && halfMs === 0) halfMs = performance.now() - t0;
          }
        }),
      );
      await say({ kind: 'cast', castMs: performance.now() - t0, halfMs, received });
      for (const b of booths) b.close();
      process.exit(0);
    }
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
