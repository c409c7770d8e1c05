export interface SealedFilesTable {
  /** `<kind>:<seal id>` */
  id: string;
  seal_id: string;
  kind: 'paper' | 'answer-key' | 'interview';
  label: string;
  sealed_json: string;
  sealed_hash: string;
  /** base64 key, stored only once the file has been opened: it is no longer secret then. */
  key: string | null;
  opened_at: number | null;
}
