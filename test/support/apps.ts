import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

/** The built apps the server serves; the test command builds them first (pnpm build). */
export function builtApps(): { kioskDist: string; deskDist: string } {
  const kioskDist = fileURLToPath(new URL('../../candidate-kiosk/dist', import.meta.url));
  const deskDist = fileURLToPath(new URL('../../examiner-app/dist', import.meta.url));
  for (const d of [kioskDist, deskDist]) if (!existsSync(`${d}/index.html`)) throw new Error(`${d} is not built: run pnpm build`);
  return { kioskDist, deskDist };
}
