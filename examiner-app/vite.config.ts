import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { buildHash } from './build-hash';

export default defineConfig({
  base: '/desk/',
  plugins: [react(), buildHash()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true } } },
});
