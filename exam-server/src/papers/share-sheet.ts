import QRCode from 'qrcode';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * One keyholder's printable share sheet: the code in groups (with its checksum) and as a QR
 * code, what it opens, and the sealed file's hash to compare with the announced one.
 */
export async function shareSheet(s: { label: string; kind: string; sealId: string; sealedHash: string; index: number; threshold: number; count: number; code: string }): Promise<string> {
  const qr = await QRCode.toString(s.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const what = s.kind === 'paper' ? '试卷 paper' : s.kind === 'interview' ? '面试题本 interview questions' : '答案 answer key';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>密钥分片 Share ${s.index}/${s.count}</title>
<style>body{font-family:"Noto Sans CJK SC",system-ui,sans-serif;max-width:42rem;margin:2rem auto}code{font-size:1.35rem;letter-spacing:.05em;word-spacing:.3em;line-height:2}
.qr{width:16rem}.box{border:2px solid #000;padding:1rem;margin:1rem 0}small{color:#444}</style></head><body>
<h1>密钥分片 · Key share ${s.index} / ${s.count}</h1>
<p>${esc(s.label)} — ${what}, seal <b>${esc(s.sealId)}</b>. 任意 ${s.threshold} 份可启封 · any ${s.threshold} of ${s.count} shares open it.</p>
<div class="box"><code>${esc(s.code)}</code></div>
<div class="qr">${qr}</div>
<p><small>密封文件哈希（请与事先公布的哈希核对） · Sealed file hash (compare with the announced hash):<br><code style="font-size:.8rem">${esc(s.sealedHash)}</code></small></p>
<p><small>密封保管，开考时当场输入。Keep sealed; enter it at the desk at the opening, in front of the supervisors.</small></p>
</body></html>`;
}
