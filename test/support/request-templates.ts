import type { RequestName } from '@exam/shared';
import type { TestServer } from './server';
import type { Device } from './clients';

/**
 * A well-formed payload for every request of the protocol, against the demo session and interview
 * day: what the access tests send from every role and what the fuzzer starts its mutations from.
 * Typed by the request table, so a new request cannot be left out.
 */
export function requestTemplates(t: TestServer, devices: { admit: Device; revoke: Device }): { [K in RequestName]: unknown } {
  return {
    'candidate:sign-in': { ticket: '2026001' },
    'answer:save': { questionId: 'q1', value: 0, rev: 50 },
    'answer:submit': { answersHash: 'a'.repeat(64) },
    'kiosk:incident': { kind: 'lost-focus' },
    'desk:overview': {},
    'desk:session': { sessionId: 'demo' },
    'desk:admit': { deviceId: devices.admit.status.deviceId, role: 'marker', fingerprint: devices.admit.status.fingerprint },
    'desk:change-code': {},
    'desk:revoke': { deviceId: devices.revoke.status.deviceId, reason: 'not allowed' },
    'desk:enter-share': { sessionId: 'demo', target: 'answer-key', code: t.demo.answerKeyShares[0], keyholder: 'x' },
    'desk:start': { sessionId: 'demo' },
    'desk:announce': { sessionId: 'demo', text: 'hi' },
    'desk:extra-time': { sessionId: 'demo', ticket: '2026002', minutes: 5, reason: 'not allowed' },
    'desk:pause': { sessionId: 'demo', ticket: '2026002', reason: 'not allowed' },
    'desk:resume': { sessionId: 'demo', ticket: '2026002' },
    'desk:close': { sessionId: 'demo' },
    'desk:results': { sessionId: 'demo' },
    'marking:queue': { sessionId: 'demo' },
    'marking:sessions': {},
    'marking:mark': { mark: {}, signature: '' },
    'interview:overview': { dayId: 'demo-interview' },
    'interview:candidates': { dayId: 'demo-interview' },
    'interview:check-in': { dayId: 'demo-interview', ticket: '2026001', phoneHandedIn: true },
    'interview:absent': { dayId: 'demo-interview', ticket: '2026001', reason: 'not allowed' },
    'interview:enter-share': { dayId: 'demo-interview', code: t.interview.questionShares[0], keyholder: 'x' },
    'interview:results': { dayId: 'demo-interview' },
    'interview:panel': { dayId: 'demo-interview' },
    'lot:open': { dayId: 'demo-interview', supervisors: ['x'] },
    'lot:abandon': { drawId: 'x', reason: 'not allowed' },
    'lot:status': { dayId: 'demo-interview' },
    'lot:commit': { drawId: 'x', commitment: '0'.repeat(64), signature: 'A'.repeat(86) + '==' },
    'lot:reveal': { drawId: 'x', secret: '0'.repeat(64) },
    'room:queue': { dayId: 'demo-interview' },
    'room:call': { dayId: 'demo-interview', room: '面试室A' },
    'room:enter': { dayId: 'demo-interview', room: '面试室A', lot: 1 },
    'room:leave': { dayId: 'demo-interview', room: '面试室A', lot: 1 },
    'room:no-show': { dayId: 'demo-interview', room: '面试室A', lot: 1, reason: '未到场' },
    'examiner:view': {},
    'score:submit': { sheet: {}, signature: '' },
    'score:conflict': { declaration: {}, signature: '' },
    'score:countersign': { countersign: {}, signature: '' },
    'score:pending': { dayId: 'demo-interview' },
    'checkpoint:list': {},
    'checkpoint:cosign': { checkpoint: { seq: 1, hash: '0'.repeat(64), phase: 'x' }, signature: 'A'.repeat(86) + '==' },
    'checkpoint:make': { phase: 'x' },
    'organiser:overview': {},
    'organiser:create-selection': { id: 'sel-x', title: '测试选拔', registrationOpens: Date.now() + 86_400_000, registrationCloses: Date.now() + 2 * 86_400_000, steps: ['written', 'interview'] },
    'organiser:save-post': {
      selectionId: 'sel-x',
      id: 'p-x',
      title: '办公室副主任',
      department: '办公室',
      level: 'deputy',
      seats: 1,
      qualifications: '大学本科以上学历',
      checks: { minYearsInRank: 3, minEducation: 'bachelor', maxAge: 45, levels: ['staff'] },
      paper: 'paper-a',
      minRatio: 2,
    },
    'organiser:registrations': { selectionId: 'sel-x' },
    'organiser:import-registrations': { selectionId: 'sel-x', fileName: '报名表.csv', contentBase64: Buffer.from('姓名,身份证号\n').toString('base64') },
  };
}
