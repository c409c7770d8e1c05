import type { AuditLogTable, CheckpointsTable, CosignaturesTable, SettingsTable } from './audit-log';
import type { AnswersTable, CandidatesTable } from './candidates';
import type { DevicesTable } from './devices';
import type { AnnouncementsTable, IncidentsTable } from './events';
import type { MarksTable, MarkVersionsTable, ScriptCodesTable } from './marks';
import type { SealedFilesTable } from './sealed-files';
import type { SeatsTable, SessionsTable } from './sessions';
import type { PostsTable, RegistrationsTable, SelectionsTable } from './selections';
import type { ConflictsTable, InterviewCandidatesTable, InterviewDaysTable, InterviewRoomsTable, LotDrawsTable, LotEntriesTable, ScoreSheetsTable } from './interview';

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
  mark_versions: MarkVersionsTable;
  script_codes: ScriptCodesTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  checkpoints: CheckpointsTable;
  cosignatures: CosignaturesTable;
  interview_days: InterviewDaysTable;
  interview_rooms: InterviewRoomsTable;
  interview_candidates: InterviewCandidatesTable;
  lot_draws: LotDrawsTable;
  lot_entries: LotEntriesTable;
  score_sheets: ScoreSheetsTable;
  conflicts: ConflictsTable;
  selections: SelectionsTable;
  posts: PostsTable;
  registrations: RegistrationsTable;
}
