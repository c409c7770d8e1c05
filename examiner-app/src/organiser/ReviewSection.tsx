import { useState } from 'react';
import type { OrganiserOverview, SelectionSummary } from '@exam/shared';
import { useDialog } from '../dialog';
import { useT } from '../i18n';
import { useOW } from './words';
import { beijingTime } from '@exam/shared';

/** The qualification review as the organiser runs it: who reviews, how far they are, and publishing the list. */
export function ReviewSection(props: {
  selection: SelectionSummary;
  reviewerDevices: OrganiserOverview['reviewerDevices'];
  closed: boolean;
  assign: (deviceId: string) => Promise<unknown>;
  publish: () => Promise<unknown>;
}) {
  const t = useT();
  const w = useOW();
  const dialog = useDialog();
  const { selection: s } = props;
  const free = props.reviewerDevices.filter((d) => !s.reviewers.includes(d.deviceId));
  const [chosen, setChosen] = useState('');
  const deviceId = chosen || free[0]?.deviceId || '';
  const who = (id: string) => {
    const d = props.reviewerDevices.find((x) => x.deviceId === id);
    return d ? `${d.person ?? ''}（${d.fingerprint}）` : id;
  };
  return (
    <div data-testid="review-section">
      {dialog.element}
      <h3>{w.review}</h3>
      <p data-testid="reviewers">
        {w.reviewers}：{s.reviewers.length === 0 ? w.noReviewers : <span translate="no">{s.reviewers.map(who).join('；')}</span>}
      </p>
      {s.qualifiedPublishedAt === null &&
        (free.length === 0 ? (
          <p className="hint">{w.noReviewerDevices}</p>
        ) : (
          <p>
            <select aria-label={w.reviewers} value={deviceId} onChange={(e) => setChosen(e.target.value)} translate="no">
              {free.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {who(d.deviceId)}
                </option>
              ))}
            </select>
            <button type="button" name="assign-reviewer" onClick={() => void props.assign(deviceId).then(() => setChosen(''))}>
              {w.assign}
            </button>
          </p>
        ))}
      <p data-testid="review-progress">{w.progress.replace('{decided}', String(s.review.decided)).replace('{total}', String(s.review.total)).replace('{passed}', String(s.review.passed))}</p>
      {s.qualifiedPublishedAt !== null ? (
        <p className="ok" data-testid="qualified-published">
          {w.published.replace('{at}', beijingTime(s.qualifiedPublishedAt, t.lang))} · <a href={`/register/${s.id}`}>{w.qualifiedPage}</a>
        </p>
      ) : (
        props.closed && (
          <button
            type="button"
            name="publish-qualified"
            disabled={s.review.total === 0 || s.review.decided < s.review.total}
            onClick={() =>
              void (async () => {
                if (await dialog.open({ title: w.publishTitle, body: w.publishBody, confirm: w.publish, cancel: w.cancel, danger: true })) await props.publish();
              })()
            }
          >
            {w.publish}
          </button>
        )
      )}
    </div>
  );
}
