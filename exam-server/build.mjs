// Builds the server into one file, `dist/exam.mjs`, that Node runs without tsx: the same
// `exam` command, starting in about a second instead of two and a half (loading a few hundred
// TypeScript modules through tsx's loader costs more than all the rest of a start). A server that
// was killed is back sooner, and the kiosks with it. The npm packages stay outside the bundle and
// load from node_modules as they do under tsx; `@exam/shared` and the server's own code are inside.
// The worker threads are files of their own next to it, where the server looks for them: the
// verification thread built as an entry point, the two plain-JavaScript ones copied.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const here = (f) => new URL(f, import.meta.url);
const pkg = JSON.parse(readFileSync(here('./package.json'), 'utf8'));
mkdirSync(here('./dist'), { recursive: true });
await build({
  entryPoints: { exam: 'src/cli/main.ts', 'verify-thread': 'src/identity/verify-thread.ts' },
  absWorkingDir: new URL('.', import.meta.url).pathname,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((d) => !d.startsWith('@exam/')),
  // Some of the external packages are CommonJS and call `require`; an ES module has none of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: 'linked',
  logLevel: 'warning',
});
copyFileSync(here('./src/db/checkpoint-thread.mjs'), here('./dist/checkpoint-thread.mjs'));
copyFileSync(here('./src/evaluation/ballot-writer-thread.mjs'), here('./dist/ballot-writer-thread.mjs'));
