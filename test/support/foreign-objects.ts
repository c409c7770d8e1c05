import type { RequestName } from '@exam/shared';

/**
 * For every request of the protocol: what a device allowed to send it could name that is not its
 * own — another candidate, another interview day, another day's draw, a sheet or mark signed with
 * another key — and the code that refuses it; or why the request names nothing a device could not
 * own. Typed by the request table: a new request cannot be added without saying which.
 * (The fixture: kiosks at seats 01 and 02 of "demo", signed in as 2026001 and 2026002; tablets
 * admitted for "demo-interview"; a second day "other-day".)
 */
export type Foreign = { payload: unknown; code: string; roles?: string[] } | { none: string };

const otherDay = { dayId: 'other-day' };
const sig = 'A'.repeat(86) + '==';
const key = 'B'.repeat(43) + '=';

export const FOREIGN: { [K in RequestName]: Foreign } = {
  'candidate:sign-in': { payload: { ticket: '2026002' }, code: 'wrong-seat' },
  'answer:save': { none: 'acts on the candidate signed in at this kiosk only; it names no candidate' },
  'answer:submit': { none: 'acts on the candidate signed in at this kiosk only' },
  'kiosk:incident': { none: 'acts on the candidate signed in at this kiosk only' },
  'desk:overview': { none: 'the desk runs the venue: everything is its own' },
  'desk:session': { none: 'the desk runs the venue' },
  'desk:admit': { none: 'the desk runs the venue' },
  'desk:change-code': { none: 'the desk runs the venue' },
  'desk:revoke': { none: 'the desk runs the venue' },
  'desk:enter-share': { none: 'the desk runs the venue' },
  'desk:start': { none: 'the desk runs the venue' },
  'desk:announce': { none: 'the desk runs the venue' },
  'desk:extra-time': { none: 'the desk runs the venue' },
  'desk:pause': { none: 'the desk runs the venue' },
  'desk:resume': { none: 'the desk runs the venue' },
  'desk:close': { none: 'the desk runs the venue' },
  'desk:results': { none: 'the desk runs the venue' },
  'marking:sessions': { none: 'markers mark every closed session, blind' },
  'marking:queue': { none: 'markers mark every closed session, blind' },
  'marking:mark': { payload: { mark: { sessionId: 'demo', code: 'AAAA-AAAA', questionId: 'q6', points: 100, markerKey: key, signedAt: 1, nonce: '0'.repeat(32) }, signature: sig }, code: 'forbidden' },
  'marking:roster': { none: 'markers see every closed session’s names, never with their script codes' },
  'marking:declare-relation': { none: 'a marker declares with its own key; the candidate is named by ticket' },
  'interview:overview': { payload: otherDay, code: 'forbidden', roles: ['supervisor'] },
  'interview:candidates': { payload: otherDay, code: 'forbidden', roles: ['supervisor'] },
  'interview:check-in': { none: 'the desk runs the venue' },
  'interview:absent': { none: 'the desk runs the venue' },
  'interview:enter-share': { none: 'the desk runs the venue' },
  'interview:results': { payload: otherDay, code: 'forbidden', roles: ['supervisor'] },
  'interview:panel': { payload: otherDay, code: 'forbidden', roles: ['supervisor'] },
  'lot:open': { none: 'the desk runs the venue' },
  'lot:abandon': { none: 'the desk runs the venue' },
  'lot:status': { payload: otherDay, code: 'forbidden', roles: ['supervisor', 'escort', 'contributor'] },
  'lot:commit': { payload: { drawId: 'other-day-draw-1', commitment: '0'.repeat(64), signature: sig }, code: 'forbidden' },
  'lot:reveal': { payload: { drawId: 'other-day-draw-1', secret: '0'.repeat(64) }, code: 'forbidden' },
  'room:queue': { payload: otherDay, code: 'forbidden', roles: ['escort', 'supervisor'] },
  'room:call': { payload: { ...otherDay, room: '面试室A' }, code: 'forbidden' },
  'room:enter': { payload: { ...otherDay, room: '面试室A', lot: 1 }, code: 'forbidden' },
  'room:leave': { payload: { ...otherDay, room: '面试室A', lot: 1 }, code: 'forbidden' },
  'room:no-show': { payload: { ...otherDay, room: '面试室A', lot: 1, reason: '未到场' }, code: 'forbidden' },
  'examiner:view': { none: 'shows the examiner’s own room only; it names nothing' },
  'score:submit': { payload: { sheet: { dayId: 'other-day', room: '面试室A', lot: 1, items: [{ question: 'i1', item: 'analysis', score: 100 }], total: 100, examinerKey: key, signedAt: 1, nonce: '0'.repeat(32) }, signature: sig }, code: 'forbidden' },
  'score:conflict': { payload: { declaration: { dayId: 'other-day', room: '面试室A', lot: 1, examinerKey: key, reason: '回避', signedAt: 1 }, signature: sig }, code: 'forbidden' },
  'score:countersign': { payload: { countersign: { sheetHash: '0'.repeat(64), supervisorKey: key, signedAt: 1 }, signature: sig }, code: 'forbidden' },
  'score:pending': { payload: otherDay, code: 'forbidden', roles: ['supervisor'] },
  'checkpoint:list': { none: 'checkpoints are the venue’s, witnessed by every supervisor' },
  'checkpoint:cosign': { none: 'a supervisor cosigns with its own key; the checkpoint is the venue’s' },
  'checkpoint:make': { none: 'the desk runs the venue' },
  'organiser:overview': { none: 'the organiser runs the selections: every one is its own' },
  'organiser:create-selection': { none: 'the organiser runs the selections' },
  'organiser:save-post': { none: 'the organiser runs the selections' },
  'organiser:registrations': { none: 'the organiser runs the selections' },
  'organiser:import-registrations': { none: 'the organiser runs the selections' },
  'organiser:assign-reviewer': { none: 'the organiser runs the selections' },
  'organiser:publish-qualified': { none: 'the organiser runs the selections' },
  'organiser:create-session': { none: 'the organiser runs the selections' },
  'organiser:decide-post': { none: 'the organiser runs the selections' },
  'organiser:create-day': { none: 'the organiser runs the selections' },
  'organiser:open-seat-draw': { none: 'the organiser runs the selections' },
  'organiser:abandon-seat-draw': { none: 'the organiser runs the selections' },
  'organiser:admissions': { none: 'the organiser runs the selections' },
  'examiner:roster': { payload: otherDay, code: 'forbidden' },
  'examiner:declare-relation': { payload: { declaration: { dayId: 'other-day', ticket: '2026101', relation: 'spouse', declarantKey: key, signedAt: 1, nonce: '0'.repeat(32) }, signature: sig }, code: 'forbidden' },
  'organiser:create-evaluation': { none: 'the organiser runs the selections' },
  'organiser:open-evaluation': { none: 'the organiser runs the selections' },
  'organiser:close-evaluation': { none: 'the organiser runs the selections' },
  'evaluation:status': { none: 'an evaluation’s progress is the venue’s (counts per group, no ballot)' },
  'booth:evaluations': { none: 'names nothing: the forms of the open evaluations' },
  'booth:cast': { none: 'a ballot is signed by its card’s key, not the booth’s: the booth owns nothing (test/evaluation.test.ts)' },
  'organiser:export-supervisors-bundle': { none: 'the records are the venue’s, for the outside supervisors' },
  'seats:draws': { none: 'names nothing: a supervisor is shown only the seat draws it contributes to (selections.test.ts)' },
  'organiser:export-bundle': { none: 'the bundle is the venue’s, for the outside supervisors' },
  'review:selections': { none: 'a reviewer is told only the selections it is assigned to' },
  'review:queue': { payload: { selectionId: 'sel-x' }, code: 'forbidden' },
  'review:decide': { payload: { decision: { selectionId: 'sel-x', registrationId: 'r-0000000000000000', post: 'p-x', decision: 'pass', reason: '符合条件', reviewerKey: key, signedAt: 1, nonce: '0'.repeat(32) }, signature: sig }, code: 'forbidden' },
  'review:declare-relation': { payload: { declaration: { selectionId: 'sel-x', registrationId: 'r-0000000000000000', relation: 'spouse', declarantKey: key, signedAt: 1, nonce: '0'.repeat(32) }, signature: sig }, code: 'forbidden' },
};
