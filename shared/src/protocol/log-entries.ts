/**
 * Every type of audit log entry and the members of its payload (docs/protocol.md §11). A member
 * ending in `?` may be absent. The server appends only these types, with exactly these members;
 * the docs' table is held against this one by a test, and so is every entry of an honest day.
 */
export const LOG_ENTRY_TYPES = {
  'session.created': ['sessionId', 'label', 'room', 'seats', 'scheduledStart', 'durationMinutes', 'lateEntryMinutes', 'paperSealedHash', 'answerKeySealedHash', 'seed', 'candidates', 'selectionId?', 'paper?'],
  'device.admitted': ['deviceId', 'role', 'fingerprint', 'publicKey', 'label', 'room', 'seat', 'dayId', 'person'],
  'device.revoked': ['deviceId', 'reason'],
  'desk.code-refused': ['fingerprint', 'address', 'attempts'],
  'desk.code-changed': ['deviceId'],
  'candidate.signed-in': ['sessionId', 'ticket', 'seat', 'deviceId', 'seed'],
  'candidate.resumed': ['sessionId', 'ticket', 'seat', 'deviceId', 'seed'],
  'share.entered': ['sessionId?', 'dayId?', 'target', 'sealId', 'index', 'keyholder'],
  'exam.started': ['sessionId', 'startedAt', 'scheduledStart', 'override', 'sealedHash', 'key', 'keyCommitment', 'shares'],
  'exam.announcement': ['sessionId', 'text'],
  'candidate.extra-time': ['sessionId', 'ticket', 'minutes', 'reason'],
  'candidate.paused': ['sessionId', 'ticket', 'reason'],
  'candidate.resumed-after-pause': ['sessionId', 'ticket', 'pausedMs'],
  'kiosk.incident': ['sessionId', 'ticket', 'seat', 'kind', 'detail', 'repeats'],
  'candidate.submitted': ['sessionId', 'ticket', 'answersHash', 'answerCount', 'submittedAt', 'auto'],
  'exam.closed': ['sessionId', 'closedAt', 'autoSubmitted', 'absent', 'reason'],
  'answer-key.opened': ['sessionId', 'sealId', 'key', 'keyCommitment', 'shares'],
  'marks.objective': ['sessionId', 'totals', 'codes'],
  'mark.recorded': ['sessionId', 'code', 'questionId', 'points', 'markerKey', 'hash', 'replaces', 'signature'],
  'checkpoint.made': ['seq', 'hash', 'phase', 'signature'],
  'checkpoint.cosigned': ['seq', 'hash', 'phase', 'supervisorKey', 'signature'],
  'interview.day-created': ['dayId', 'label', 'holdingRoom', 'finishedRoom', 'rooms', 'questionsSealedHash', 'rule', 'candidates', 'selectionId?', 'postRooms?'],
  'ceremony.key-admitted': ['deviceId', 'role', 'fingerprint', 'publicKey', 'label', 'room', 'seat', 'dayId', 'person'],
  'interview-questions.opened': ['dayId', 'sealId', 'key', 'keyCommitment', 'shares'],
  'candidate.checked-in': ['dayId', 'ticket', 'phoneHandedIn'],
  'candidate.absent': ['dayId', 'ticket', 'reason'],
  'lot.draw-opened': ['dayId', 'drawId', 'attempt', 'tickets', 'candidatesHash', 'contributors', 'selectionId?'],
  'lot.committed': ['drawId', 'contributor', 'commitment', 'signature'],
  'lot.reveal-phase': ['drawId'],
  'lot.revealed': ['drawId', 'contributor', 'secret'],
  'lot.reveal-refused': ['drawId', 'contributor'],
  'lot.drawn': ['dayId', 'transcript', 'selectionId?'],
  'lot.abandoned': ['drawId', 'reason', 'wasState', 'notRevealed'],
  'candidate.called': ['dayId', 'room', 'lot', 'ticket'],
  'candidate.entered-room': ['dayId', 'room', 'lot', 'ticket'],
  'candidate.no-show': ['dayId', 'room', 'lot', 'ticket', 'reason'],
  'candidate.finished': ['dayId', 'room', 'lot', 'ticket'],
  'room.free': ['dayId', 'room', 'lot'],
  'score.signed': ['dayId', 'room', 'lot', 'hash', 'total', 'replaces', 'reason'],
  'score.correction-signed': ['dayId', 'room', 'lot', 'hash', 'total', 'replaces', 'reason'],
  'score.corrected': ['dayId', 'room', 'lot', 'hash', 'replaces', 'countersignature'],
  'score.conflict-declared': ['dayId', 'room', 'lot', 'reason', 'signature'],
  'score.flagged': ['dayId', 'room', 'lot', 'examiner', 'total', 'median2', 'hash', 'distance'],
  'selection.created': ['selectionId', 'title', 'registrationOpens', 'registrationCloses', 'steps'],
  'post.saved': ['selectionId', 'postId', 'post'],
  'registration.recorded': ['selectionId', 'registrationId', 'commitment', 'posts', 'replaces', 'via'],
  'registration.withdrawn': ['selectionId', 'registrationId'],
  'reviewer.assigned': ['selectionId', 'deviceId', 'publicKey'],
  'review.signed': ['selectionId', 'registrationId', 'post', 'decision', 'hash', 'replaces', 'reviewerKey'],
  'recusal.declared': ['selectionId', 'commitment', 'declarantKey'],
  'marking.recusal-declared': ['sessionId', 'commitment', 'declarantKey'],
  'interview.recusal-declared': ['dayId', 'commitment', 'declarantKey'],
  'qualified.published': ['selectionId', 'posts'],
  'seats.assigned': ['selectionId', 'drawId', 'admissions'],
  'evaluation.created': ['evaluationId', 'selectionId', 'settings', 'lists'],
  'evaluation.opened': ['evaluationId'],
  'evaluation.closed': ['evaluationId', 'handedOut', 'missing', 'unused', 'cast', 'boardHash'],
  'evaluation.decided': ['evaluationId', 'decision', 'reason'],
  'post.ratio-decided': ['selectionId', 'postId', 'qualified', 'required', 'action', 'mergeInto', 'reason'],
  'server.restored': ['backup', 'createdAt', 'reason', 'seq', 'head', 'note'],
  'ranking.rules-set': ['selectionId', 'postId', 'round', 'rules'],
  'ranking.decided': ['selectionId', 'decision', 'result'],
  'calendar.set': ['calendar'],
  'notice.published': ['selectionId', 'noticeId', 'kind', 'target', 'workingDays', 'firstDay', 'lastDay', 'endsAt', 'bundleHash'],
  'objection.received': ['selectionId', 'noticeId', 'objectionId', 'about', 'signed', 'commitment'],
  'objection.handled': ['objectionId', 'outcome', 'reason'],
  'appointments.finalised': ['selectionId', 'noticeId', 'final', 'withheld'],
} as const satisfies Record<string, readonly string[]>;

export type LogEntryType = keyof typeof LOG_ENTRY_TYPES;

/** What is wrong with an entry's payload against its type's members, if anything. */
export function payloadProblems(type: string, payload: Record<string, unknown>): string[] {
  const members = MEMBERS.get(type);
  if (!members) return [`${type} is not an entry type of the protocol`];
  const problems: string[] = [];
  for (const k in payload) if (Object.hasOwn(payload, k) && !members.allowed.has(k)) problems.push(`${type} has a member ${k} the protocol does not name`);
  for (const m of members.required) if (!Object.hasOwn(payload, m)) problems.push(`${type} lacks its member ${m}`);
  return problems;
}

/** Each type's members, allowed and required, worked out once: a bundle's log has 100,000 entries. */
const MEMBERS = new Map(
  Object.entries(LOG_ENTRY_TYPES as Record<string, readonly string[]>).map(([type, members]) => [
    type,
    { allowed: new Set(members.map((m) => m.replace(/\?$/, ''))), required: members.filter((m) => !m.endsWith('?')) },
  ]),
);
