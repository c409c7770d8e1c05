import type { z } from 'zod';
import type { Ack } from '../errors';
import type { Role } from '../protocol/auth';
import type { SignedReceipt, Timing } from './common';
import * as desk from './desk';
import * as kiosk from './kiosk';
import * as marking from './marking';
import * as interview from './interview';
import * as organiser from './organiser';
import type { SignedSheet } from '../interview/score-sheet';
import type { QualifiedList, ReviewQueue } from '../selection/review';
import type { AdmissionRow } from '../selection/admission';
import { boothCardSchema, castBallotSchema, closeEvaluationSchema, createEvaluationSchema, decideEvaluationSchema, evaluationRequestSchema, tellerEntrySchema, type EvaluationStatus, type TellerOutcome } from '../evaluation/requests';
import type { EvaluationSettings } from '../evaluation/settings';
import { interviewDeclareSchema, interviewRosterSchema, markingDeclareSchema, markingRosterSchema } from '../selection/review';
import { rankingOfSchema, setRankingRulesSchema } from '../ranking/rules';
import type { RankingStatus } from '../ranking/status';
import { decideAppointmentsSchema } from '../ranking/decision';
import { finaliseAppointmentsSchema, handleObjectionSchema, publishNoticeSchema, recordObjectionSchema, setCalendarSchema, type NoticeStatus } from '../notice/notices';

export * from './common';
export * from './desk';
export * from './kiosk';
export * from './marking';
export * from './interview';
export * from './organiser';

/**
 * A request's payload schema and the roles allowed to send it; `plain`, where there is one, is the
 * schema written out by hand for a request that arrives by the thousand a second (it says true only
 * for a payload the schema takes as it is; any other goes through the schema).
 */
export interface RequestSpec {
  schema: z.ZodType;
  roles: readonly Role[];
  plain?: (payload: unknown) => boolean;
}

/**
 * Every request a client may send over the socket: its payload schema and the roles allowed to
 * send it. The server validates every payload against the schema before anything else.
 */
