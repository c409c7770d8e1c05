/**
 * What a page can do to keep the paper on the screen: ask for full screen, and block the context
 * menu, copying, pasting, printing and dragging. Leaving full screen or the window is reported to
 * the desk as an incident. (Developer tools are switched off by the launcher's browser policy:
 * a page cannot do that by itself.)
 */
export function installLockdown(report: (kind: 'left-fullscreen' | 'lost-focus' | 'blocked-key', detail?: string) => void): () => void {
  const block = (e: Event) => e.preventDefault();
  const events = ['contextmenu', 'copy', 'cut', 'paste', 'dragstart', 'drop', 'selectstart'] as const;
  const editable = (t: EventTarget | null) => t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && t.type === 'text');
  const guard = (e: Event) => {
    // Selecting inside one's own answer box is allowed; copy, cut and paste are not, anywhere.
    if (e.type === 'selectstart' && editable(e.target)) return;
    block(e);
  };
  for (const ev of events) document.addEventListener(ev, guard, true);
  const keys = (e: KeyboardEvent) => {
    const k = e.key.toLowerCase();
    const combo = (e.ctrlKey || e.metaKey) && ['p', 's', 'c', 'v', 'x', 'u', 'a', 'o', 'f'].includes(k);
    if (combo || k === 'f12' || k === 'printscreen' || (e.altKey && k === 'tab')) {
      if (k === 'a' && editable(e.target)) return;
      e.preventDefault();
      report('blocked-key', `${e.ctrlKey || e.metaKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.key}`.slice(0, 40));
    }
  };
  document.addEventListener('keydown', keys, true);
  const beforePrint = () => report('blocked-key', 'print');
  window.addEventListener('beforeprint', beforePrint);
  const fs = () => {
    if (!document.fullscreenElement) report('left-fullscreen');
  };
  document.addEventListener('fullscreenchange', fs);
  // Leaving the page by a reload is reported once, as a reload, by the kiosk itself: not as lost focus.
  let unloading = false;
  const unload = () => (unloading = true);
  window.addEventListener('pagehide', unload);
  window.addEventListener('beforeunload', unload);
  const blur = () => {
    if (!unloading) report('lost-focus');
  };
  window.addEventListener('blur', blur);
  const vis = () => {
    if (document.visibilityState === 'hidden' && !unloading) report('lost-focus', 'hidden');
  };
  document.addEventListener('visibilitychange', vis);
  return () => {
    for (const ev of events) document.removeEventListener(ev, guard, true);
    document.removeEventListener('keydown', keys, true);
    window.removeEventListener('beforeprint', beforePrint);
    document.removeEventListener('fullscreenchange', fs);
    window.removeEventListener('blur', blur);
    window.removeEventListener('pagehide', unload);
    window.removeEventListener('beforeunload', unload);
    document.removeEventListener('visibilitychange', vis);
  };
}

export async function enterFullscreen(): Promise<void> {
  try {
    if (!document.fullscreenElement) await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
  } catch {
    /* refused without a user gesture; the button asks again */
  }
}
