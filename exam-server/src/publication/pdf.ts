import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Chromium, or the one CHROMIUM_PATH names, if this machine has one. */
export const chromiumPath = (): string | undefined => [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

/**
 * Prints HTML pages to PDF through Chromium's own printing (with the machine's CJK fonts): one
 * `<name>.pdf` per page in `out` (with `mode`, that file mode). Returns false, printing nothing, when there is no Chromium.
 */
export async function printPdfs(files: ReadonlyArray<{ name: string; html: string }>, out: string, { mode }: { mode?: number } = {}): Promise<boolean> {
  const chromium = chromiumPath();
  if (!chromium) return false;
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'] });
  try {
    const page = await browser.newPage();
    for (const f of files) {
      await page.setContent(f.html, { waitUntil: 'load' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
      const path = join(out, `${f.name}.pdf`);
      // A file that holds secrets (ballot cards) is its owner's alone, also when it replaces one made before.
      writeFileSync(path, pdf, mode === undefined ? {} : { mode });
      if (mode !== undefined) chmodSync(path, mode);
    }
    return true;
  } finally {
    await browser.close();
  }
}
