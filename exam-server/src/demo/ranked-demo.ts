import { connectDesk, type Device } from './devices/clients';
import { DAY, admitted } from './devices/selection-flow';
import { SELECTION, rankedSelection } from './devices/ranked-selection';

/** The server's clock as the demonstration sets it while it plays the past (0 once it is done). */
export interface DemoClock {
  offset: number;
}

export const RANKED_DEMO_SELECTION = SELECTION;

/**
 * The demonstration's whole selection up to the committee's decision, so that a new user can play
 * the end of the procedure — the rankings, the decision, the notices and objections — from the
 * console: two posts and five people, the seat draw, a written session per paper (one absent),
 * the evaluation (six ballots) and the interview day (three examiners a room), each post's rules
 * (002's preset) set before anything began. Simulated devices play it through the server's own
 * sockets exactly as the console, the desk, the kiosks, the booth and the tablets do, on the
 * server's clock set back three days (a registration period, the review and the exams take two),
 * so that every log entry and signature has its time in order; the clock is the real one again
 * before the server takes anyone else. The devices' keys are dropped: no device can act as them.
 */
export async function setUpRankedDemo(url: string, deskCode: string, clock: DemoClock): Promise<void> {
  clock.offset = -3 * DAY;
  const devices: Device[] = [];
  try {
    const desk = await connectDesk(url, deskCode);
    devices.push(desk);
    const org = await admitted(url, desk, { role: 'organiser', person: '演示组织者' });
    devices.push(org);
    await rankedSelection({
      url,
      desk,
      org,
      now: () => Date.now() + clock.offset,
      setNow: (at) => (clock.offset = Math.min(at, Date.now() - 60_000) - Date.now()),
      devices,
      stopBefore: 'notices',
      title: '演示：竞争上岗（综合成绩与公示）',
    });
  } finally {
    for (const d of devices) d.close();
    clock.offset = 0;
  }
}
