import { useCallback, useState } from 'react';
import { errorText } from '../errors';
import { useT } from '../i18n';

/** Runs a tablet action: on success clears the error and refreshes, on refusal shows it in the tablet's language. */
export function useAction(refresh: () => Promise<unknown>) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const act = useCallback(
    async (f: () => Promise<unknown>) => {
      try {
        await f();
        setError(null);
        await refresh();
      } catch (err) {
        setError(errorText(err, t.lang).text);
      }
    },
    [refresh, t.lang],
  );
  return { act, error, setError };
}
