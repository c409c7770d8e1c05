import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalize } from '@exam/shared';
import { refusal, say } from './lang';
import { cardsPage, makeGroupCards } from '../evaluation/cards';
import { printPdfs } from '../publication/pdf';
import { makeFolder } from '../make-folder';

/**
 * `exam ballot-codes`: on a supervisor's machine, offline, like sealing a paper. For each group
 * (`--group id=entitled`, with `--spares` more), the cards to print (HTML, and PDF through Chromium)
 * and the public key list for the server (`<evaluation>-<group>.keys.json`). It prints, per group,
 * what the supervisors write on the ceremony sheet, in the form `exam verify --ballot-list` and the
 * offline page read back: `evaluation/group: count: hash` (the first 32 hex digits, in groups of four).
 * The card files hold the codes: they are the owner's alone (0600).
 */
export async function ballotCodesCommand(o: { evaluation: string; group: string[]; spares: string; out: string; title?: string; force?: boolean }): Promise<void> {
  if (!/^[a-z0-9-]{1,40}$/.test(o.evaluation)) throw refusal('bad-request', '--evaluation：只能用小写字母、数字和连字符', '--evaluation: lower-case letters, digits and hyphens');
  const spares = Number(o.spares);
  if (!Number.isInteger(spares) || spares < 0 || spares > 1000) throw refusal('bad-request', '--spares：0 到 1000 之间的整数', '--spares: a whole number from 0 to 1000');
  const groups = (o.group ?? []).map((g) => {
    const m = /^([a-z0-9-]{1,40})=(\d{1,6})(?::(.+))?$/.exec(g.trim());
    if (!m || Number(m[2]) < 5) throw refusal('bad-request', `--group ${g}：应写作 类别=应参加人数（至少 5 人），例如 leaders=12 或 leaders=12:领导班子成员`, `--group ${g}: write id=entitled (at least 5), e.g. leaders=12, or leaders=12:领导班子成员`);
    return { id: m[1]!, entitled: Number(m[2]), name: m[3] ?? m[1]! };
  });
  if (groups.length === 0) throw refusal('bad-request', '至少要给出一个 --group', 'name at least one --group');
  if (new Set(groups.map((g) => g.id)).size !== groups.length) throw refusal('bad-request', '有一个类别写了两次', 'a group is named twice');
  makeFolder(o.out, '--out');
  const files = groups.flatMap((g) => [`${o.evaluation}-${g.id}.keys.json`, `${o.evaluation}-${g.id}-cards.html`]);
  const there = files.filter((f) => existsSync(join(o.out, f)));
  if (there.length > 0 && !o.force) throw refusal('conflict', `${o.out} 中已有 ${there[0]}：重新生成后，已按它打印的卡片将全部作废（确需替换请加 --force）`, `${there[0]} exists in ${o.out}: cards already printed from it would no longer count (--force replaces them)`);
  const pages: Array<{ name: string; html: string }> = [];
  const title = o.title ?? '民主测评';
  for (const g of groups) {
    const cards = makeGroupCards(o.evaluation, g.id, g.entitled + spares);
    writeFileSync(join(o.out, `${o.evaluation}-${g.id}.keys.json`), `${canonicalize(cards.keys)}\n`);
    const html = await cardsPage(cards, g.name, title);
    const cardsFile = join(o.out, `${o.evaluation}-${g.id}-cards.html`);
    writeFileSync(cardsFile, html, { mode: 0o600 });
    chmodSync(cardsFile, 0o600); // also when it replaces one made before (--force)
    pages.push({ name: `${o.evaluation}-${g.id}-cards`, html });
    const sheetLine = `${o.evaluation}/${g.id}: ${cards.written}`;
    console.log(say(`${g.name}：${cards.codes.length} 张（应参加 ${g.entitled}，备用 ${spares}）。请抄在仪式记录单上：${sheetLine}`, `${g.name}: ${cards.codes.length} cards (${g.entitled} entitled, ${spares} spare). Write on the ceremony sheet: ${sheetLine}`));
  }
  if (await printPdfs(pages, o.out, { mode: 0o600 })) console.log(say(`已生成 ${pages.length} 个 PDF。`, `${pages.length} PDF(s) written.`));
  else console.log(say('本机没有 Chromium：请用浏览器打印 HTML 卡片。', 'no Chromium here: print the HTML cards from a browser.'));
  console.log(say('卡片文件含测评码：打印后请删除 *-cards.html 和 *-cards.pdf；只把 *.keys.json 交给组织者。', 'The card files hold the codes: delete *-cards.html and *-cards.pdf once printed; give the organiser only the *.keys.json files.'));
}
