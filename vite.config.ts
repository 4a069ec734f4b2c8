import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Multi-page front end: the generator at `/` (admin and campaign pages join later). Built into dist/web. */
export default defineConfig({
  root: resolve(import.meta.dirname, 'web'),
  base: '/',
  publicDir: false,
  // The admin is Preact (TSX); the public page stays plain TypeScript.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    // The CSP allows no inline script; the polyfill is not needed by the browsers we target.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        generator: resolve(import.meta.dirname, 'web/index.html'),
        admin: resolve(import.meta.dirname, 'web/admin/index.html'),
        campaign: resolve(import.meta.dirname, 'web/campaign/index.html'),
      },
    },
  },
});
