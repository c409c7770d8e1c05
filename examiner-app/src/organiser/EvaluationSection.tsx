import type { SelectionSummary, EvaluationSettings } from '@exam/shared';
import { tablet } from '../devices';
import type { Admissions } from './SeatsSection';
import { EvaluationForm } from './EvaluationForm';
import { EvaluationPanel } from './EvaluationPanel';
import { useEW } from './evaluation-words';

/** 民主测评 on the console: each of the selection's evaluations, and a new one (a rerun is a new one, with new cards). */
export function EvaluationSection(props: { selection: SelectionSummary; admissions: Admissions | null; act: <T>(f: () => Promise<T>) => Promise<T | null> }) {
  const w = useEW();
  const { selection } = props;
  const create = async (p: { settings: EvaluationSettings; lists: Array<{ evaluationId: string; group: string; keys: string[] }> }) => (await props.act(() => tablet.req('organiser:create-evaluation', p))) !== null;
  return (
    <div data-testid="evaluation-section">
      <h3>{w.title}</h3>
      {selection.evaluations.length === 0 && <p>{w.none}</p>}
      {selection.evaluations.map((e) => (
        <EvaluationPanel key={e.id} evaluationId={e.id} act={props.act} />
      ))}
      <details open={selection.evaluations.length === 0}>
        <summary>{w.newTitle}</summary>
        <EvaluationForm key={selection.id} selection={selection} admissions={props.admissions} create={create} />
      </details>
    </div>
  );
}
