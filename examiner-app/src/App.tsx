import { useEffect, useState } from 'react';
import { dictionaries, LangContext, type Lang } from './i18n';
import { DeskApp } from './desk/DeskApp';
import { InterviewDesk } from './interview/InterviewDesk';
import { LotScreen } from './interview/LotScreen';
import { TabletApp } from './tablet/TabletApp';
import { RegistrationPage } from './registration/RegistrationPage';

type Page = 'desk' | 'interview' | 'lot' | 'tablet' | 'register';
/** The registration page is public and has a path of its own (/register/<selection>); the rest are the desk app's hash routes. */
const registering = () => /^\/register\/([a-z0-9-]{1,40})\/?$/.exec(location.pathname)?.[1] ?? null;
const route = (): Page => {
  if (registering()) return 'register';
  const h = location.hash;
  if (h.startsWith('#/interview')) return 'interview';
  if (h.startsWith('#/lot')) return 'lot';
  if (h.startsWith('#/tablet') || h.startsWith('#/marking') || h.startsWith('#/organiser') || h.startsWith('#/review')) return 'tablet';
  return 'desk';
};

export function App() {
  const [page, setPage] = useState(route);
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem('lang') as Lang) ?? 'zh');
  useEffect(() => {
    const on = () => setPage(route());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem('lang', lang);
  }, [lang]);
  const t = dictionaries[lang];
  return (
    <LangContext.Provider value={t}>
      {/* The lot screen is a display in the holding room: no navigation, nothing to press. */}
      {page !== 'lot' && <header className="topbar">
        {page === 'register' ? (
          <span>{lang === 'zh' ? '竞聘报名' : 'Registration'}</span>
        ) : page === 'tablet' ? (
          <span>{location.hash.startsWith('#/organiser') ? (lang === 'zh' ? '组织者控制台' : 'Organiser’s console') : location.hash.startsWith('#/review') ? (lang === 'zh' ? '资格审查' : 'Qualification review') : lang === 'zh' ? '平板' : 'Tablet'}</span>
        ) : (
          <>
            <a href="#/">{t.desk}</a>
            <a href="#/interview">{lang === 'zh' ? '面试' : 'Interview'}</a>
            <a href="#/lot">{lang === 'zh' ? '抽签屏幕' : 'Lot screen'}</a>
          </>
        )}
        <span className="spacer" />
        <button type="button" lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {lang === 'zh' ? 'English' : '中文'}
        </button>
      </header>}
      {page === 'desk' && <DeskApp />}
      {page === 'interview' && <InterviewDesk />}
      {page === 'lot' && <LotScreen />}
      {page === 'tablet' && <TabletApp />}
      {page === 'register' && <RegistrationPage selectionId={registering()!} />}
    </LangContext.Provider>
  );
}
