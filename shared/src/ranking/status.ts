import type { RankingRules } from './rules';
import type { PostRanking } from './shortlist';
import type { AppointmentResult, CommitteeDecision } from './decision';

/**
 * Why a candidate's component is not known yet, as `ranking:status` says it (the server's view, not
 * part of the bundle): what the organiser must see to, or wait for, before the ranking is complete.
 */
export const WAITING_REASONS = {
  'no-session': { zh: '不在该科目任何笔试场次的名单中（场次名单在创建场次时确定）', en: 'in no written session of the paper (a session’s list is fixed when the session is created)' },
  'exam-not-over': { zh: '笔试尚未结束', en: 'the written exam is not over' },
  'not-marked': { zh: '阅卷尚未完成', en: 'marking is not finished' },
  'not-on-day': { zh: '不在面试日名单中（名单在设立面试日时确定）', en: 'not on the interview day’s list (fixed when the day is set up)' },
  'not-scored': { zh: '面试尚未评分完毕', en: 'the interview is not yet scored' },
  'evaluation-not-closed': { zh: '民主测评尚未结束', en: 'the evaluation is not closed' },
  'evaluation-turnout': { zh: '参评率未达要求，待党组决定', en: 'turnout under the minimum: awaiting the committee’s decision' },
  'evaluation-rerun': { zh: '已决定重新测评：请在计分规则中改用重新测评', en: 'to be run again: name the rerun in the rules' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type WaitingReason = keyof typeof WAITING_REASONS;

/**
 * A selection's composite rankings as the console and the supervisors' tablets show them
 * (`ranking:status`): per post, each round's rules, when they became fixed, and the ranking from
 * the components known so far. Names are those of the published lists.
 */
export interface RankingStatus {
  selectionId: string;
  title: string;
  steps: string[];
  posts: Array<{
    post: string;
    title: string;
    seats: number;
    /** The paper that serves the post (its written component's source), or null. */
    paper: string | null;
    /** The post its candidates compete for, when not itself (merged), or null when it was cancelled. */
    goesTo: string | null;
    rounds: Array<{
      rules: RankingRules;
      setAt: number;
      /** The component whose beginning fixed these rules, and the log entry; null while they may change. */
      fixedBy: { component: string; seq: number } | null;
      /** Null for a round whose previous round is not complete. */
      ranking: PostRanking | null;
      /** Each component not known yet of each candidate of the ranking (its index in the rules), and why. */
      waiting: Array<{ registrationId: string; component: number; reason: WaitingReason }>;
    }>;
  }>;
  /** Registration id → admission number and name, for every candidate in a ranking. */
  people: Record<string, { admissionNo: string; name: string }>;
  /** The committee's decision as last recorded, with the appointments it gives; null before. */
  decision: { decision: CommitteeDecision; result: AppointmentResult; decidedAt: number } | null;
  /** What a component may name: the selection's interview days and evaluations. */
  days: Array<{ id: string; label: string }>;
  /** The selection's written sessions that sit a paper of its posts. */
  sessions: Array<{ id: string; label: string; paper: string }>;
  /** `rerun`: the committee decided to run it again (§24): it never stands, and a post's fixed rules may name the rerun in its place. */
  evaluations: Array<{ id: string; title: string; state: 'setup' | 'open' | 'closed'; rerun: boolean }>;
}
