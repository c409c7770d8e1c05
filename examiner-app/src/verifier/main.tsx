import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { readLines, type LineRefusal, fingerprintLineProblems, parseBallotCloseText, parseBallotListText, parseCheckpointText, parseFingerprintLines, parseKeptCheckpointFile, sheetHash, signedSheetSchema, verifyBundle, STEP_TITLES_ZH, type Bundle, type VerificationReport } from '@exam/shared';
import { browserVerifyMany } from './webcrypto';
import { wrongBox } from './file-kind';
import { useCameraScan } from '../camera-scan';
import './verifier.css';

type Kept = { seq: number; hash: string; phase?: string; supervisorKey?: string; signature?: string };

/**
 * The offline verifier: one file a supervisor opens from disk on their own laptop, with the
 * bundle and what they kept themselves. Nothing is sent anywhere; no server is needed.
 */
/** Each non-empty line of what the supervisor typed, read by `parse`; the first that does not read stops the check, saying how it should be written. */
function eachLine<T>(text: string, parse: (line: string) => T | LineRefusal, how: string): Array<Exclude<T, LineRefusal>> {
  return readLines(text, parse, (r) => {
    throw new Error(`${how}${r.zh ? `：${r.zh}` : ''} · ${r.error}`);
  });
}

function Verifier() {
  const [bundle, setBundle] = useState<unknown>(null);
  const [bundleName, setBundleName] = useState('');
  const [kept, setKept] = useState<Kept[]>([]);
  // The supervisors' bundle, as read from its file (undefined: none given); step 13 holds it to its schema.
  const [records, setRecords] = useState<unknown>(undefined);
  const [typed, setTyped] = useState('');
  const [fingerprints, setFingerprints] = useState('');
  const [ballotLists, setBallotLists] = useState('');
  const [ballotCloses, setBallotCloses] = useState('');
  const [report, setReport] = useState<VerificationReport | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [native, setNative] = useState<boolean | null>(null);
  const [scanned, setScanned] = useState('');
  const [sheetVerdict, setSheetVerdict] = useState<string | null>(null);
  const camera = useCameraScan({
    title: '把纸质评分表上的二维码对准摄像头 · Hold the score sheet’s QR code up to the camera',
    looking: '正在寻找二维码…… · Looking for a QR code…',
    noCamera: '无法使用摄像头（本机没有摄像头，或未允许本页使用）：请用扫码枪，或粘贴二维码的内容。 · The camera cannot be used (none, or not allowed): use a scanner, or paste the code’s text.',
    cancel: '取消 Cancel',
  });

  /** A paper copy's QR code holds the signed sheet: check its signature and that the bundle holds the same sheet. */
  const checkScanned = async () => {
    try {
      const parsed = signedSheetSchema.safeParse(JSON.parse(scanned));
      if (!parsed.success) return setSheetVerdict('✗ 不是评分表 · not a signed score sheet');
      const { verifyMany } = await browserVerifyMany();
      const [ok] = await verifyMany([{ type: 'score-sheet', object: parsed.data.sheet, publicKey: parsed.data.sheet.examinerKey, signature: parsed.data.signature }]);
      const h = sheetHash(parsed.data.sheet);
      const inBundle = (bundle as Bundle | null)?.body?.days?.some((d) => d.sheets.some((s) => sheetHash(s.sheet) === h && s.signature === parsed.data.signature));
      setSheetVerdict(`${ok ? '✓ 签名有效 signature valid' : '✗ 签名无效 signature INVALID'} · ${inBundle ? '✓ 与核验包一致 the same sheet is in the bundle' : '✗ 核验包中没有此评分表 not in the bundle'} · ${h.slice(0, 16)}`);
    } catch (err) {
      setSheetVerdict(`✗ ${String(err)}`);
    }
  };

  /** The file's JSON when it is the kind the box takes; otherwise the reason, shown, and nothing. */
  const readBox = async (f: File, kind: 'bundle' | 'supervisors') => {
    const { json, problem } = wrongBox(f.name, await f.text(), kind);
    setError(problem);
    return json;
  };
  const run = async () => {
    setError(null);
    setReport(null);
    try {
      const { verifyMany, native: n } = await browserVerifyMany();
      setNative(n);
      const typedKept: Kept[] = eachLine(typed, parseCheckpointText, '检查点应写为“序号: 哈希前 32 位（8 组，每组 4 位）”，例如 385: 9f01 a2b3 …');
      const fpProblems = fingerprintLineProblems(fingerprints);
      if (fpProblems.length > 0) throw new Error(fpProblems.slice(0, 3).map((p) => `第 ${p.line} 行：${p.zh} · line ${p.line}: ${p.en}`).join(' ／ '));
      const fps = parseFingerprintLines(fingerprints);
      const lists = eachLine(ballotLists, parseBallotListText, '测评码卡片记录应写为“测评/组: 张数: 哈希前 32 位”');
      const closes = eachLine(ballotCloses, parseBallotCloseText, '结束投票记录应写为“测评/组: 发出张数: 缺失张数: 未用张数”');
      setBusy('…');
      const r = await verifyBundle(bundle, {
        verifyMany,
        kept: { checkpoints: [...kept, ...typedKept], ...(fps.length ? { fingerprints: fps } : {}), ...(lists.length ? { ballotLists: lists } : {}), ...(closes.length ? { ballotCloses: closes } : {}) },
        ...(records !== undefined ? { supervisors: records } : {}),
        progress: (stage, done, total) => setBusy(`${stage} ${done}/${total}`),
      });
      setReport(r);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <main>
      <h1>离线核验 · Offline bundle verifier</h1>
      <p>所有核验都在本机完成，不联网。Everything is checked on this computer; nothing is sent anywhere.</p>
      <label>
        导出包 Bundle
        <input
          type="file"
          name="bundle"
          accept=".json,application/json"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) {
              setBundleName(f.name);
              setReport(null);
              const json = await readBox(f, 'bundle');
              if (json === null) e.target.value = '';
              setBundle(json);
            }
          }}
        />
      </label>
      <label>
        本人平板保存的检查点文件 Checkpoint files from your tablet
        <input
          type="file"
          name="kept"
          multiple
          accept=".json,application/json"
          onChange={async (e) => {
            const all: Kept[] = [];
            setError(null);
            for (const f of [...(e.target.files ?? [])]) {
              const read = parseKeptCheckpointFile(await f.text());
              if (!('entries' in read)) {
                setError(`${f.name}：${read.zh} · ${f.name}: ${read.en}`);
                e.target.value = '';
                setKept([]);
                return;
              }
              for (const k of read.entries) all.push({ ...k.checkpoint, supervisorKey: k.supervisorKey, signature: k.signature });
            }
            setKept(all);
          }}
        />
      </label>
      <label>
        监督员核验包（报名表、审查决定与回避申报，可不提供）The supervisors’ bundle (forms, decisions, declarations; optional)
        <input
          type="file"
          name="supervisors"
          accept=".json,application/json"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            setReport(null);
            const json = f ? await readBox(f, 'supervisors') : undefined;
            if (json === null) e.target.value = '';
            setRecords(json ?? undefined);
          }}
        />
      </label>
      <label>
        手写记录的检查点（每行一个：序号: 哈希前 32 位，如 385: 9f01 a2b3 …）Checkpoints you wrote down, one a line (entry: at least the first 32 hex digits)
        <textarea name="typed" rows={3} value={typed} onChange={(e) => setTyped(e.target.value)} />
      </label>
      <label>
        密钥仪式记录单上的指纹（每行一个）Fingerprints from the ceremony sheets
        <textarea name="fingerprints" rows={3} value={fingerprints} onChange={(e) => setFingerprints(e.target.value)} />
      </label>
      <label>
        民主测评码卡片仪式记录（每行一个：测评/组: 张数: 哈希前 32 位）Card lists from the evaluation’s ceremony sheet, one a line (evaluation/group: count: hash)
        <textarea name="ballot-lists" rows={2} value={ballotLists} onChange={(e) => setBallotLists(e.target.value)} />
      </label>
      <label>
        民主测评结束投票时的记录（每行一组：测评/组: 发出张数: 缺失张数: 未用张数）Figures written at the evaluation’s close, one group a line (evaluation/group: handed out: missing: unused)
        <textarea name="ballot-closes" rows={2} value={ballotCloses} onChange={(e) => setBallotCloses(e.target.value)} />
      </label>
      <button type="button" disabled={!bundle || !!busy} onClick={() => void run()}>
        核验 Verify
      </button>
      {busy && <p className="busy">{busy}</p>}
      {error && <p className="fail">{error}</p>}
      {report && (
        <section data-testid="report">
          <h2 className={report.ok ? 'pass' : 'fail'} data-testid="verdict">
            {!report.ok ? '✗ 核验未通过 NOT VERIFIED' : report.unproven.length > 0 ? '✓ 每一步都通过，但下面列出的几项本次不能证明 · VERIFIED: every step holds; what is listed below is not proven' : '✓ 全部核验通过 VERIFIED'}
          </h2>
          <p>
            {bundleName} · <code>{report.bundleHash}</code> · {native ? 'WebCrypto Ed25519' : 'tweetnacl'}
          </p>
          {report.restored.length > 0 && (
            <ul className="restored" data-testid="restored">
              {report.restored.map((u) => (
                <li key={u}>↺ {u}</li>
              ))}
            </ul>
          )}
          {report.unproven.length > 0 && (
            <ul className="unproven" data-testid="unproven">
              {report.unproven.map((u) => (
                <li key={u}>⚠ {u}</li>
              ))}
            </ul>
          )}
          <ol>
            {report.steps.map((s) => (
              <li key={s.id} className={s.ok ? 'pass' : 'fail'}>
                {s.ok ? '通过 PASS' : '未通过 FAIL'} {STEP_TITLES_ZH[s.id as keyof typeof STEP_TITLES_ZH] ?? s.title} <small>· {s.title} ({s.checked})</small>
                {s.problems.length > 0 && (
                  <ul>
                    {s.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
          <button
            type="button"
            onClick={() => {
              const a = document.createElement('a');
              a.href = URL.createObjectURL(new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' }));
              a.download = 'verification-report.json';
              a.click();
            }}
          >
            保存核验报告 Save the report (JSON)
          </button>
        </section>
      )}
      <section>
        <h2>核对纸质评分表 · Check a paper score sheet</h2>
        <label>
          扫描评分表上的二维码，或将其内容粘贴于此 · Scan the QR code on the sheet, or paste its text here
          <textarea name="scanned" rows={4} value={scanned} onChange={(e) => setScanned(e.target.value)} />
        </label>
        <button type="button" name="scan-sheet" onClick={() => void camera.scan().then((text) => text !== null && (setScanned(text), setSheetVerdict(null)))}>
          用摄像头扫描 Scan with the camera
        </button>
        <button type="button" disabled={!scanned.trim()} onClick={() => void checkScanned()}>
          核对 Check
        </button>
        {sheetVerdict && <p data-testid="sheet-verdict">{sheetVerdict}</p>}
        {camera.element}
      </section>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<Verifier />);
