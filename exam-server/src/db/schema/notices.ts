export interface CalendarsTable {
  year: number;
  /** shared's `YearCalendar`, canonical JSON. */
  calendar_json: string;
  set_at: number;
}

export interface NoticesTable {
  id: string;
  selection_id: string;
  kind: string;
  target: string | null;
  title: string;
  published_at: number;
  working_days: number;
  first_day: string;
  last_day: string;
  ends_at: number;
  /** The hash of the bundle published with the notice (the page carries it). */
  bundle_hash: string;
  html: string;
  /** That bundle, as `exam export-bundle` writes it. */
  bundle_text: string;
}

export interface ObjectionsTable {
  id: string;
  notice_id: string;
  /** The registration it is about, or null for the notice as a whole. */
  about: string | null;
  name: string | null;
  contact: string | null;
  via: string;
  text: string;
  salt: string;
  commitment: string;
  received_at: number;
  outcome: string | null;
  reason: string | null;
  handled_at: number | null;
}

export interface AppointmentFinalsTable {
  selection_id: string;
  notice_id: string;
  /** `{ final, withheld }` as logged. */
  final_json: string;
  finalised_at: number;
}
