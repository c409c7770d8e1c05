import { describe, expect, it } from 'vitest';
import { admissionPrefix, admissionsFromOrder, competitorsOf, interviewRoster, paperOfPost, postGoesTo, selectionOfSeatDraw, seatDrawId, sittingsOf } from './admission';

const posts = [
  { id: 'a', paper: 'pa' },
  { id: 'b', paper: 'pb' },
  { id: 'c', paper: 'pc' },
  { id: 'd', paper: 'pa' },
];

describe('where each post’s candidates go, and what they sit', () => {
  it('follows merges to their end, stops at a cancellation, and refuses a circle', () => {
    expect(postGoesTo(posts, [], 'a')).toBe('a');
    expect(postGoesTo(posts, [{ post: 'a', action: 'proceed', mergeInto: null }], 'a')).toBe('a');
    expect(postGoesTo(posts, [{ post: 'c', action: 'merge', mergeInto: 'b' }], 'c')).toBe('b');
    expect(postGoesTo(posts, [{ post: 'c', action: 'merge', mergeInto: 'b' }, { post: 'b', action: 'merge', mergeInto: 'a' }], 'c')).toBe('a');
    expect(postGoesTo(posts, [{ post: 'c', action: 'merge', mergeInto: 'b' }, { post: 'b', action: 'cancel', mergeInto: null }], 'c')).toBeNull();
    expect(postGoesTo(posts, [{ post: 'c', action: 'merge', mergeInto: 'b' }, { post: 'b', action: 'merge', mergeInto: 'c' }], 'c')).toBeNull();
    expect(postGoesTo(posts, [], 'nope')).toBeNull();
    expect(paperOfPost(posts, [{ post: 'c', action: 'merge', mergeInto: 'b' }], 'c')).toBe('pb');
  });

  it('gives one sitting per distinct paper, sorted: two posts on one paper sit once, on two papers sit twice', () => {
    const s = sittingsOf(posts, { a: ['r1', 'r2'], d: ['r1'], b: ['r2', 'r3'], c: ['r4'] }, [{ post: 'c', action: 'cancel', mergeInto: null }]);
    expect([...s]).toEqual([
      ['r1', ['pa']],
      ['r2', ['pa', 'pb']],
      ['r3', ['pb']],
    ]);
  });

  it('lists who goes on, with their posts in their order of preference, merges followed and cancellations dropped', () => {
    const qualified = { a: ['r1', 'r2'], b: ['r2', 'r3'], c: ['r4', 'r2'], d: ['r5'] };
    const forms: Record<string, string[]> = { r1: ['a'], r2: ['b', 'a'], r3: ['b'], r4: ['c'], r5: ['d'] };
    const outcomes = [
      { post: 'c', action: 'cancel' as const, mergeInto: null },
      { post: 'd', action: 'merge' as const, mergeInto: 'a' },
    ];
    const c = competitorsOf(posts, qualified, outcomes, (r) => forms[r] ?? []);
    expect([...c]).toEqual([
      ['r1', ['a']],
      ['r2', ['b', 'a']],
      ['r3', ['b']],
      ['r5', ['a']],
    ]);
    // The interview's rooms go by the first post each one competes for; one without a room is named.
    const admissions = [...c.keys()].map((registrationId, i) => ({ registrationId, admissionNo: `2026000${i + 1}` }));
    expect(interviewRoster(admissions, c, { a: '一室', b: '二室' })).toEqual({
      candidates: [
        { registrationId: 'r1', ticket: '20260001', room: '一室' },
        { registrationId: 'r2', ticket: '20260002', room: '二室' },
        { registrationId: 'r3', ticket: '20260003', room: '二室' },
        { registrationId: 'r5', ticket: '20260004', room: '一室' },
      ],
      unplaced: [],
    });
    expect(interviewRoster(admissions, c, { a: '一室' }).unplaced).toEqual(['20260003']);
  });

  it('numbers by the order drawn and seats each paper from 01 in that order', () => {
    const sittings = new Map([
      ['r2', ['pa', 'pb']],
      ['r1', ['pa']],
      ['r3', ['pb']],
    ]);
    expect(admissionsFromOrder(['r3', 'r1', 'r2'], sittings, '2026')).toEqual([
      { registrationId: 'r3', admissionNo: '20260001', sittings: [{ paper: 'pb', seat: '01' }] },
      { registrationId: 'r1', admissionNo: '20260002', sittings: [{ paper: 'pa', seat: '01' }] },
      { registrationId: 'r2', admissionNo: '20260003', sittings: [{ paper: 'pa', seat: '02' }, { paper: 'pb', seat: '02' }] },
    ]);
    // Widths grow with the numbers: 10,000 candidates need five digits; 100 at one paper, three.
    const many = Array.from({ length: 10_000 }, (_, i) => `r${i}`);
    const all = admissionsFromOrder(many, new Map(many.map((r) => [r, ['pa']])), '2026');
    expect([all[0]!.admissionNo, all.at(-1)!.admissionNo, all[0]!.sittings[0]!.seat, all.at(-1)!.sittings[0]!.seat]).toEqual(['202600001', '202610000', '00001', '10000']);
  });

  it('takes the year of the deadline in Beijing time, and names seat draws apart from a day’s', () => {
    expect(admissionPrefix(Date.UTC(2026, 11, 31, 16, 30))).toBe('2027'); // 00:30 on 1 January in Beijing
    expect(admissionPrefix(Date.UTC(2026, 11, 31, 15, 30))).toBe('2026');
    expect(seatDrawId('sel-1', 2)).toBe('sel-1-seats-2');
    expect([selectionOfSeatDraw('sel-1-seats-2'), selectionOfSeatDraw('day-1-draw-1')]).toEqual(['sel-1', null]);
  });
});
