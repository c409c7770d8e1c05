import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * The build hash a tablet shows beside its key's fingerprint: SHA-256 over every emitted script
 * and stylesheet (by file name, then content), put into the page as a meta tag and written to
 * dist/build-hash.txt, to be published with the release and compared at the key ceremony.
 */
export function buildHash(): Plugin {
  let hash = 'dev';
  return {
    name: 'exam-build-hash',
    apply: 'build',
    generateBundle(_options, bundle) {
      const h = createHash('sha256');
      for (const name of Object.keys(bundle).sort()) {
        const item = bundle[name]!;
        if (!/\.(js|css)$/.test(name)) continue;
        h.update(name);
        h.update(item.type === 'chunk' ? item.code : typeof item.source === 'string' ? item.source : Buffer.from(item.source));
      }
      hash = h.digest('hex');
      this.emitFile({ type: 'asset', fileName: 'build-hash.txt', source: `${hash}\n` });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { name: 'build-hash', content: hash }, injectTo: 'head' }],
    },
  };
}
