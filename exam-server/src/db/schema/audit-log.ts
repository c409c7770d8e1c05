export interface AuditLogTable {
  seq: number;
  at: number;
  type: string;
  actor: string;
  payload_json: string;
  prev_hash: string;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}
