import { useEffect, useState, useSyncExternalStore } from 'react';
import { errorTextOf } from '@exam/shared';
import type { KioskController } from './exam/controller';
import { dictionaries, errorText, formatDuration, type Lang } from './i18n';
import { enterFullscreen, installLockdown } from './lockdown';
import { EnrolView, Message, SignInView, SubmittedView, WaitingView } from './views/Screens';
import { PaperView } from './views/Paper';
import { BoothView } from './voting/BoothView';
import { boothWords } from './voting/words';

export function App({ c }: { c: KioskController }) {
  useSyncExternalStore(
    (fn) => c.subscribe(fn),
    () => c.state,
  );
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('lang') as Lang) ?? 'zh');
  const t = dictionaries[lang];
  const s = c.state;
  useEffect(() => installLockdown((kind, detail) => c.incident(kind, detail)), [c]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem('lang', lang);
  }, [lang]);
  const left = c.remainingMs();
  // A booth keeps nothing: its words for a lost connection are not the exam's (answers kept on the kiosk).
  const offline = s.phase === 'booth' ? boothWords[lang].offline : t.offline;
  const err = s.error ? (errorText[lang][s.error.code] ?? errorTextOf(s.error.code, lang) ?? s.error.message) : null;
  return (
    <div className={`kiosk phase-${s.phase}`} data-phase={s.phase}>
      <header className="bar">
        <span className="brand">{s.phase === 'booth' && c.booth ? (c.booth.state.mode === 'booth' ? boothWords[lang].boothTitle : boothWords[lang].tellerTitle) : t.title}</span>
        {s.signIn && (
          <span className="who">
            {t.candidate} {s.signIn.candidate.name} · {s.signIn.candidate.ticket} · {t.seat} {s.signIn.candidate.seat}
          </span>
        )}
        {s.phase === 'answering' && left !== null && (
          <span className={`clock ${left < 5 * 60_000 ? 'urgent' : ''}`} data-testid="time-left">
            {t.timeLeft} {formatDuration(left, lang)}
          </span>
        )}
        {s.signIn && s.phase === 'answering' && (
          <span className="save" data-testid="save-state">
            {s.pending > 0 ? `${t.saving} ${s.pending}` : `✓ ${t.saved}`}
          </span>
        )}
        <span className={`net ${s.connected ? 'on' : 'off'}`} role="img" title={s.connected ? t.online : offline} aria-label={s.connected ? t.online : offline} />
        {!document.fullscreenElement && (
          <button type="button" onClick={() => void enterFullscreen()}>
            {t.enterFullscreen}
          </button>
        )}
        <button type="button" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {lang === 'zh' ? 'English' : '中文'}
        </button>
      </header>
      {!s.connected && s.phase !== 'starting' && <div className="banner warn">{offline}</div>}
      {err && (
        <div className="banner error" role="alert" data-testid="error">
          {err}
        </div>
      )}
      {s.announcements.slice(-1).map((a) => (
        <div key={a.at} className="banner info" role="status">
          {t.announcement}: {a.text}
        </div>
      ))}
      {s.phase === 'starting' && <Message title="…" />}
      {s.phase === 'enrol' && <EnrolView c={c} t={t} />}
      {s.phase === 'booth' && c.booth && <BoothView b={c.booth} lang={lang} />}
      {s.phase === 'sign-in' && <SignInView c={c} t={t} />}
      {s.phase === 'waiting' && <WaitingView c={c} t={t} />}
      {s.phase === 'answering' && <PaperView c={c} t={t} />}
      {s.phase === 'paused' && <Message title={t.pausedTitle} body={t.pausedHelp} />}
      {s.phase === 'submitted' && <SubmittedView c={c} t={t} />}
      {s.phase === 'closed' && <Message title={t.closedTitle} body={s.lostAfterClose > 0 ? `${t.lostAfterClose} (${s.lostAfterClose})` : undefined} />}
    </div>
  );
}
