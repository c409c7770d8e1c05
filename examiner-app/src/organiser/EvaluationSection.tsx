import { useState } from 'react';
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
  // Each evaluation made starts the form afresh, folded: its key lists are spent, and a second
  // submission of them could only be refused.
  const [made, setMade] = useState(0);
  const create = async (p: { settings: EvaluationSettings; lists: Array<{ evaluationId: string; group: string; keys: string[] }> }) => {
    const done = (await props.act(() => tablet.req('organiser:create-evaluation', p))) !== null;
    if (done) setMade((n) => n + 1);
    return done;
  };
  return (
    <div data-testid="evaluation-section">
      <h3>{w.title}</h3>
      {selection.evaluations.length === 0 && <p>{w.none}</p>}
      {selection.evaluations.map((e) => (
        <EvaluationPanel key={e.id} evaluationId={e.id} act={props.act} />
      ))}
      <details key={`${selection.id}-${made}`} open={selection.evaluations.length === 0 && made === 0}>
        <summary>{w.newTitle}</summary>
        <EvaluationForm key={`${selection.id}-${made}`} selection={selection} admissions={props.admissions} create={create} />
      </details>
    </div>
  );
}
