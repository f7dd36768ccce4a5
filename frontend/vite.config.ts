import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The API runs in the Python server; `npm run dev` proxies to it (MOPPER_API, default :8000).
const api = process.env.MOPPER_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [preact()],
  build: {
    target: 'es2022',
    // The bundle-size check reads which chunks each page loads from the manifest.
    manifest: true,
    sourcemap: false,
    // No inline <script> or data: modules: the server's CSP allows only 'self' scripts.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/graphql': {
        target: api,
        // The server accepts state changes only from its own origin: in development the
        // page comes from Vite, so the proxy speaks for it.
        configure: (proxy) => proxy.on('proxyReq', (request) => request.setHeader('origin', api)),
      },
    },
  },
});
