import type { InterviewCandidateState } from '../events/interview';

/**
 * The candidate's way through the interview day (docs/protocol.md §15), one direction only:
 * 候考室 holding → called → 面试室 interviewing → 候分室 finished, or registered → absent, or
 * called → absent (called, and did not come). Each move
 * and the log entry that records it; a move not in this table never happens. The server refuses any
 * other, and a verifier replaying the log finds any other.
 */
export const CANDIDATE_MOVES = {
  'registered>holding': 'candidate.checked-in',
  'holding>holding': 'candidate.checked-in',
  'registered>absent': 'candidate.absent',
  'holding>called': 'candidate.called',
  'called>interviewing': 'candidate.entered-room',
  'called>absent': 'candidate.no-show',
  'interviewing>finished': 'candidate.finished',
} as const satisfies Partial<Record<`${InterviewCandidateState}>${InterviewCandidateState}`, string>>;

export type CandidateMove = keyof typeof CANDIDATE_MOVES;

/** The log entry type of a move, or null when the move is not allowed. */
export function moveEntry(from: InterviewCandidateState, to: InterviewCandidateState): (typeof CANDIDATE_MOVES)[CandidateMove] | null {
  return (CANDIDATE_MOVES as Record<string, (typeof CANDIDATE_MOVES)[CandidateMove]>)[`${from}>${to}`] ?? null;
}

/** The state a move recorded by this log entry type leads to. */
export const MOVE_TARGET: Record<string, InterviewCandidateState> = Object.fromEntries(
  Object.entries(CANDIDATE_MOVES).map(([k, type]) => [type, k.split('>')[1] as InterviewCandidateState]),
);
