export interface SelectionsTable {
  id: string;
  title: string;
  registration_opens: number;
  registration_closes: number;
  /** JSON array of the steps, in the organiser's order. */
  steps_json: string;
  created_at: number;
}

export interface PostsTable {
  selection_id: string;
  id: string;
  /** The post as saved, canonical JSON (shared's `Post`). */
  post_json: string;
  saved_at: number;
}

export interface RegistrationsTable {
  id: string;
  selection_id: string;
  id_number: string;
  /** The form as registered, canonical JSON (shared's `RegistrationForm`). */
  form_json: string;
  /** 64 hex digits that, with the form, open the commitment on the log. */
  salt: string;
  commitment: string;
  /** SHA-256 of the slip's secret: the server can check a secret, not tell it. */
  secret_hash: string;
  state: 'active' | 'replaced' | 'withdrawn';
  /** 'page' (the registration page) or 'import' (a file of forms). */
  via: 'page' | 'import';
  submitted_at: number;
  replaces: string | null;
  ended_at: number | null;
}