export const REQUESTS = {
  'candidate:sign-in': { schema: kiosk.signInSchema, roles: ['kiosk'] },
  'answer:save': { schema: kiosk.saveAnswerSchema, roles: ['kiosk'], plain: kiosk.isPlainSave },
  'answer:submit': { schema: kiosk.submitSchema, roles: ['kiosk'] },
  'kiosk:incident': { schema: kiosk.incidentSchema, roles: ['kiosk'] },
  'desk:overview': { schema: desk.deskSessionSchema.partial(), roles: ['desk'] },
  'desk:session': { schema: desk.deskSessionSchema, roles: ['desk'] },
  'desk:admit': { schema: desk.admitSchema, roles: ['desk'] },
  'desk:change-code': { schema: desk.changeDeskCodeSchema, roles: ['desk'] },
  'desk:revoke': { schema: desk.revokeSchema, roles: ['desk'] },
  'desk:enter-share': { schema: desk.enterShareSchema, roles: ['desk'] },
  'desk:start': { schema: desk.startSchema, roles: ['desk'] },
  'desk:announce': { schema: desk.announceSchema, roles: ['desk'] },
  'desk:extra-time': { schema: desk.extraTimeSchema, roles: ['desk'] },
  'desk:pause': { schema: desk.pauseSchema, roles: ['desk'] },
  'desk:resume': { schema: desk.resumeSchema, roles: ['desk'] },
  'desk:close': { schema: desk.closeSchema, roles: ['desk'] },
  'desk:results': { schema: desk.deskSessionSchema, roles: ['desk'] },
  'marking:sessions': { schema: interview.examinerStateSchema, roles: ['marker'] },
  'marking:queue': { schema: marking.markingQueueSchema, roles: ['marker'] },
  'marking:mark': { schema: marking.markSchema, roles: ['marker'] },
  'marking:roster': { schema: markingRosterSchema, roles: ['marker'] },
  'marking:declare-relation': { schema: markingDeclareSchema, roles: ['marker'] },
  'interview:overview': { schema: interview.dayRequestSchema, roles: ['desk', 'supervisor'] },
  'interview:candidates': { schema: interview.dayRequestSchema, roles: ['desk', 'supervisor'] },
  'interview:check-in': { schema: interview.checkInSchema, roles: ['desk'] },
  'interview:absent': { schema: interview.absentSchema, roles: ['desk'] },
  'interview:enter-share': { schema: interview.questionsShareSchema, roles: ['desk'] },
  'interview:results': { schema: interview.dayRequestSchema, roles: ['desk', 'supervisor'] },
  'interview:panel': { schema: interview.dayRequestSchema, roles: ['desk', 'supervisor'] },
  'lot:open': { schema: interview.openDrawSchema, roles: ['desk'] },
  'lot:abandon': { schema: interview.abandonDrawSchema, roles: ['desk'] },
  'lot:status': { schema: interview.dayRequestSchema, roles: ['desk', 'supervisor', 'escort', 'contributor'] },
  'lot:commit': { schema: interview.lotCommitRequestSchema, roles: ['supervisor', 'contributor'] },
  'lot:reveal': { schema: interview.lotRevealRequestSchema, roles: ['supervisor', 'contributor'] },
  'room:queue': { schema: interview.dayRequestSchema, roles: ['escort', 'desk', 'supervisor'] },
  'room:call': { schema: interview.roomRequestSchema, roles: ['escort'] },
  'room:enter': { schema: interview.roomLotSchema, roles: ['escort'] },
  'room:leave': { schema: interview.roomLotSchema, roles: ['escort'] },
  'room:no-show': { schema: interview.roomNoShowSchema, roles: ['escort'] },
  'examiner:view': { schema: interview.examinerStateSchema, roles: ['examiner'] },
  'examiner:roster': { schema: interviewRosterSchema, roles: ['examiner'] },
  'examiner:declare-relation': { schema: interviewDeclareSchema, roles: ['examiner'] },
  'score:submit': { schema: interview.submitSheetSchema, roles: ['examiner'] },
  'score:conflict': { schema: interview.conflictRequestSchema, roles: ['examiner'] },
  'score:countersign': { schema: interview.countersignRequestSchema, roles: ['supervisor'] },
  'score:pending': { schema: interview.dayRequestSchema, roles: ['supervisor', 'desk'] },
  'checkpoint:list': { schema: interview.examinerStateSchema, roles: ['supervisor', 'desk'] },
  'checkpoint:cosign': { schema: interview.checkpointCosignSchema, roles: ['supervisor'] },
  'checkpoint:make': { schema: interview.makeCheckpointSchema, roles: ['desk'] },
  'organiser:overview': { schema: organiser.organiserOverviewSchema, roles: ['organiser'] },
  'organiser:create-selection': { schema: organiser.createSelectionSchema, roles: ['organiser'] },
  'organiser:save-post': { schema: organiser.postSchema, roles: ['organiser'] },
  'organiser:registrations': { schema: organiser.selectionRequestSchema, roles: ['organiser'] },
  'organiser:import-registrations': { schema: organiser.importRegistrationsSchema, roles: ['organiser'] },
  'organiser:assign-reviewer': { schema: organiser.assignReviewerSchema, roles: ['organiser'] },
  'organiser:publish-qualified': { schema: organiser.selectionRequestSchema, roles: ['organiser'] },
  'organiser:create-session': { schema: organiser.createSessionSchema, roles: ['organiser'] },
  'organiser:decide-post': { schema: organiser.postOutcomeSchema, roles: ['organiser'] },
  'organiser:export-bundle': { schema: organiser.organiserOverviewSchema, roles: ['organiser'] },
  'organiser:create-day': { schema: organiser.createDaySchema, roles: ['organiser'] },
  'organiser:open-seat-draw': { schema: organiser.openSeatDrawSchema, roles: ['organiser'] },
  'organiser:abandon-seat-draw': { schema: organiser.abandonSeatDrawSchema, roles: ['organiser'] },
  'organiser:admissions': { schema: organiser.selectionRequestSchema, roles: ['organiser'] },
  'seats:draws': { schema: organiser.organiserOverviewSchema, roles: ['organiser', 'supervisor'] },
  'organiser:export-supervisors-bundle': { schema: organiser.organiserOverviewSchema, roles: ['organiser'] },
  'organiser:create-evaluation': { schema: createEvaluationSchema, roles: ['organiser'] },
  'organiser:open-evaluation': { schema: evaluationRequestSchema, roles: ['organiser'] },
  'organiser:close-evaluation': { schema: closeEvaluationSchema, roles: ['organiser'] },
  'evaluation:status': { schema: evaluationRequestSchema, roles: ['organiser', 'supervisor'] },
  'evaluation:list': { schema: organiser.organiserOverviewSchema, roles: ['organiser', 'supervisor'] },
  'organiser:decide-evaluation': { schema: decideEvaluationSchema, roles: ['organiser'] },
  'organiser:set-ranking-rules': { schema: setRankingRulesSchema, roles: ['organiser'] },
  'ranking:status': { schema: rankingOfSchema, roles: ['organiser', 'supervisor'] },
  'organiser:decide-appointments': { schema: decideAppointmentsSchema, roles: ['organiser'] },
  'organiser:set-calendar': { schema: setCalendarSchema, roles: ['organiser'] },
  'organiser:publish-notice': { schema: publishNoticeSchema, roles: ['organiser'] },
  'organiser:record-objection': { schema: recordObjectionSchema, roles: ['organiser'] },
  'organiser:handle-objection': { schema: handleObjectionSchema, roles: ['organiser'] },
  'organiser:finalise-appointments': { schema: finaliseAppointmentsSchema, roles: ['organiser'] },
  'notice:status': { schema: rankingOfSchema, roles: ['organiser', 'supervisor'] },
  'booth:evaluations': { schema: organiser.organiserOverviewSchema, roles: ['booth', 'teller'] },
  'booth:card': { schema: boothCardSchema, roles: ['booth', 'teller'] },
  'booth:cast': { schema: castBallotSchema, roles: ['booth'] },
  'teller:enter': { schema: tellerEntrySchema, roles: ['teller'] },
  'review:selections': { schema: organiser.reviewSelectionsSchema, roles: ['reviewer'] },
  'review:queue': { schema: organiser.reviewSelectionSchema, roles: ['reviewer'] },
  'review:decide': { schema: organiser.reviewDecideSchema, roles: ['reviewer'] },
  'review:declare-relation': { schema: organiser.declareRelationSchema, roles: ['reviewer'] },
} as const satisfies Record<string, RequestSpec>;

