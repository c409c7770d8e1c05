import { useRef } from 'react';
import { useOW } from './words';

/** A file chosen through a button of the console's language (the browser's own control speaks the system's). */
export function FilePick(props: { label: string; accept: string; name: string; file: File | null; pick: (f: File) => void }) {
  const w = useOW();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-pick">
      <span>{props.label}</span>
      <button type="button" name={`choose-${props.name}`} onClick={() => input.current?.click()}>
        {w.chooseFile}
      </button>
      <span>{props.file ? <>{w.chosen.replace('{name}', '')}<span translate="no">{props.file.name}</span></> : w.notChosen}</span>
      <label className="visually-hidden">
        {props.label}
        <input ref={input} type="file" name={props.name} accept={props.accept} onChange={(e) => e.target.files?.[0] && props.pick(e.target.files[0])} />
      </label>
    </div>
  );
}

