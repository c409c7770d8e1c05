import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { buildHash } from './build-hash.ts';

export default defineConfig({
  base: '/desk/',
  plugins: [react(), buildHash()],
  // One script for every screen, on purpose: a tablet or desk that lost the server mid-session must not
  // need a chunk it has not loaded yet (a lazily loaded screen would fail exactly then). It is about
  // 800 kB, loaded once over the venue's LAN, so Vite's 500 kB warning is raised above it.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true } } },
});
