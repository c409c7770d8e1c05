import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Puts the built script and stylesheet inside the HTML: one file, opened from disk, no server. */
function singleFile(): Plugin {
  return {
    name: 'exam-single-file',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((b) => b.type === 'asset' && b.fileName.endsWith('.html'));
      if (!html || html.type !== 'asset') return;
      let text = String(html.source);
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === 'chunk') {
          text = text.replace(new RegExp(`<script[^>]*src="[^"]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*></script>`), () => `<script type="module">${item.code.replace(/<\/script/g, '<\\/script')}</script>`);
          delete bundle[name];
        } else if (name.endsWith('.css')) {
          text = text.replace(new RegExp(`<link[^>]*href="[^"]*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`), () => `<style>${String(item.source)}</style>`);
          delete bundle[name];
        }
      }
      html.source = text;
      html.fileName = 'exam-verifier.html';
    },
  };
}

export default defineConfig({
  root: 'verifier',
  base: './',
  plugins: [react(), singleFile()],
  build: { outDir: '../dist-verifier', emptyOutDir: true, assetsInlineLimit: 100_000_000, cssCodeSplit: false, rolldownOptions: { output: { codeSplitting: false } } },
});
