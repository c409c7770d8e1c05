import { useState } from 'react';
import type { KioskController } from '../exam/controller';
import { formatDuration, type T } from '../i18n';
import { beijingTime } from '@exam/shared';

export function EnrolView({ c, t }: { c: KioskController; t: T }) {
  const s = c.state;
  const revoked = s.device?.status === 'revoked';
  return (
    <div className="center">
      <h1>{revoked ? t.revokedTitle : t.enrolTitle}</h1>
      <p>{revoked ? t.revokedHelp : t.enrolHelp}</p>
      <div className="fingerprint" data-testid="fingerprint" translate="no">
        {s.fingerprint || '…'}
      </div>
      <p className={s.nonExtractable ? 'ok' : 'warn'}>{s.nonExtractable ? t.keyStrong : t.keyWeak}</p>
    </div>
  );
}

export function SignInView({ c, t }: { c: KioskController; t: T }) {
  const [ticket, setTicket] = useState('');
  const d = c.state.device;
  return (
    <form
      className="center"
      onSubmit={(e) => {
        e.preventDefault();
        void c.signIn(ticket);
      }}
    >
      <h1>{t.signInTitle}</h1>
      <p>
        {t.room} <span translate="no">{d?.room}</span> · {t.seat} <b>{d?.seat}</b>
      </p>
      <label>
        {t.ticket}
        <input name="ticket" autoFocus inputMode="numeric" autoComplete="off" value={ticket} onChange={(e) => setTicket(e.target.value)} />
      </label>
      <button type="submit" disabled={!ticket.trim()}>
        {t.signIn}
      </button>
    </form>
  );
}

export function WaitingView({ c, t }: { c: KioskController; t: T }) {
  const s = c.state;
  const scheduled = s.timing?.scheduledStart ?? 0;
  const left = scheduled - c.serverNow();
  return (
    <div className="center">
      <h1>{t.waitingTitle}</h1>
      <p className="big-clock" data-testid="countdown">
        {formatDuration(Math.max(0, left), t.lang)}
      </p>
      <p>
        {t.scheduledAt}: {beijingTime(scheduled, t.lang)}
      </p>
      <p>{t.waitingHelp}</p>
      <p className={s.sealedReady ? 'ok' : ''}>{s.sealedReady ? `✓ ${t.sealedReady}` : t.sealedLoading}</p>
    </div>
  );
}

export function SubmittedView({ c, t }: { c: KioskController; t: T }) {
  const r = c.state.receipt;
  return (
    <div className="center">
      <h1>{t.submittedTitle}</h1>
      {c.state.lostAfterClose > 0 && (
        <p className="warn" role="alert">
          {t.lostAfterClose} ({c.state.lostAfterClose})
        </p>
      )}
      {r && (
        <div className="receipt" data-testid="receipt">
          <p>{t.receipt}</p>
          <code>{r.receipt.answersHash.slice(0, 16).match(/.{4}/g)!.join(' ')}</code>
          <p>
            {t.answersCount}: {r.receipt.answerCount} · {beijingTime(r.receipt.submittedAt, t.lang, 'time')}
          </p>
          <small>{t.receiptHelp}</small>
        </div>
      )}
    </div>
  );
}

export function Message({ title, body }: { title: string; body?: string }) {
  return (
    <div className="center">
      <h1>{title}</h1>
      {body && <p>{body}</p>}
    </div>
  );
}
