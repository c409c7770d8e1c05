import { useState } from 'react';
import { RequestError, sealedFileSchema, toBase64, type SealedFile } from '@exam/shared';
import { errorText } from '../errors';
import { useT } from '../i18n';
import { useOW } from './words';

type Problem = { row?: number; message: string; zh?: string; warning?: boolean };

/**
 * What the console's upload forms (a written session, an interview day) share: sealed files read as
 * the public JSON they are, a roster sent as Excel saved it, and the roster's problems shown by row —
 * errors to fix, or warnings the organiser confirms before sending again.
 */
export function useUpload() {
  const t = useT();
  const w = useOW();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const warningsOnly = problems.length > 0 && problems.every((p) => p.warning);
  const sealed = async (f: File): Promise<SealedFile> => {
    const parsed = sealedFileSchema.safeParse(JSON.parse(await f.text()));
    if (!parsed.success) throw new Error(`${f.name}: ${w.notSealed}`);
    return parsed.data;
  };
  const roster = async (f: File, accept: 'all' | undefined) => ({ fileName: f.name, contentBase64: toBase64(new Uint8Array(await f.arrayBuffer())), ...(accept ? { accept } : {}) });
  /** Runs one sending; `again` sends once more with the warnings confirmed. */
  const send = async (go: (accept: 'all' | undefined) => Promise<void>, accept: 'all' | undefined, said: (err: RequestError) => string | null = () => null) => {
    setError(null);
    try {
      await go(accept);
      setProblems([]);
    } catch (err) {
      if (err instanceof RequestError && err.code === 'invalid-roster' && err.body.details) setProblems(err.body.details);
      else if (err instanceof RequestError) setError(said(err) ?? errorText(err, t.lang).text);
      else setError(err instanceof Error ? err.message : String(err));
    }
  };
  const clear = () => setProblems([]);
  const element = (again: () => void) => (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {problems.length > 0 && (
        <div role="alert" data-testid="roster-problems">
          <p>{warningsOnly ? w.rosterWarnings : w.rosterErrors}</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.row}-${p.message}`} className={p.warning ? 'hint' : 'error'}>
                {p.row !== undefined && `${w.row.replace('{row}', String(p.row))}：`}
                {t.lang === 'zh' ? (p.zh ?? p.message) : p.message}
              </li>
            ))}
          </ul>
          {warningsOnly && (
            <button type="button" name="accept-warnings" onClick={again}>
              {w.acceptWarnings}
            </button>
          )}
        </div>
      )}
    </>
  );
  return { sealed, roster, send, clear, element };
}
