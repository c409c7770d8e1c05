export interface MarksTable {
  session_id: string;
  ticket: string;
  question_id: string;
  points: number;
  source: 'auto' | 'marker';
  marker: string | null;
  marked_at: number;
  /** For a marker's mark: the signed mark object as its canonical JSON, and the marker's signature. */
  mark_json: string | null;
  signature: string | null;
}

/** The anonymous codes markers see instead of names. */
export interface ScriptCodesTable {
  session_id: string;
  ticket: string;
  code: string;
}

/** Every version of a marker's signed mark, as received (protocol 2): the bundle carries them all. */
export interface MarkVersionsTable {
  hash: string;
  session_id: string;
  ticket: string;
  question_id: string;
  /** The signed mark as its canonical JSON. */
  mark_json: string;
  signature: string;
  received_at: number;
}

export interface MarkingRecusalsTable {
  hash: string;
  session_id: string;
  ticket: string;
  declarant_key: string;
  /** shared's `MarkingRecusal`, canonical JSON */
  declaration_json: string;
  signature: string;
  declared_at: number;
}
