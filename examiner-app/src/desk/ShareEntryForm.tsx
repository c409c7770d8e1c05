import { useState, type Dispatch, type SetStateAction } from 'react';
import { useT } from '../i18n';
import { useCameraScan } from '../camera-scan';

/**
 * One keyholder's share entry: their name and the code as typed, as a USB scanner types it from
 * the QR code, or as the device's camera reads it. Used for papers, answer keys and interview questions alike.
 */
export interface ShareEntryState {
  keyholder: string;
  setKeyholder: Dispatch<SetStateAction<string>>;
  code: string;
  setCode: Dispatch<SetStateAction<string>>;
}

/** The form's fields, kept by the page so that typing survives the page re-rendering its panels. */
export function useShareEntryState(): ShareEntryState {
  const [keyholder, setKeyholder] = useState('');
  const [code, setCode] = useState('');
  return { keyholder, setKeyholder, code, setCode };
}

export function ShareEntryForm(props: { title?: string; entered: number[]; threshold: number; state: ShareEntryState; submit: (code: string, keyholder: string) => Promise<boolean | void> }) {
  const t = useT();
  const { keyholder, setKeyholder, code, setCode } = props.state;
  const camera = useCameraScan({ title: t.scanShareTitle, looking: t.scanLooking, noCamera: t.noCamera, cancel: t.cancel });
  return (
    <>
      <form
        className="share-entry"
        onSubmit={(e) => {
          e.preventDefault();
          const [sentCode, sentKeyholder] = [code, keyholder];
          void props.submit(sentCode, sentKeyholder).then((ok) => {
            // Clear what was sent — not what the next keyholder may already be typing while it went.
            if (ok !== false) {
              setCode((c) => (c === sentCode ? '' : c));
              setKeyholder((k) => (k === sentKeyholder ? '' : k));
            }
          });
        }}
      >
        {props.title && <h3>{props.title}</h3>}
        <p data-testid="shares-entered">
          {t.sharesEntered}: {props.entered.length} {t.of} {props.threshold}
          {props.entered.length > 0 && ` (${props.entered.map((i) => `#${i}`).join(' ')})`}
        </p>
        <label>
          {t.keyholder}
          <input name="keyholder" value={keyholder} onChange={(e) => setKeyholder(e.target.value)} />
        </label>
        <label>
          {t.shareCode}
          <textarea name="share-code" rows={3} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
        <button type="button" name="scan-share" onClick={() => void camera.scan().then((text) => text !== null && setCode(text.trim()))}>
          {t.scanWithCamera}
        </button>
        <button type="submit" disabled={!code.trim() || !keyholder.trim()}>
          {t.enterShare}
        </button>
      </form>
      {camera.element}
    </>
  );
}
