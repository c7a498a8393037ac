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
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // the libraries every page starts with, in one long-cached file that a new build of the
            // app's own code does not change (Yjs, the editor and Markdown stay in their on-demand chunks)
            {
              name: 'vendor',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next|i18next-icu|intl-messageformat|@formatjs[\\/][^\\/]+|socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io[\\/]component-emitter|use-sync-external-store|cookie|set-cookie-parser)[\\/]/,
            },
          ],
        },
      },
    },
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
