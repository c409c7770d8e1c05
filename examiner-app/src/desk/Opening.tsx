import { useState } from 'react';
import type { SessionSummary } from '@exam/shared';
import type { Connection } from '../connection';
import { useT } from '../i18n';
import type { Run } from './DeskApp';
import { ShareEntryForm, useShareEntryState } from './ShareEntryForm';
import { useDialog } from '../dialog';

/**
 * The opening ceremony at the desk: each keyholder types their share (checked at once), then the
 * invigilator gives the start signal, which rebuilds the key and sends it to the kiosks. After the
 * close the same panel opens the answer key.
 */
export function Opening({ desk, session, run }: { desk: Connection; session: SessionSummary; run: Run }) {
  const t = useT();
  const dialog = useDialog();
  const entry = useShareEntryState();
  const [text, setText] = useState('');
  const target = session.state === 'closed' ? 'answer-key' : 'paper';
  const shares = target === 'paper' ? session.paperShares : session.answerKeyShares;
  const early = Date.now() < session.scheduledStart;
  const showShares = session.state === 'scheduled' || (session.state === 'closed' && !session.answerKeyShares.opened);
  return (
    <div className="panel">
      {dialog.element}
      <p>
        {t.sealedHash}: <code>{session.sealedHash}</code>
      </p>
      {showShares && (
        <ShareEntryForm
          title={target === 'paper' ? t.opening : t.answerKey}
          entered={shares.entered}
          threshold={shares.threshold}
          state={entry}
          submit={(code, keyholder) => run(() => desk.req('desk:enter-share', { sessionId: session.id, target, code, keyholder }))}
        />
      )}
      {session.state === 'scheduled' && (
        <form
          className="start"
          onSubmit={(e) => {
            e.preventDefault();
            // Before the scheduled time the override reason is asked for in the confirmation itself.
            void dialog
              .open({
                title: t.confirmStartTitle,
                body: early ? `${t.confirmStartBody} ${t.confirmStartEarly}` : t.confirmStartBody,
                ...(early ? { reasonLabel: t.overrideReason, reasonMissing: t.reasonMissing } : {}),
                confirm: t.start,
                cancel: t.cancel,
                danger: true,
              })
              .then((answer) => {
                if (answer) void run(() => desk.req('desk:start', early ? { sessionId: session.id, overrideReason: answer.reason } : { sessionId: session.id }));
              });
          }}
        >
          <button type="submit" className="primary" disabled={session.paperShares.entered.length < session.paperShares.threshold}>
            {t.start}
          </button>
          {session.paperShares.entered.length < session.paperShares.threshold && <small className="hint">{t.startDisabled.replace('{k}', String(session.paperShares.threshold))}</small>}
        </form>
      )}
      {session.answerKeyShares.opened && <p className="ok">{t.answerKeyOpened}</p>}
      {session.state === 'running' && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await desk.req('desk:announce', { sessionId: session.id, text });
                setText('');
              });
            }}
          >
            <input name="announcement" aria-label={t.announce} value={text} onChange={(e) => setText(e.target.value)} placeholder={t.announce} />
            <button type="submit" disabled={!text.trim()}>
              {t.announce}
            </button>
          </form>
          <button type="button" className="danger" onClick={() => void dialog.open({ title: t.confirmCloseTitle, body: t.confirmClose, confirm: t.close, cancel: t.cancel, danger: true }).then((answer) => answer && void run(() => desk.req('desk:close', { sessionId: session.id })))}>
            {t.close}
          </button>
        </>
      )}
    </div>
  );
}
