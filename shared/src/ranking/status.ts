import type { RankingRules } from './rules';
import type { PostRanking } from './shortlist';
import type { AppointmentResult, CommitteeDecision } from './decision';

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
