export interface RankingRulesTable {
  selection_id: string;
  post: string;
  round: number;
  /** shared's `RankingRules`, canonical JSON. */
  rules_json: string;
  set_at: number;
}
