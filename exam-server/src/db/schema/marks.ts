export interface MarksTable {
  session_id: string;
  ticket: string;
  question_id: string;
  points: number;
  source: 'auto' | 'marker';
  marker: string | null;
  marked_at: number;
}

/** The anonymous codes markers see instead of names. */
export interface ScriptCodesTable {
  session_id: string;
  ticket: string;
  code: string;
}