export type RequestName = keyof typeof REQUESTS;
export type RequestPayload<K extends RequestName> = z.input<(typeof REQUESTS)[K]['schema']>;
export type ParsedPayload<K extends RequestName> = z.output<(typeof REQUESTS)[K]['schema']>;

/** What each request answers with on success. */
export interface RequestResults {
  'candidate:sign-in': kiosk.SignInResult;
  'answer:save': { rev: number };
  'answer:submit': SignedReceipt;
  'kiosk:incident': { recorded: true };
  'desk:overview': desk.DeskDevices & { sessions: desk.SessionSummary[]; days: Array<{ id: string; label: string; rooms: string[] }>; seats: Record<string, string[]> };
  'desk:change-code': { code: string };
  'desk:session': { session: desk.SessionSummary; seats: desk.SeatState[]; incidents: desk.IncidentRow[] };
  'desk:admit': desk.DeviceRow;
  'desk:revoke': desk.DeviceRow;
  'desk:enter-share': { target: 'paper' | 'answer-key'; index: number; entered: number[]; threshold: number; ready: boolean; opened: boolean };
  'desk:start': { startedAt: number; overridden: boolean };
  'desk:announce': { at: number };
  'desk:extra-time': desk.SeatState;
  'desk:pause': desk.SeatState;
  'desk:resume': desk.SeatState;
  'desk:close': { closedAt: number; autoSubmitted: number };
  'desk:results': { rows: desk.ResultRow[]; questionCount: number; markedComplete: boolean; paperTotal: number };
  'marking:sessions': { sessions: Array<{ id: string; label: string; room: string }> };
  'marking:queue': marking.MarkingQueue;
  'marking:mark': { code: string; questionId: string; points: number; hash: string };
  'marking:roster': { candidates: Array<{ ticket: string; name: string }>; declared: string[] };
  'marking:declare-relation': { recorded: true };
  'interview:overview': interview.DaySummary;
  'interview:candidates': { candidates: interview.InterviewCandidateRow[] };
  'interview:check-in': interview.InterviewCandidateRow;
  'interview:absent': interview.InterviewCandidateRow;
  'interview:enter-share': { index: number; entered: number[]; threshold: number; opened: boolean };
  'interview:results': { rows: interview.InterviewResultRow[]; complete: boolean; max: number };
  'interview:panel': { rooms: Array<{ room: string; examiners: interview.PanelMember[]; supervisors: interview.PanelMember[] }> };
  'lot:open': interview.DrawStatus;
  'lot:abandon': interview.DrawStatus;
  'lot:status': { draw: interview.DrawStatus | null };
  'lot:commit': interview.DrawStatus;
  'lot:reveal': interview.DrawStatus;
  'room:queue': { rooms: interview.RoomStatus[] };
  'room:call': interview.RoomStatus;
  'room:enter': interview.RoomStatus;
  'room:leave': interview.RoomStatus;
  'room:no-show': interview.RoomStatus;
  'examiner:view': interview.ExaminerView;
  'examiner:roster': { candidates: Array<{ ticket: string; name: string }>; declared: string[] };
  'examiner:declare-relation': { recorded: true };
  'score:submit': { hash: string; state: 'current' | 'awaiting-countersign' };
  'score:conflict': { recorded: true };
  'score:countersign': { hash: string; state: 'current' };
  'score:pending': { corrections: interview.PendingCorrection[]; flags: interview.OutlierFlag[] };
  'checkpoint:list': { checkpoints: interview.CheckpointRow[] };
  'checkpoint:cosign': interview.CheckpointRow;
  'checkpoint:make': interview.CheckpointRow;
  'organiser:overview': organiser.OrganiserOverview;
  'organiser:create-selection': organiser.OrganiserOverview;
  'organiser:save-post': organiser.OrganiserOverview;
  'organiser:registrations': { rows: organiser.RegistrationRow[] };
  'organiser:import-registrations': organiser.ImportOutcome;
  'organiser:assign-reviewer': organiser.OrganiserOverview;
  'organiser:publish-qualified': QualifiedList;
  'organiser:create-session': { sessionId: string; candidates: number; sealedHash: string; encoding: string };
  'organiser:decide-post': organiser.OrganiserOverview;
  'organiser:export-bundle': { fileName: string; text: string; bundleHash: string };
  'organiser:open-seat-draw': interview.DrawStatus;
  'organiser:abandon-seat-draw': interview.DrawStatus;
  'organiser:admissions': { rows: AdmissionRow[]; draw: interview.DrawStatus | null };
  'organiser:create-evaluation': EvaluationStatus;
  'organiser:open-evaluation': EvaluationStatus;
  'organiser:close-evaluation': EvaluationStatus;
  'evaluation:status': EvaluationStatus;
  'evaluation:list': { evaluations: Array<{ id: string; selectionId: string; title: string; state: 'setup' | 'open' | 'closed' }> };
  'booth:evaluations': { evaluations: EvaluationSettings[] };
  'booth:cast': { received: true };
  'booth:card': { evaluationId: string; group: string; spent: boolean };
  'teller:enter': TellerOutcome;
  'organiser:decide-evaluation': EvaluationStatus;
  'organiser:set-ranking-rules': RankingStatus;
  'ranking:status': RankingStatus;
  'organiser:decide-appointments': RankingStatus;
  'organiser:set-calendar': NoticeStatus;
  'organiser:publish-notice': NoticeStatus;
  'organiser:record-objection': NoticeStatus;
  'organiser:handle-objection': NoticeStatus;
  'organiser:finalise-appointments': NoticeStatus;
  'notice:status': NoticeStatus;
  'organiser:export-supervisors-bundle': { fileName: string; text: string; forms: number; decisions: number };
  'seats:draws': { draws: Array<interview.DrawStatus & { selectionId: string; title: string }> };
  'organiser:create-day': { dayId: string; candidates: number; rooms: string[]; questionsHash: string; encoding: string };
  'review:selections': { selections: Array<{ id: string; title: string }> };
  'review:queue': ReviewQueue;
  'review:decide': { hash: string };
  'review:declare-relation': { recorded: true };
}

