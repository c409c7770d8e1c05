import type { AuditLogTable, SettingsTable } from './audit-log';
import type { AnswersTable, CandidatesTable } from './candidates';
import type { DevicesTable } from './devices';
import type { AnnouncementsTable, IncidentsTable } from './events';
import type { MarksTable, ScriptCodesTable } from './marks';
import type { SealedFilesTable } from './sealed-files';
import type { SeatsTable, SessionsTable } from './sessions';

export interface DatabaseSchema {
  devices: DevicesTable;
  sealed_files: SealedFilesTable;
  sessions: SessionsTable;
  seats: SeatsTable;
  candidates: CandidatesTable;
  answers: AnswersTable;
  incidents: IncidentsTable;
  announcements: AnnouncementsTable;
  marks: MarksTable;
  script_codes: ScriptCodesTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
