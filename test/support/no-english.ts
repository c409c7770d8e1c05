import type { Page } from 'playwright-core';

/**
 * Words written in Latin letters that a Chinese screen may show: names of formats, devices and
 * standards that users know by these letters. Anything else in Latin letters on a Chinese screen is
 * English that leaked (a label, a state, an error's English text).
 */
export const LATIN_ALLOWED = new Set(['CSV', 'PDF', 'QR', 'ID', 'USB', 'LAN', 'HTTPS', 'SHA', 'JSON', 'Excel', 'Wi', 'Fi', 'IP', 'Chromium', 'PIN', 'xlsx']);

/**
 * The Latin-letter words a page shows, outside codes: each with the text around it, so that a
 * failure says where. What is scanned: every visible text node, and the placeholder, title,
 * aria-label and alt of visible elements. What is not: the contents of `code`, `kbd`, `samp`,
 * `pre` and of elements marked `translate="no"` (fingerprints, hashes, share codes, tickets — codes,
 * not words) or marked with a language other than Chinese (`lang="en"`: the switch to English), what
 * a user typed into a field, codes in hyphenated groups of capitals and digits wherever they
 * stand (SBCC-B2VA), and letters joined to digits (T00001, 2026A).
 */
export async function latinWordsOn(page: Page): Promise<string[]> {
  const found = await page.evaluate(() => {
    const out: Array<{ word: string; around: string }> = [];
    // Codes, and what is marked as written in another language (the switch to English says "English").
    const skip = (el: Element | null) => el?.closest('code, kbd, samp, pre, script, style, noscript, template, [translate="no"], body [lang]:not([lang^="zh"])') != null;
    const visible = (el: Element | null) => el instanceof HTMLElement && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const scan = (raw: string) => {
      // Codes in groups of capitals and digits (script codes, fingerprints, share codes) are not words,
      // wherever they stand (an aria-label cannot mark them as codes).
      const text = raw.replace(/[0-9A-Z]+(?:-[0-9A-Z]+)+/g, (m) => ' '.repeat(m.length));
      for (const m of text.matchAll(/(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])/g)) {
        out.push({ word: m[0], around: text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20).replace(/\s+/g, ' ').trim() });
      }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skip(el) || !visible(el) || el instanceof HTMLTextAreaElement) continue;
      scan(n.textContent ?? '');
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label], img[alt]')) {
      if (skip(el) || !visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
        const v = el.getAttribute(a);
        if (v) scan(v);
      }
    }
    return out;
  });
  return found.filter((f) => !LATIN_ALLOWED.has(f.word)).map((f) => `${f.word} — “${f.around}”`);
}