/** socket.io's client-to-server event map, derived from REQUESTS. */
export type ClientToServerEvents = {
  [K in RequestName]: (payload: RequestPayload<K>, ack: (result: Ack<RequestResults[K]>) => void) => void;
};

/** Events the server pushes. */
export interface ServerToClientEvents {
  'device:status': (status: kiosk.DeviceStatus) => void;
  'exam:key': (msg: { sessionId: string; key: string; startedAt: number }) => void;
  'exam:timing': (timing: Timing) => void;
  'exam:announcement': (msg: { sessionId: string; text: string; at: number }) => void;
  'exam:submitted': (receipt: SignedReceipt) => void;
  'desk:seats': (msg: { sessionId: string; seats: desk.SeatState[] }) => void;
  'desk:incident': (msg: { sessionId: string; incident: desk.IncidentRow }) => void;
  'desk:devices': (msg: desk.DeskDevices) => void;
  'desk:session': (msg: { session: desk.SessionSummary }) => void;
  'interview:room': (status: interview.RoomStatus & { dayId: string }) => void;
  'interview:day': (summary: interview.DaySummary) => void;
  'lot:status': (draw: interview.DrawStatus) => void;
  'interview:flag': (flag: interview.OutlierFlag) => void;
  'checkpoint:due': (row: interview.CheckpointRow) => void;
  'score:sheet': (msg: { dayId: string; room: string; lot: number; sheet: SignedSheet; state: string }) => void;
}
