import { closeEvaluation, createEvaluation, decideEvaluation, evaluationList, evaluationStatus, openEvaluation } from '../evaluation/evaluations';
import { boothCard, boothEvaluations, castBallot } from '../evaluation/casting';
import { enterPaperBallot } from '../evaluation/paper';
import { declareExaminerRelation, examinerRoster } from '../interview/recusal';
import { abandonSeatDraw, listAdmissions, openSeatDraw, seatDraws } from '../selections/seats';
import { changeDeskCode } from '../desk/desk-code';
import type { Handlers } from './requests';
import { signIn } from '../answers/sign-in';
import { saveAnswer } from '../answers/save';
import { setRankingRules } from '../ranking/rules';
import { rankingOf } from '../ranking/status';
import { decideAppointments } from '../ranking/decision';
import { finaliseAppointments, handleObjection, noticesOf, publishNotice, recordObjection, setCalendar } from '../notices/notices';
import { submitAnswers } from '../answers/submit';
import { reportIncident } from '../answers/incident';
import { overview, sessionDetail } from '../desk/overview';
import { admitDevice, revokeDevice } from '../desk/devices';
import { enterShare, startExam } from '../desk/opening';
import { announce, extraTime, pauseSeat, resumeSeat } from '../desk/seat-control';
import { closeExam } from '../sessions/close';
import { results } from '../marking/results';
import { markingQueue, markingSessions, recordMark } from '../marking/marking';
import { checkIn, listCandidates, markAbsent } from '../interview/check-in';
import { dayOverview, enterQuestionsShare } from '../interview/opening';
import { abandonDraw, commitLot, lotStatus, openDraw, revealLot } from '../lots/draw';
import { callNext, enterRoom, leaveRoom, noShow, roomQueue } from '../rooms/moves';
import { countersign, declareConflict, pendingForSupervisor, submitSheet } from '../scoring/sheets';
import { examinerView } from '../scoring/examiner-view';
import { panelList, resultsOfDay } from '../scoring/results';
import { cosignCheckpoint, listCheckpoints, makeCheckpointRequest } from '../audit/checkpoints';
import { assignReviewer, createSelection, decidePost, exportBundleFromConsole, exportSupervisorsFromConsole, importRegistrationFile, listRegistrations, organiserOverview, publishQualified, savePost } from '../selections/organiser';
import { decide, declareRelation, reviewQueue, reviewSelections } from '../selections/review';
import { declareMarkingRelation, markingRoster } from '../marking/recusal';
import { createDayFromConsole, createSessionFromConsole } from '../selections/sessions';

/** Every request of the protocol and the code that answers it. */
export const handlers: Handlers = {
  'candidate:sign-in': signIn,
  'answer:save': saveAnswer,
  'answer:submit': submitAnswers,
  'kiosk:incident': reportIncident,
  'desk:overview': overview,
  'desk:session': sessionDetail,
  'desk:admit': admitDevice,
  'desk:change-code': changeDeskCode,
  'desk:revoke': revokeDevice,
  'desk:enter-share': enterShare,
  'desk:start': startExam,
  'desk:announce': announce,
  'desk:extra-time': extraTime,
  'desk:pause': pauseSeat,
  'desk:resume': resumeSeat,
  'desk:close': closeExam,
  'desk:results': results,
  'marking:sessions': markingSessions,
  'marking:queue': markingQueue,
  'marking:mark': recordMark,
  'marking:roster': markingRoster,
  'marking:declare-relation': declareMarkingRelation,
  'interview:overview': dayOverview,
  'interview:candidates': listCandidates,
  'interview:check-in': checkIn,
  'interview:absent': markAbsent,
  'interview:enter-share': enterQuestionsShare,
  'interview:results': resultsOfDay,
  'interview:panel': panelList,
  'lot:open': openDraw,
  'lot:abandon': abandonDraw,
  'lot:status': lotStatus,
  'lot:commit': commitLot,
  'lot:reveal': revealLot,
  'room:queue': roomQueue,
  'room:call': callNext,
  'room:enter': enterRoom,
  'room:leave': leaveRoom,
  'room:no-show': noShow,
  'examiner:view': examinerView,
  'score:submit': submitSheet,
  'score:conflict': declareConflict,
  'score:countersign': countersign,
  'score:pending': pendingForSupervisor,
  'checkpoint:list': listCheckpoints,
  'checkpoint:cosign': cosignCheckpoint,
  'checkpoint:make': makeCheckpointRequest,
  'organiser:overview': organiserOverview,
  'organiser:create-selection': createSelection,
  'organiser:save-post': savePost,
  'organiser:registrations': listRegistrations,
  'organiser:import-registrations': importRegistrationFile,
  'organiser:assign-reviewer': assignReviewer,
  'organiser:publish-qualified': publishQualified,
  'organiser:create-session': createSessionFromConsole,
  'organiser:decide-post': decidePost,
  'organiser:export-bundle': exportBundleFromConsole,
  'organiser:create-day': createDayFromConsole,
  'organiser:open-seat-draw': openSeatDraw,
  'organiser:abandon-seat-draw': abandonSeatDraw,
  'organiser:admissions': listAdmissions,
  'seats:draws': seatDraws,
  'organiser:export-supervisors-bundle': exportSupervisorsFromConsole,
  'examiner:roster': examinerRoster,
  'organiser:create-evaluation': createEvaluation,
  'organiser:open-evaluation': openEvaluation,
  'organiser:close-evaluation': closeEvaluation,
  'evaluation:status': evaluationStatus,
  'booth:evaluations': boothEvaluations,
  'booth:cast': castBallot,
  'booth:card': boothCard,
  'evaluation:list': evaluationList,
  'teller:enter': enterPaperBallot,
  'organiser:decide-evaluation': decideEvaluation,
  'organiser:set-ranking-rules': setRankingRules,
  'ranking:status': rankingOf,
  'organiser:decide-appointments': decideAppointments,
  'organiser:set-calendar': setCalendar,
  'organiser:publish-notice': publishNotice,
  'organiser:record-objection': recordObjection,
  'organiser:handle-objection': handleObjection,
  'organiser:finalise-appointments': finaliseAppointments,
  'notice:status': noticesOf,
  'examiner:declare-relation': declareExaminerRelation,
  'review:selections': reviewSelections,
  'review:queue': reviewQueue,
  'review:decide': decide,
  'review:declare-relation': declareRelation,
};
