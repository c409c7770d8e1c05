import { useRef, useState } from 'react';
import { toBase64, type ImportOutcome, type Post, type RegistrationRow, beijingTime } from '@exam/shared';
import { useT } from '../i18n';
import { useOW } from './words';

/** Who registered for what (ID numbers masked), and the import of forms from Excel's files. */
export function Registrations(props: { rows: RegistrationRow[]; posts: Post[]; open: boolean; importFile: (fileName: string, contentBase64: string) => Promise<ImportOutcome | null> }) {
  const t = useT();
  const w = useOW();
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  // The browser's own file control speaks the system's language, not the console's: a button of ours opens it.
  const picker = useRef<HTMLInputElement>(null);
  const title = (id: string) => props.posts.find((p) => p.id === id)?.title ?? id;
  return (
    <>
      {props.open && (
        <div className="import">
          <p>{w.importForms}</p>
          <button type="button" name="choose-file" onClick={() => picker.current?.click()}>
            {w.chooseFile}
          </button>
          <label className="visually-hidden">
            {w.importForms}
            <input
              ref={picker}
              type="file"
              name="registration-file"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (!file) return;
                void file.arrayBuffer().then(async (b) => setOutcome(await props.importFile(file.name, toBase64(new Uint8Array(b)))));
              }}
            />
          </label>
          <p className="hint">{w.importHelp}</p>
          {outcome && (
            <div data-testid="import-outcome" role="status">
              <p>{w.imported.replace('{recorded}', String(outcome.recorded)).replace('{replaced}', String(outcome.replaced)).replace('{encoding}', outcome.encoding === 'xlsx' ? 'Excel (.xlsx)' : outcome.encoding.toUpperCase())}</p>
              {outcome.problems.length > 0 && (
                <>
                  <p>{w.importProblems}</p>
                  <ul data-testid="import-problems">
                    {outcome.problems.map((p) => (
                      <li key={`${p.row}-${p.message}`} data-row={p.row}>
                        {w.row.replace('{row}', String(p.row))}：{t.lang === 'zh' ? p.zh : p.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </div>
      )}
      {props.rows.length === 0 ? (
        <p>{w.noRegistrations}</p>
      ) : (
        <table data-testid="registrations">
          <thead>
            <tr>
              <th>{w.name}</th>
              <th>{w.idNumber}</th>
              <th>{w.department}</th>
              <th>{w.choices}</th>
              <th>{w.stateName}</th>
              <th>{w.via}</th>
              <th>{w.submittedAt}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.registrationId} data-state={r.state}>
                <td>{r.name}</td>
                <td translate="no">{r.idNumberMasked}</td>
                <td>{r.department}</td>
                <td>{r.posts.map(title).join('；')}</td>
                <td>{w.states[r.state]}</td>
                <td>{w.vias[r.via]}</td>
                <td>{beijingTime(r.submittedAt, t.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
