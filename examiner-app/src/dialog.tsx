import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

interface Ask {
  title: string;
  body?: ReactNode;
  /** Ask for a reason (at least two characters) as well as a yes. */
  reasonLabel?: string;
  /** Said under the reason while it is missing or too short (why the button is not yet active). */
  reasonMissing?: string;
  /** What the reason field starts with (a reviewer's reason drafted from the machine's checks); the person may change it. */
  reasonDefault?: string;
  confirm: string;
  cancel: string;
  danger?: boolean;
  resolve: (answer: { reason: string } | null) => void;
}

/**
 * A real dialog (a modal `<dialog>`) in place of the browser's prompt() and confirm(): it says what
 * will happen, asks for a reason where the log needs one, and does nothing until confirmed.
 */
export function useDialog() {
  const [ask, setAsk] = useState<Ask | null>(null);
  const open = useCallback((a: Omit<Ask, 'resolve'>) => new Promise<{ reason: string } | null>((resolve) => setAsk({ ...a, resolve })), []);
  const element = ask ? <Dialog key={ask.title} ask={ask} done={(answer) => (ask.resolve(answer), setAsk(null))} /> : null;
  return { open, element };
}

function Dialog({ ask, done }: { ask: Ask; done: (answer: { reason: string } | null) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState(ask.reasonDefault ?? '');
  useEffect(() => {
    // The dialog takes the focus, and gives it back to whatever had it when it closes.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.showModal();
    return () => before?.focus();
  }, []);
  const ready = !ask.reasonLabel || reason.trim().length >= 2;
  return (
    <dialog ref={ref} className="dialog" onCancel={() => done(null)} data-testid="dialog" aria-labelledby="dialog-title">
      <h3 id="dialog-title">{ask.title}</h3>
      {ask.body && <div>{ask.body}</div>}
      {ask.reasonLabel && (
        <label>
          {ask.reasonLabel}
          <input name="dialog-reason" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus aria-describedby={ready ? undefined : 'dialog-reason-missing'} />
        </label>
      )}
      {!ready && ask.reasonMissing && (
        <p className="hint" id="dialog-reason-missing" data-testid="reason-missing">
          {ask.reasonMissing}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={() => done(null)}>
          {ask.cancel}
        </button>
        <button type="button" className={ask.danger ? 'danger' : 'primary'} disabled={!ready} onClick={() => done({ reason: reason.trim() })}>
          {ask.confirm}
        </button>
      </div>
    </dialog>
  );
}
