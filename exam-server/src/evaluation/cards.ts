import QRCode from 'qrcode';
import { randomBytes as nodeRandom } from 'node:crypto';
import { ballotKeysHash, checkpointText, newBallotCard, sortedBallotKeys } from '@exam/shared';
import { esc } from '../publication/pages';

/**
 * The cards of one group of an evaluation (测评码卡片), made offline on a supervisor's machine: each
 * card's code is random (the operating system's generator), printed with a QR code that holds the
 * code alone — never a URL. What leaves this machine for the server is the list of public keys;
 * the codes exist only on the cards.
 */
export interface GroupCards {
  evaluationId: string;
  group: string;
  codes: string[];
  /** The committed list: `{ evaluationId, group, keys }`, the keys sorted. */
  keys: { evaluationId: string; group: string; keys: string[] };
  /** `object_hash("ballot-keys", …)`, and as the supervisors write it: the count and the first 32 hex digits, grouped. */
  hash: string;
  written: string;
}

export function makeGroupCards(evaluationId: string, group: string, count: number): GroupCards {
  const cards = Array.from({ length: count }, () => newBallotCard((n) => new Uint8Array(nodeRandom(n))));
  const keys = sortedBallotKeys(cards.map((c) => c.publicKey));
  if (new Set(keys).size !== keys.length) throw new Error('two cards derived the same key'); // 120 random bits: never, unless the generator is broken
  const hash = ballotKeysHash(evaluationId, group, keys);
  // The same reading aid as a written checkpoint: the count in place of the entry, 32 hex digits in groups of four.
  return { evaluationId, group, codes: cards.map((c) => c.code), keys: { evaluationId, group, keys }, hash, written: checkpointText(count, hash) };
}

/** The printable page of a group's cards: eight to an A4 page, each with its code and a QR code of the code. */
export async function cardsPage(c: GroupCards, groupName: string, title: string): Promise<string> {
  const cards = await Promise.all(
    c.codes.map(async (code, i) => {
      const qr = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return `<div class="card"><div class="qr">${qr}</div><p class="t">${esc(title)}</p><p>测评组 Group：${esc(groupName)}</p><p class="code">${esc(code)}</p><p class="n">第 ${i + 1} / ${c.codes.length} 张 · card ${i + 1} of ${c.codes.length}</p><p class="hint">凭此码投票一次，投票后本码作废。请勿拍照或转交他人。 · One vote with this code; it is spent once used. Do not photograph or pass it on.</p></div>`;
    }),
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)} · ${esc(groupName)}</title><style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",system-ui,sans-serif;margin:0;color:#111}
.cards{display:grid;grid-template-columns:1fr 1fr;gap:6mm}.card{border:1px dashed #777;padding:4mm;min-height:58mm;break-inside:avoid;position:relative}
.qr{width:30mm;float:right}.qr svg{width:30mm;height:30mm}.t{font-weight:700}.code{font-family:ui-monospace,monospace;font-size:13pt;letter-spacing:.04em;margin-top:6mm}
.n,.hint{font-size:8pt;color:#444}
</style></head><body><div class="cards">${cards.join('')}</div></body></html>`;
}
