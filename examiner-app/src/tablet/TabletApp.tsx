import { useEffect, useSyncExternalStore } from 'react';
import { BUILD_HASH, tablet } from '../devices';
import { useT } from '../i18n';
import { useW } from '../interview/words';
import { MarkingApp } from '../marking/MarkingApp';
import { ExaminerPanel } from './ExaminerPanel';
import { ContributorPanel, SupervisorPanel } from './SupervisorPanel';
import { EscortPanel } from './EscortPanel';
import { OrganiserConsole } from '../organiser/OrganiserConsole';
import { useOW } from '../organiser/words';
import { ReviewerPanel } from '../review/ReviewerPanel';
import { useRvW } from '../review/words';

/**
 * One tablet, one key, whatever the desk admitted it as. Until then it shows what the key
 * ceremony compares: its key's fingerprint and the build hash of the code it runs.
 */
export function TabletApp() {
  const t = useT();
  const w = useW();
  const ow = useOW();
  const rw = useRvW();
  useSyncExternalStore((fn) => tablet.subscribe(fn), () => tablet.state);
  useEffect(() => void tablet.start(), []);
  const s = tablet.state.status;
  if (s?.status !== 'admitted' || !tablet.state.connected) {
    // The marking page says it is the marking page before it is admitted; other tablets, the interview's.
    const marking = location.hash.startsWith('#/marking');
    const organiser = location.hash.startsWith('#/organiser');
    const review = location.hash.startsWith('#/review');
    return (
      <div className="card narrow">
        <h1>{s?.status === 'revoked' ? t.revoke : marking ? t.marking : organiser ? ow.console : review ? rw.title : w.interview}</h1>
        <p>{marking ? t.waitingAdmission : organiser ? ow.waitingAdmission : review ? rw.waitingAdmission : w.waitingAdmissionAny}</p>
        <p className="fingerprint" data-testid="fingerprint" translate="no">
          {s?.fingerprint ?? '…'}
        </p>
        <p>
          {w.buildHash}: <code data-testid="build-hash">{BUILD_HASH.slice(0, 16)}</code>
        </p>
        <p className={tablet.state.nonExtractable ? 'ok' : 'error'}>{tablet.state.nonExtractable ? `✓ ${t.keyNonExtractable}` : `⚠ ${t.keyInPage}`}</p>
      </div>
    );
  }
  if (s.role === 'marker') return <MarkingApp />;
  if (s.role === 'examiner') return <ExaminerPanel />;
  if (s.role === 'supervisor') return <SupervisorPanel />;
  if (s.role === 'escort') return <EscortPanel />;
  if (s.role === 'contributor') return <ContributorPanel />;
  if (s.role === 'organiser') return <OrganiserConsole />;
  if (s.role === 'reviewer') return <ReviewerPanel />;
  return <p className="card narrow">{s.role}</p>;
}
