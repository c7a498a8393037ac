import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const apiTarget = `http://localhost:${process.env.API_PORT ?? 3001}`;

/** Client build (dist/client) and the dev server, which proxies API, Socket.IO and Yjs sync to the API server. */
export default defineConfig({
  root: 'client',
  // brotli and gzip copies beside each asset, served by Accept-Encoding (server/http/express.ts)
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.map$/, /manifest\.json$/] })],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    // bench:client reads which chunks each page loads
    manifest: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: Number(process.env.PORT ?? 3000),
    strictPort: true,
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
      '/collab': { target: apiTarget, ws: true },
    },
  },
});
