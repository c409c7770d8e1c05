import type { Page } from 'playwright-core';

/**
 * The form controls of a page that a screen reader could not name, and radio buttons that are not
 * in a named group: each described by its tag, type and `name` (or its text), so that a failure
 * says which. A control is named by a `<label>`, `aria-label`, `aria-labelledby` or `title` (a
 * placeholder is not a name: it is gone once something is typed); a button by its text or
 * `aria-label`; a radio button's group is a `<fieldset>` with a `<legend>`, or a `radiogroup` with a
 * name. Only what is visible counts.
 */
export async function unnamedControlsOn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) => el instanceof HTMLElement && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const text = (el: Element | null) => (el?.textContent ?? '').trim();
    const named = (el: HTMLElement) => {
      if (el.getAttribute('aria-label')?.trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(/\s+/).some((id) => text(document.getElementById(id)))) return true;
      if ('labels' in el && (el as HTMLInputElement).labels && [...(el as HTMLInputElement).labels!].some((l) => text(l))) return true;
      return !!el.getAttribute('title')?.trim();
    };
    const describe = (el: HTMLElement) => `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''}${text(el) ? ` “${text(el).slice(0, 30)}”` : ''}`;
    for (const el of document.body.querySelectorAll<HTMLElement>('input, select, textarea, button, [role=button]')) {
      if (!visible(el)) continue;
      const type = el.getAttribute('type');
      if (el instanceof HTMLInputElement && type === 'hidden') continue;
      if (el instanceof HTMLButtonElement || el.getAttribute('role') === 'button' || type === 'submit' || type === 'button') {
        if (!text(el) && !(el as HTMLInputElement).value && !named(el)) out.push(`${describe(el)}: a button without a name`);
        continue;
      }
      if (!named(el)) out.push(`${describe(el)}: no label`);
      if (type === 'radio') {
        const set = el.closest('fieldset');
        const group = el.closest('[role=radiogroup]') as HTMLElement | null;
        if (!(set && text(set.querySelector('legend'))) && !(group && named(group))) out.push(`${describe(el)}: a radio button outside a named group`);
      }
    }
    return out;
  });
}
