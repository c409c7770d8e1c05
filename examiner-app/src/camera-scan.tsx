import { useCallback, useEffect, useRef, useState } from 'react';
import jsQR from 'jsqr';

export interface ScanTexts {
  /** The dialog's title: what to hold up to the camera. */
  title: string;
  /** Said while no code is in view yet. */
  looking: string;
  /** Said when there is no camera, or its use was refused. */
  noCamera: string;
  cancel: string;
}

/**
 * Reading a QR code with the device's own camera (a share sheet, a printed score sheet): a modal
 * dialog shows what the camera sees and closes with the first code it reads (jsQR, frame by frame
 * on this device; nothing leaves it). `scan()` resolves with the code's text, or null when the
 * user cancels. Typing, or a USB scanner that types, still works beside it.
 */
export function useCameraScan(texts: ScanTexts) {
  const [pending, setPending] = useState<((text: string | null) => void) | null>(null);
  const finished = useRef<{ resolve: (text: string | null) => void; text: string | null } | null>(null);
  const scan = useCallback(() => new Promise<string | null>((resolve) => setPending(() => resolve)), []);
  // The answer is given once the dialog has closed and handed the focus back, so that whoever asked
  // may move the focus on (to the row of the ticket read) without the dialog taking it back after.
  useEffect(() => {
    if (pending || !finished.current) return;
    const { resolve, text } = finished.current;
    finished.current = null;
    resolve(text);
  }, [pending]);
  const element = pending ? <ScanDialog texts={texts} done={(text) => ((finished.current = { resolve: pending, text }), setPending(null))} /> : null;
  return { scan, element };
}

function ScanDialog({ texts, done }: { texts: ScanTexts; done: (text: string | null) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const finish = useRef(done);
  finish.current = done;
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
    let stopped = false;
    let timer = 0;
    let stream: MediaStream | null = null;
    const canvas = document.createElement('canvas');
    const g = canvas.getContext('2d', { willReadFrequently: true });
    const look = () => {
      if (stopped) return;
      const v = video.current;
      if (v && g && v.videoWidth > 0) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        g.drawImage(v, 0, 0);
        const frame = g.getImageData(0, 0, canvas.width, canvas.height);
        const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'dontInvert' });
        if (code?.data) return finish.current(code.data);
      }
      timer = window.setTimeout(look, 150);
    };
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera API');
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      } catch {
        if (!stopped) setProblem(texts.noCamera);
        return;
      }
      if (stopped) return stream.getTracks().forEach((t) => t.stop());
      const v = video.current!;
      v.srcObject = stream;
      await v.play().catch(() => undefined);
      look();
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
      before?.focus();
    };
  }, [texts.noCamera]);
  return (
    <dialog ref={dialog} className="dialog scan" onCancel={() => done(null)} data-testid="scan-dialog" aria-labelledby="scan-title">
      <h3 id="scan-title">{texts.title}</h3>
      {problem ? (
        <p className="error" role="alert">
          {problem}
        </p>
      ) : (
        <>
          <video ref={video} muted playsInline aria-label={texts.looking} />
          <p className="hint">{texts.looking}</p>
        </>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={() => done(null)}>
          {texts.cancel}
        </button>
      </div>
    </dialog>
  );
}
