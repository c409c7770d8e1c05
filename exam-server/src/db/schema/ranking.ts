export interface RankingRulesTable {
  selection_id: string;
  post: string;
  round: number;
  /** shared's `RankingRules`, canonical JSON. */
  rules_json: string;
  set_at: number;
}

export interface AppointmentDecisionsTable {
  selection_id: string;
  /** shared's `CommitteeDecision`, canonical JSON. */
  decision_json: string;
  /** shared's `AppointmentResult`, canonical JSON. */
  result_json: string;
  decided_at: number;
}
