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
}
