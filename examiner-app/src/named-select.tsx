import { useT } from './i18n';

/**
 * A choice among the values of one of shared's enumerations, each shown by its name in the screen's
 * language (shared's `*_NAMES` tables); `empty` adds a first option for "none" or "any".
 */
export function NamedSelect<K extends string>(props: {
  name?: string;
  ariaLabel?: string;
  value: K | '';
  options: readonly K[];
  names: Record<K, { zh: string; en: string }>;
  onChange: (value: K | '') => void;
  empty?: string;
}) {
  const t = useT();
  return (
    <select name={props.name} aria-label={props.ariaLabel} value={props.value} onChange={(e) => props.onChange(e.target.value as K | '')}>
      {props.empty !== undefined && <option value="">{props.empty}</option>}
      {props.options.map((o) => (
        <option key={o} value={o}>
          {props.names[o][t.lang]}
        </option>
      ))}
    </select>
  );
}
