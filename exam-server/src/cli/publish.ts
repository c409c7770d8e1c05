import { say } from './lang';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFileText, bundleHash } from '@exam/shared';
import { startExamServer } from '../server';
import { exportBundle } from '../verification/export';
import { interviewResultsPage, scoreSheetPages, writtenResultsPage } from '../publication/pages';
import { getDay } from '../interview/day';
import { postsPage, qualifiedPage, selectionsIn } from '../publication/selection-pages';
import type { QualifiedList } from '@exam/shared';
import { printPdfs } from '../publication/pdf';
import { makeFolder } from '../make-folder';

/**
 * `exam publish`: the bundle, the results pages to publish (公示) for screen and print, and the
 * score sheets for the file (存档) — HTML, and PDF through Chromium's own printing (with the CJK
 * fonts of the machine) where Chromium is installed. Every page carries the bundle's hash.
 */
export async function publishCommand(opts: { data: string; database?: string; out: string }): Promise<void> {
  const server = await startExamServer({ dataDir: opts.data, database: opts.database, httpPort: 0, httpsPort: false, keepTime: false });
  let files: Array<{ name: string; html: string }> = [];
  try {
    const bundle = await exportBundle(server.ctx);
    const hash = bundleHash(bundle.body);
    makeFolder(opts.out, '--out');
    writeFileSync(join(opts.out, 'bundle.json'), bundleFileText(bundle));
    for (const s of selectionsIn(bundle)) {
      files.push({ name: `posts-${s.id}`, html: postsPage(bundle, hash, s.id) });
      const list = await server.ctx.db.selectFrom('qualified_lists').select('list_json').where('selection_id', '=', s.id).executeTakeFirst();
      if (list) files.push({ name: `qualified-${s.id}`, html: qualifiedPage(JSON.parse(list.list_json) as QualifiedList, hash) });
    }
    for (const s of bundle.body.sessions) if (bundle.body.results.written[s.id]) files.push({ name: `results-written-${s.id}`, html: writtenResultsPage(bundle, hash, s.id) });
    for (const d of bundle.body.days) {
      if (!bundle.body.results.interview[d.id]) continue;
      files.push({ name: `results-interview-${d.id}`, html: interviewResultsPage(bundle, hash, d.id) });
      const questions = server.ctx.opened.interview((await getDay(server.ctx.db, d.id)).questions_id);
      files.push(...(await scoreSheetPages(bundle, hash, d.id, questions)).map((f) => ({ name: `${d.id}-${f.name}`, html: f.html })));
    }
    for (const f of files) writeFileSync(join(opts.out, `${f.name}.html`), f.html);
    console.log(say(`已在 ${opts.out} 生成 ${files.length} 个页面和 bundle.json；核验包哈希 ${hash}`, `published ${files.length} page(s) and bundle.json to ${opts.out}; bundle hash ${hash}`));
  } finally {
    await server.close();
  }
  if (await printPdfs(files, opts.out)) console.log(say(`…以及 ${files.length} 个 PDF`, `…and ${files.length} PDF(s)`));
  else console.log(say('本机没有 Chromium：已生成 HTML 页面，可用浏览器打印；如需 PDF，请安装 chromium 和 fonts-noto-cjk', 'no Chromium here: the HTML pages are written; print them from a browser, or install chromium and fonts-noto-cjk for PDFs'));
}
