export interface SelectionsTable {
  id: string;
  title: string;
  registration_opens: number;
  registration_closes: number;
  /** JSON array of the steps, in the organiser's order. */
  steps_json: string;
  created_at: number;
}

export interface PostsTable {
  selection_id: string;
  id: string;
  /** The post as saved, canonical JSON (shared's `Post`). */
  post_json: string;
  saved_at: number;
}

export interface RegistrationsTable {
  id: string;
  selection_id: string;
  id_number: string;
  /** The form as registered, canonical JSON (shared's `RegistrationForm`). */
  form_json: string;
  /** 64 hex digits that, with the form, open the commitment on the log. */
  salt: string;
  commitment: string;
  /** SHA-256 of the slip's secret: the server can check a secret, not tell it. */
  secret_hash: string;
  state: 'active' | 'replaced' | 'withdrawn';
  /** 'page' (the registration page) or 'import' (a file of forms). */
  via: 'page' | 'import';
  submitted_at: number;
  replaces: string | null;
  ended_at: number | null;
}

export interface ReviewerAssignmentsTable {
  selection_id: string;
  device_id: string;
  assigned_at: number;
}

export interface ReviewDecisionsTable {
  hash: string;
  selection_id: string;
  registration_id: string;
  post: string;
  /** The signed decision, canonical JSON (shared's `ReviewDecision`). */
  decision_json: string;
  signature: string;
  device_id: string;
  received_at: number;
  current: number;
}

export interface RecusalsTable {
  hash: string;
  selection_id: string;
  registration_id: string;
  id_number: string;
  declarant_key: string;
  declaration_json: string;
  signature: string;
  declared_at: number;
}

export interface QualifiedListsTable {
  selection_id: string;
  /** shared's `QualifiedList`, canonical JSON. */
  list_json: string;
  published_at: number;
}

export interface PostOutcomesTable {
  selection_id: string;
  post: string;
  action: 'cancel' | 'merge' | 'proceed';
  merge_into: string | null;
  reason: string;
  decided_at: number;
}

export interface AdmissionsTable {
  selection_id: string;
  registration_id: string;
  /** 准考证号, from the seat draw's order (shared's `admissionsFromOrder`). */
  admission_no: string;
  /** shared's `SeatAdmission['sittings']`, JSON. */
  sittings_json: string;
  draw_id: string;
}

export interface EvaluationsTable {
  id: string;
  selection_id: string;
  /** shared's `EvaluationSettings`, canonical JSON. */
  settings_json: string;
  state: 'setup' | 'open' | 'closed';
  created_at: number;
  close_json: string | null;
  /** The organiser's decision on an evaluation under the minimum turnout: `{ decision, reason }`. */
  decision_json: string | null;
}

/** A closed evaluation's board: its ballots in key order, written at the close (the ballot store then forgets them). */
export interface EvaluationBoardTable {
  evaluation_id: string;
  key: string;
  ballot_json: string;
  signature: string;
}

export interface EvaluationKeysTable {
  evaluation_id: string;
  group_id: string;
  public_key: string;
}
