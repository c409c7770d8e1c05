import type { Handlers } from './requests';
import { signIn } from '../answers/sign-in';
import { saveAnswer } from '../answers/save';
import { submitAnswers } from '../answers/submit';
import { reportIncident } from '../answers/incident';
import { overview, sessionDetail } from '../desk/overview';
import { admitDevice, revokeDevice } from '../desk/devices';
import { enterShare, startExam } from '../desk/opening';
import { announce, extraTime, pauseSeat, resumeSeat } from '../desk/seat-control';
import { closeExam } from '../sessions/close';
import { results } from '../marking/results';
import { markingQueue, recordMark } from '../marking/marking';

/** Every request of the protocol and the code that answers it. */
export const handlers: Handlers = {
  'candidate:sign-in': signIn,
  'answer:save': saveAnswer,
  'answer:submit': submitAnswers,
  'kiosk:incident': reportIncident,
  'desk:overview': overview,
  'desk:session': sessionDetail,
  'desk:admit': admitDevice,
  'desk:revoke': revokeDevice,
  'desk:enter-share': enterShare,
  'desk:start': startExam,
  'desk:announce': announce,
  'desk:extra-time': extraTime,
  'desk:pause': pauseSeat,
  'desk:resume': resumeSeat,
  'desk:close': closeExam,
  'desk:results': results,
  'marking:queue': markingQueue,
  'marking:mark': recordMark,
};
