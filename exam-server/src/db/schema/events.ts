export interface IncidentsTable {
  id: number | null;
  session_id: string;
  ticket: string | null;
  seat: string | null;
  kind: string;
  detail: string | null;
  at: number;
}

export interface AnnouncementsTable {
  id: number | null;
  session_id: string;
  text: string;
  at: number;
}
