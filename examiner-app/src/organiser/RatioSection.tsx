import { useState } from 'react';
import { POST_ACTIONS, type PostAction, type SelectionSummary } from '@exam/shared';
import { useDialog } from '../dialog';
import { useOW } from './words';

/** 开考比例 after the list is published: each post's qualified count against seats × ratio, and the decision for a post below it. */
export function RatioSection(props: { selection: SelectionSummary; decide: (post: string, action: PostAction, mergeInto: string | null, reason: string) => Promise<unknown> }) {
  const w = useOW();
  const dialog = useDialog();
  const { selection: s } = props;
  const title = (id: string) => s.posts.find((p) => p.id === id)?.title ?? id;
  const [targets, setTargets] = useState<Record<string, string>>({});
  if (s.ratio.length === 0) return null;
  return (
    <div data-testid="ratio-section">
      {dialog.element}
      <h3>{w.ratio}</h3>
      <p className="hint">{w.ratioHelp}</p>
      <table>
        <thead>
          <tr>
            <th>{w.postTitle}</th>
            <th>{w.qualifiedCount}</th>
            <th>{w.requiredCount}</th>
            <th>{w.ratio}</th>
          </tr>
        </thead>
        <tbody>
          {s.ratio.map((r) => {
            const others = s.posts.filter((p) => p.id !== r.post);
            const target = targets[r.post] ?? others[0]?.id ?? '';
            return (
              <tr key={r.post} data-post={r.post}>
                <td>{title(r.post)}</td>
                <td>{r.qualified}</td>
                <td>{r.required}</td>
                <td>
                  {r.qualified >= r.required ? (
                    <span className="ok">{w.ratioOk}</span>
                  ) : r.outcome ? (
                    <span data-testid="outcome">
                      {w.ratioBelow} · {w.actions[r.outcome.action]}
                      {r.outcome.mergeInto && `（${title(r.outcome.mergeInto)}）`}：{r.outcome.reason}
                    </span>
                  ) : (
                    <>
                      <span className="error">{w.ratioBelow}</span>
                      {others.length > 0 && (
                        <label className="inline">
                          {w.mergeTarget}
                          <select name="merge-into" value={target} onChange={(e) => setTargets({ ...targets, [r.post]: e.target.value })}>
                            {others.map((p) => (
                              <option key={p.id} value={p.id}>
                                {p.title}
                              </option>
                            ))}
                          </select>
                        </label>
                      )}
                      {POST_ACTIONS.filter((a) => a !== 'merge' || others.length > 0).map((a) => (
                        <button
                          key={a}
                          type="button"
                          name={`post-${a}`}
                          onClick={() =>
                            void (async () => {
                              const answer = await dialog.open({
                                title: w.decideTitle.replace('{post}', title(r.post)).replace('{action}', a === 'merge' ? `${w.actions.merge}（${title(target)}）` : w.actions[a]!),
                                reasonLabel: w.decideReason,
                                reasonMissing: w.decideReasonMissing,
                                confirm: w.confirmDecision,
                                cancel: w.cancel,
                                danger: a === 'cancel',
                              });
                              if (answer) await props.decide(r.post, a, a === 'merge' ? target : null, answer.reason);
                            })()
                          }
                        >
                          {w.actions[a]}
                        </button>
                      ))}
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
