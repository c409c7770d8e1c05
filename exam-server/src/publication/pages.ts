import QRCode from 'qrcode';
import { canonicalize, formatHundredths, sheetHash, type Bundle, type InterviewSet, type SignedSheet } from '@exam/shared';

export const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const pts = (h: number | null) => (h === null ? '—' : formatHundredths(h));

const STYLE = `<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #999;padding:.35rem .5rem;text-align:left}
.hash{font-family:ui-monospace,monospace;font-size:.75rem;word-break:break-all;color:#333}.sheet{page-break-inside:avoid;border:1px solid #999;padding:.6rem;margin:1rem 0}
.qr{width:9rem;float:right;margin-left:1rem}.sign{margin-top:1.5rem}@media print{body{margin:0 auto}.sheet{break-inside:avoid}}
</style>`;

export function page(title: string, bundleHash: string | null, inner: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>${STYLE}</head><body>
<h1>${esc(title)}</h1>${inner}
${bundleHash === null ? '' : `<p class="hash">核验包哈希 Bundle hash: ${bundleHash}<br>可用离线核验程序核对本页与核验包 · Check this page against the bundle with the offline verifier.</p>`}
</body></html>`;
}

/** The written exam's results, to publish (公示): rank, ticket, name, scores — for screen and print. */
export function writtenResultsPage(b: Bundle, bundleHash: string, sessionId: string): string {
  const s = b.body.sessions.find((x) => x.id === sessionId)!;
  const rows = [...(b.body.results.written[sessionId] ?? [])].sort((x, y) => (x.rank ?? 1e9) - (y.rank ?? 1e9));
  const name = (t: string) => s.candidates.find((c) => c.ticket === t)?.name ?? '';
  // After the close every candidate who sat has a receipt (the server hands in for them): the rest were absent.
  const absent = s.candidates.filter((c) => !c.receipt);
  return page(
    `笔试成绩公示 · Written exam results — ${s.label}`,
    bundleHash,
    `<table><thead><tr><th>名次 Rank</th><th>准考证号 Ticket</th><th>姓名 Name</th><th>客观题 Objective</th><th>主观题 Open</th><th>总分 Total</th></tr></thead><tbody>
${rows.map((r) => `<tr><td>${r.rank ?? '—'}</td><td>${esc(r.ticket)}</td><td>${esc(name(r.ticket))}</td><td>${pts(r.objective)}</td><td>${pts(r.open)}</td><td>${pts(r.total)}</td></tr>`).join('\n')}
${absent.map((c) => `<tr><td>缺考 absent</td><td>${esc(c.ticket)}</td><td>${esc(c.name)}</td><td colspan="3"></td></tr>`).join('\n')}
</tbody></table><p>成绩按四舍五入保留两位小数 · Scores rounded once, half away from zero, to hundredths.</p>`,
  );
}

/** The interview day's results, per room: rank, lot, ticket, name, score. */
export function interviewResultsPage(b: Bundle, bundleHash: string, dayId: string): string {
  const d = b.body.days.find((x) => x.id === dayId)!;
  const rows = b.body.results.interview[dayId] ?? [];
  const name = (t: string) => d.candidates.find((c) => c.ticket === t)?.name ?? '';
  const rooms = [...new Set(rows.map((r) => r.room))].sort();
  const created = b.body.log.find((e) => e.type === 'interview.day-created' && e.payload['dayId'] === dayId);
  const trim = (created?.payload['rule'] as { trimWhenAtLeast?: number } | undefined)?.trimWhenAtLeast ?? 5;
  // Absent (缺考), from the log: not checked in (candidate.absent), or called and not come (candidate.no-show).
  const absent = new Set(b.body.log.filter((e) => (e.type === 'candidate.absent' || e.type === 'candidate.no-show') && e.payload['dayId'] === dayId).map((e) => String(e.payload['ticket'])));
  const withoutLot = d.candidates.filter((c) => c.lot === null && absent.has(c.ticket));
  for (const c of withoutLot) if (!rooms.includes(c.room)) rooms.push(c.room);
  rooms.sort();
  return page(
    `面试成绩公示 · Interview results — ${d.label}`,
    bundleHash,
    rooms
      .map(
        (room) => `<h2>${esc(room)}</h2><table><thead><tr><th>名次 Rank</th><th>抽签号 Lot</th><th>准考证号 Ticket</th><th>姓名 Name</th><th>面试成绩 Score</th></tr></thead><tbody>
${rows
  .filter((r) => r.room === room)
  .sort((x, y) => (x.rank ?? 1e9) - (y.rank ?? 1e9))
  .map((r) => `<tr><td>${r.rank ?? '—'}</td><td>${r.lot}</td><td>${esc(r.ticket)}</td><td>${esc(name(r.ticket))}</td><td>${absent.has(r.ticket) ? '缺考 absent' : pts(r.score)}</td></tr>`)
  .join('\n')}
${withoutLot
  .filter((c) => c.room === room)
  .map((c) => `<tr><td>—</td><td>—</td><td>${esc(c.ticket)}</td><td>${esc(c.name)}</td><td>缺考 absent</td></tr>`)
  .join('\n')}</tbody></table>`,
      )
      .join('\n') + `<p>去掉一个最高分和一个最低分后取平均分（不少于 ${trim} 份评分表时）· Highest and lowest dropped when at least ${trim} sheets count.</p>`,
  );
}

/**
 * How a sheet's item reads on paper: the question's number and the rubric item's label from the
 * opened questions (综合分析能力 …); the ids only where the questions are not at hand.
 */
type ItemLabel = (question: string, item: string) => [string, string];
const itemLabels = (set: InterviewSet | undefined): ItemLabel => (question, item) => {
  const qi = set?.questions.findIndex((q) => q.id === question) ?? -1;
  const label = qi >= 0 ? set!.questions[qi]!.rubric.find((r) => r.id === item)?.label : undefined;
  return label ? [`第 ${qi + 1} 题 Q${qi + 1}`, label] : [question, item];
};

async function sheetBlock(s: SignedSheet, title: string, labelOf: ItemLabel): Promise<string> {
  // The QR code holds the signed sheet itself: scanning a paper copy gives what the verifier checks.
  const qr = await QRCode.toString(canonicalize({ sheet: s.sheet, signature: s.signature }), { type: 'svg', errorCorrectionLevel: 'L', margin: 1 });
  const items = s.sheet.items
    .map((i) => {
      const [q, item] = labelOf(i.question, i.item);
      return `<tr><td>${esc(q)}</td><td>${esc(item)}</td><td>${pts(i.score)}</td></tr>`;
    })
    .join('');
  return `<div class="sheet"><div class="qr">${qr}</div><h3>${esc(title)}</h3>
<p>面试室 Room ${esc(s.sheet.room)} · 抽签号 Lot ${s.sheet.lot}${s.sheet.replaces ? ` · 更正 correction (${esc(s.sheet.reason ?? '')})` : ''}</p>
<table><tbody>${items}<tr><th colspan="2">合计 Total</th><th>${pts(s.sheet.total)}</th></tr></tbody></table>
<p class="hash">sheet ${sheetHash(s.sheet)}<br>examiner key ${esc(s.sheet.examinerKey)}</p>
<p class="sign">考官签名 Examiner's signature: ____________________</p></div>`;
}

