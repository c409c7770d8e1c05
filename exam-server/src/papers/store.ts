import {
  ExamError,
  answerKeySchema,
  fromBase64,
  fromUtf8,
  openBytes,
  paperSchema,
  sealedFileSchema,
  sealedHash,
  allQuestions,
  interviewSetSchema,
  type InterviewSet,
  type Question,
  type AnswerKey,
  type Paper,
  type SealedFile,
  schemaProblems, problemDetail,
} from '@exam/shared';
import type { Db, Tx } from '../db/database';

export const fileId = (kind: SealedFile['kind'], sealId: string) => `${kind}:${sealId}`;

/** Checks and stores a sealed file; storing the same file twice is harmless. */
export async function importSealedFile(tx: Tx, input: unknown): Promise<{ id: string; file: SealedFile; hash: string }> {
  const parsed = sealedFileSchema.safeParse(input);
  if (!parsed.success) {
    throw new ExamError('invalid-paper', 'not a sealed file', schemaProblems(sealedFileSchema, input).map(problemDetail));
  }
  const file = parsed.data;
  const id = fileId(file.kind, file.sealId);
  const hash = sealedHash(file);
  const existing = await tx.selectFrom('sealed_files').select('sealed_hash').where('id', '=', id).executeTakeFirst();
  if (existing && existing.sealed_hash !== hash) throw new ExamError('conflict', `another file with seal id ${file.sealId} is already stored`);
  if (!existing) {
    await tx.insertInto('sealed_files').values({ id, seal_id: file.sealId, kind: file.kind, label: file.label, sealed_json: JSON.stringify(file), sealed_hash: hash, key: null, opened_at: null }).execute();
  }
  return { id, file, hash };
}

export async function loadSealedFile(db: Db | Tx, id: string): Promise<{ file: SealedFile; hash: string; key: string | null; openedAt: number | null }> {
  const row = await db.selectFrom('sealed_files').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ExamError('not-found', `no sealed file ${id}`);
  return { file: sealedFileSchema.parse(JSON.parse(row.sealed_json)), hash: row.sealed_hash, key: row.key, openedAt: row.opened_at };
}

/** Decrypts a sealed file with its key and checks what comes out against the content schema. */
export function decryptSealed(file: SealedFile, key: Uint8Array): Paper | AnswerKey | InterviewSet {
  const plain = openBytes(key, file.box);
  if (!plain) throw new ExamError('key-mismatch', `the key does not open ${file.kind} ${file.sealId}`);
  const json = JSON.parse(fromUtf8(plain)) as unknown;
  return file.kind === 'paper' ? paperSchema.parse(json) : file.kind === 'interview' ? interviewSetSchema.parse(json) : answerKeySchema.parse(json);
}

/**
 * The opened papers and answer keys, in memory. Nothing is in here before an opening; after a
 * restart the stored keys (no longer secret once opened) fill it again.
 */
export class OpenedFiles {
  private readonly papers = new Map<string, Paper>();
  private readonly questions = new Map<string, Map<string, Question>>();
  private readonly keys = new Map<string, AnswerKey>();
  private readonly interviews = new Map<string, InterviewSet>();

  async loadAll(db: Db): Promise<void> {
    const rows = await db.selectFrom('sealed_files').select(['id', 'sealed_json', 'key']).where('key', 'is not', null).execute();
    for (const r of rows) this.put(r.id, decryptSealed(sealedFileSchema.parse(JSON.parse(r.sealed_json)), fromBase64(r.key!)));
  }

  /** One file, if it is open (another process opened it: docs/processes.md). */
  async load(db: Db, id: string): Promise<void> {
    const r = await db.selectFrom('sealed_files').select(['sealed_json', 'key']).where('id', '=', id).where('key', 'is not', null).executeTakeFirst();
    if (r) this.put(id, decryptSealed(sealedFileSchema.parse(JSON.parse(r.sealed_json)), fromBase64(r.key!)));
  }

  put(id: string, content: Paper | AnswerKey | InterviewSet): void {
    if (content.format === 'interview/1') this.interviews.set(id, content);
    else if (content.format === 'paper/1') {
      this.papers.set(id, content);
      this.questions.set(id, new Map(allQuestions(content).map((q) => [q.id, q])));
    }
    else this.keys.set(id, content);
  }

  paper(id: string): Paper | undefined {
    return this.papers.get(id);
  }

  /** One question of an opened paper, found without walking the paper (the autosave path asks for it). */
  question(paperId: string, questionId: string): Question | undefined {
    return this.questions.get(paperId)?.get(questionId);
  }

  interview(id: string): InterviewSet | undefined {
    return this.interviews.get(id);
  }

  answerKey(id: string): AnswerKey | undefined {
    return this.keys.get(id);
  }
}
