import { useEffect, useState } from 'react';
import { dictionaries, LangContext, type Lang } from './i18n';
import { DeskApp } from './desk/DeskApp';
import { MarkingApp } from './marking/MarkingApp';

const route = () => (location.hash.startsWith('#/marking') ? 'marking' : 'desk');

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
      <header className="topbar">
        <a href="#/">{t.desk}</a>
        <a href="#/marking">{t.marking}</a>
        <span className="spacer" />
        <button type="button" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {lang === 'zh' ? 'English' : '中文'}
        </button>
      </header>
      {page === 'desk' ? <DeskApp /> : <MarkingApp />}
    </LangContext.Provider>
  );
}
