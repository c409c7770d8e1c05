export interface SessionsTable {
  id: string;
  label: string;
  room: string;
  paper_id: string;
  answer_key_id: string;
  scheduled_start: number;
  duration_minutes: number;
  late_entry_minutes: number;
  /** hex; the candidates' shuffle seeds derive from it */
  seed: string;
  state: 'scheduled' | 'running' | 'closed';
  started_at: number | null;
  start_override: string | null;
  closed_at: number | null;
  created_at: number;
  /** The selection it belongs to, when created for one. */
  selection_id: string | null;
  /** The selection's paper whose candidates came from its seat draw, or null for a roster file. */
  paper: string | null;
}

export interface SeatsTable {
  room: string;
  seat: string;
}
