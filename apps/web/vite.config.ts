import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './precompress';

/** The gateway in development: `npm start` (embedded) or any running platform. */
const gateway = process.env.BODEGA_GATEWAY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react(), tailwindcss(), precompress()],
  // @bodega/client is bundled from its TypeScript source: no build of the package first.
  resolve: { conditions: ['bodega-source'] },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': gateway, '/graphql': gateway },
  },
  preview: { host: '127.0.0.1', port: 4173, proxy: { '/api': gateway, '/graphql': gateway } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names under /assets: the gateway caches them for a year, index.html never.
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
  },
});
