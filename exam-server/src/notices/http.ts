import type { Context, Hono } from 'hono';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExamError, noticeIdSchema } from '@exam/shared';
import type { ServerContext } from '../context';
import { esc, page } from '../publication/pages';
import { printPdfs } from '../publication/pdf';
import { publicNotice, publicNoticeBundle, replacementsOf } from './notices';

const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The public notices (公示) on the venue network: read-only, no login. `/notice/` lists them; each
 * notice is a page (`/notice/<id>`), a PDF printed from it (`/notice/<id>/pdf`, where this machine
 * has Chromium) and the bundle published with it (`/notice/<id>/bundle.json`), whose hash the page carries.
 */
export function mountNotices(app: Hono, ctx: () => ServerContext): void {
  const pdfs = new Map<string, Buffer>();
  /** The notice at that id, or undefined for an id of no notice (or of no notice's form). */
  const lookUp = async (id: string) => (noticeIdSchema.safeParse(id).success ? await publicNotice(ctx().db, id) : undefined);
  const find = async (id: string) => {
    const n = await lookUp(id);
    if (!n) throw new ExamError('not-found', `no notice ${id}`);
    return n;
  };
  // What a member of the public sees for a mistyped or withdrawn address: a page in both languages, not an error object.
  const noSuchNotice = (c: Context) =>
    c.html(page('没有这份公示 · No such notice', null, '<p>这个地址没有公示，可能输入有误。请从<a href="/notice/">公示列表</a>打开。 · There is no notice at this address; it may be mistyped. Open it from the <a href="/notice/">list of notices</a>.</p>'), 404);
  // A notice no longer in force says so at its top, and what replaced it: its page stays, as published.
  const replacedText = (r: NonNullable<Awaited<ReturnType<typeof publicNotice>>>['replaced']) =>
    r === null
      ? ''
      : r.by === null
        ? `<p class="replaced"><strong>本公示已失效 · No longer in force</strong>：党组于 ${esc(day(r.at))} 重新作出决定，本公示所列拟任人选已不是现行决定的人选，请以其后的拟任人选公示为准。 · The committee decided again on ${esc(day(r.at))}: the people listed here are not those of the decision standing; see the proposed appointees' notice published after it.</p>`
        : `<p class="replaced"><strong>本公示已被更新 · Replaced</strong>：${esc(day(r.at))} 发布的<a href="/notice/${r.by}">${esc(r.title ?? '')}</a>取代了本公示，请以其为准。 · Replaced by the notice <a href="/notice/${r.by}">published ${esc(day(r.at))}</a>.</p>`;
  const withPeriod = (n: { html: string; published_at: number; first_day: string; last_day: string; ends_at: number; replaced: Parameters<typeof replacedText>[0] }) =>
    n.html.replace(
      '<body>',
      `<body>${replacedText(n.replaced)}<p class="period">公示时间：${esc(day(n.published_at))} 发布，自 ${n.first_day} 起至 ${n.last_day} 24:00（北京时间）止 · On notice from ${n.first_day} until ${n.last_day} 24:00 (Beijing time); published ${esc(day(n.published_at))}.<br>公示期间如有异议，请向组织部门实名或匿名反映 · Objections during the notice go to the organisers, signed or anonymous.${ctx().now() >= n.ends_at ? '<br><strong>公示期已结束 · The notice period has ended.</strong>' : ''}</p>`,
    );
  app.get('/notice', (c) => c.redirect('/notice/'));
  app.get('/notice/', async (c) => {
    const rows = await ctx().db.selectFrom('notices').select(['id', 'title', 'published_at', 'first_day', 'last_day', 'ends_at']).orderBy('published_at', 'desc').execute();
    const replaced = await replacementsOf(ctx().db, null);
    const now = ctx().now();
    return c.html(
      page(
        '公示 · Public notices',
        null,
        rows.length === 0
          ? '<p>暂无公示 · Nothing is on notice yet.</p>'
          : `<table><thead><tr><th>公示 Notice</th><th>公示期 Period</th><th></th></tr></thead><tbody>${rows
              .map((r) => `<tr><td><a href="/notice/${r.id}">${esc(r.title)}</a>${replaced.has(r.id) ? '（已失效 no longer in force）' : ''}</td><td>${r.first_day} — ${r.last_day}${now >= r.ends_at ? '（已结束 ended）' : ''}</td><td><a href="/notice/${r.id}/pdf">PDF</a> · <a href="/notice/${r.id}/bundle.json">核验包 bundle</a></td></tr>`)
              .join('')}</tbody></table>`,
      ),
    );
  });
  app.get('/notice/:id', async (c) => {
    const n = await lookUp(c.req.param('id'));
    return n ? c.html(withPeriod(n)) : noSuchNotice(c);
  });
  app.get('/notice/:id/bundle.json', async (c) => {
    const n = await find(c.req.param('id'));
    c.header('Content-Disposition', `attachment; filename="bundle-${n.id}.json"`);
    return c.body((await publicNoticeBundle(ctx().db, n.id))!, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });
  app.get('/notice/:id/pdf', async (c) => {
    const n = await lookUp(c.req.param('id'));
    if (!n) return noSuchNotice(c);
    // Printed again once the page says more: its period over, or the notice replaced.
    const version = `${n.id} ${ctx().now() >= n.ends_at} ${n.replaced?.at ?? ''}`;
    let pdf = pdfs.get(version);
    if (!pdf) {
      const out = mkdtempSync(join(tmpdir(), 'notice-'));
      try {
        if (!(await printPdfs([{ name: n.id, html: withPeriod(n) }], out))) throw new ExamError('not-found', 'this machine has no Chromium to print PDFs with: print the page from a browser');
        pdf = readFileSync(join(out, `${n.id}.pdf`));
        pdfs.set(version, pdf);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    c.header('Content-Disposition', `inline; filename="${n.id}.pdf"`);
    return c.body(new Uint8Array(pdf), 200, { 'Content-Type': 'application/pdf' });
  });
}
