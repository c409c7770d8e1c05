export interface InterviewDaysTable {
  id: string;
  label: string;
  holding_room: string;
  finished_room: string;
  questions_id: string;
  /** The panel's rule: trim highest and lowest when at least this many sheets count. */
  trim_when_at_least: number;
  /** A total further than this from the panel's median is flagged (hundredths). */
  outlier_distance: number;
  /** Announce each candidate's score on the spot once the panel has signed. */
  announce_on_spot: number;
  state: 'setup' | 'open' | 'finished';
  created_at: number;
  /** The selection it belongs to, when created for one. */
  selection_id: string | null;
}

export interface InterviewRoomsTable {
  day_id: string;
  room: string;
  /** The ticket of the candidate the room is busy with: called, interviewed, or still being scored. */
  current_ticket: string | null;
}

export interface InterviewCandidatesTable {
  day_id: string;
  ticket: string;
  name: string;
  id_number: string;
  room: string;
  state: 'registered' | 'holding' | 'called' | 'interviewing' | 'finished' | 'absent';
  phone_handed_in: number;
  lot: number | null;
  checked_in_at: number | null;
  called_at: number | null;
  entered_at: number | null;
  left_at: number | null;
}

export interface LotDrawsTable {
  id: string;
  /** The interview day whose lot this is, or null for a selection's seat draw. */
  day_id: string | null;
  /** The selection whose seat draw this is, or null for an interview day's lot. */
  selection_id: string | null;
  attempt: number;
  state: 'committing' | 'revealing' | 'done' | 'abandoned';
  tickets_json: string;
  candidates_hash: string;
  contributors_json: string;
  order_json: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface LotEntriesTable {
  draw_id: string;
  contributor: string;
  commitment: string;
  signature: string;
  secret: string | null;
  committed_at: number;
  revealed_at: number | null;
}

export interface ScoreSheetsTable {
  hash: string;
  day_id: string;
  room: string;
  lot: number;
  examiner_key: string;
  /** The signed sheet as its canonical JSON: with the domain tag before it, the bytes the examiner signed. */
  sheet_json: string;
  signature: string;
  replaces: string | null;
  countersign_json: string | null;
  state: 'current' | 'superseded' | 'awaiting-countersign';
  received_at: number;
  /** When the total was flagged to the supervisor as far from the panel's median. */
  flagged_at: number | null;
}

export interface ConflictsTable {
  day_id: string;
  room: string;
  lot: number;
  examiner_key: string;
  declaration_json: string;
  signature: string;
  at: number;
}

export interface InterviewRecusalsTable {
  hash: string;
  day_id: string;
  ticket: string;
  declarant_key: string;
  /** The signed `interview-recusal`, canonical JSON. */
  declaration_json: string;
  signature: string;
  declared_at: number;
}
