export interface AuditLogTable {
  seq: number;
  at: number;
  type: string;
  actor: string;
  payload_json: string;
  prev_hash: string;
  hash: string;
}

export interface CheckpointsTable {
  seq: number;
  hash: string;
  phase: string;
  at: number;
  server_signature: string;
}

export interface CosignaturesTable {
  seq: number;
  supervisor_key: string;
  signature: string;
  at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}
