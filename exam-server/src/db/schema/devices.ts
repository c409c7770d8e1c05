export interface DevicesTable {
  id: string;
  public_key: string;
  fingerprint: string;
  kind: string;
  label: string | null;
  status: 'pending' | 'admitted' | 'revoked';
  role: string | null;
  room: string | null;
  seat: string | null;
  created_at: number;
  admitted_at: number | null;
  /** For interview roles: the day and the person (an examiner's or supervisor's name, for the ceremony sheet). */
  day_id: string | null;
  person: string | null;
}
