export interface CandidatesTable {
  session_id: string;
  ticket: string;
  name: string;
  id_number: string;
  seat: string;
  seed: string;
  signed_in_at: number | null;
  extra_ms: number;
  paused_at: number | null;
  paused_ms: number;
  submitted_at: number | null;
  receipt_json: string | null;
  /** The kiosk the candidate is signed in on now (migration 021). */
  device_id: string | null;
}

export interface AnswersTable {
  session_id: string;
  ticket: string;
  question_id: string;
  value_json: string;
  rev: number;
  saved_at: number;
}