/** Score sheets for the file (存档): per candidate (all the panel's sheets) and per examiner (all theirs). */
export async function scoreSheetPages(b: Bundle, bundleHash: string, dayId: string, questions?: InterviewSet): Promise<Array<{ name: string; html: string }>> {
  const d = b.body.days.find((x) => x.id === dayId)!;
  const labelOf = itemLabels(questions);
  const examinerName = (k: string) => b.body.devices.find((x) => x.publicKey === k)?.person ?? k.slice(0, 12);
  const out: Array<{ name: string; html: string }> = [];
  // A sheet is superseded once a countersigned correction names it (the verifier derives the same).
  const replaced = new Set(d.sheets.filter((s) => s.countersign).map((s) => s.sheet.replaces));
  const superseded = (s: SignedSheet) => (replaced.has(sheetHash(s.sheet)) ? '（已被更正 superseded）' : '');
  for (const c of d.candidates.filter((x) => x.lot !== null)) {
    const sheets = d.sheets.filter((s) => s.sheet.lot === c.lot);
    const blocks = await Promise.all(sheets.map((s) => sheetBlock(s, `${examinerName(s.sheet.examinerKey)}${superseded(s)}`, labelOf)));
    out.push({ name: `candidate-lot-${c.lot}`, html: page(`面试评分表 · Score sheets — ${c.name}（抽签号 ${c.lot}）`, bundleHash, blocks.join('\n')) });
  }
  for (const key of [...new Set(d.sheets.map((s) => s.sheet.examinerKey))]) {
    const sheets = d.sheets.filter((s) => s.sheet.examinerKey === key).sort((x, y) => x.sheet.lot - y.sheet.lot);
    const blocks = await Promise.all(sheets.map((s) => sheetBlock(s, `抽签号 Lot ${s.sheet.lot}${superseded(s)}`, labelOf)));
    const who = examinerName(key);
    out.push({ name: `examiner-${who.replace(/[^\p{L}\p{N}-]/gu, '_')}`, html: page(`考官评分表 · Score sheets of ${who}`, bundleHash, blocks.join('\n')) });
  }
  return out;
}
