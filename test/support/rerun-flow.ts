// A selection with an evaluation step alone, taken to its admission numbers (the seat draw with a
// supervisor), for the tests of an evaluation run again (docs/protocol.md §24–§25).
import { DEFAULT_RULES, type EvaluationSettings } from '@exam/shared';
import { makeGroupCards } from '@exam/server';
import { PEOPLE } from '@exam/server/demo/ranked-selection';
import { contributor } from './interview';
import type { Device } from './clients';
import { admitted, selectionToQualified } from './selection-flow';

export const RERUN_SELECTION = 'rerun-selection';

export interface RerunSelection {
  /** Creates an evaluation of the selection's candidates (one group of six); returns its cards' codes. */
  evaluation(id: string, title?: string): Promise<string[]>;
}

export async function rerunSelection(o: { url: string; desk: Device; org: Device; now: () => number; setNow: (at: number) => void; devices: Device[] }): Promise<RerunSelection> {
  const people = PEOPLE.filter((p) => p.posts.includes('p1')).map((p) => ({ ...p, posts: ['p1'] as [string] }));
  const sel = await selectionToQualified({ url: o.url, desk: o.desk, org: o.org, now: o.now, setNow: o.setNow, selectionId: RERUN_SELECTION, steps: ['evaluation'], posts: [{ id: 'p1', title: '办公室副主任', paper: null, seats: 1, minRatio: 2 }], people });
  o.devices.push(sel.reviewer, ...sel.others);
  const sup = await admitted(o.url, o.desk, { role: 'supervisor', person: '纪检监督员' });
  o.devices.push(sup);
  const draw = await o.org.req('organiser:open-seat-draw', { selectionId: RERUN_SELECTION, supervisors: [sup.status.deviceId] });
  const c = contributor(sup);
  await sup.req('lot:commit', c.commit(draw.drawId, draw.candidatesHash));
  await sup.req('lot:reveal', { drawId: draw.drawId, secret: c.secret });
  const admissions = new Map((await o.org.req('organiser:admissions', { selectionId: RERUN_SELECTION })).rows.map((r) => [r.name, r.admissionNo]));
  return {
    async evaluation(id, title = `民主测评 ${id}`) {
      const settings: EvaluationSettings = {
        selectionId: RERUN_SELECTION,
        id,
        title,
        candidates: people.filter((p) => admissions.has(p.name)).map((p) => ({ ref: admissions.get(p.name)!, name: p.name })),
        groups: [{ id: 'all', name: '全体干部职工', weight: 100, entitled: 6 }],
        ...DEFAULT_RULES,
        dimensions: false,
        recommendation: [],
      };
      const cards = makeGroupCards(id, 'all', 6);
      await o.org.req('organiser:create-evaluation', { settings, lists: [cards.keys] });
      return cards.codes;
    },
  };
}
