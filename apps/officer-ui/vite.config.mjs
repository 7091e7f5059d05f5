// Vite builds the officer UI into a static bundle (dist/web) that Electron's renderer and a browser load
// alike. Workspace packages are taken from their TypeScript sources (as jest does), so the bundle never
// depends on a previous `tsc -b` and never pulls CommonJS `dist` files into the browser.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const workspace = path.resolve(here, '../..');
const source = (pkg, file = 'index.ts') => path.join(workspace, 'packages', pkg, 'src', file);

// The Electron shell's policy (apps/desktop security.ts) plus loopback for browser mode. Only in the built
// bundle: the dev server's React refresh needs an inline preamble. (frame-ancestors only works as a header,
// which the Electron shell sends.)
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; font-src 'self'; connect-src 'self' http://127.0.0.1:*; base-uri 'none'; form-action 'none'; object-src 'none'";

const cspMeta = {
  name: 'borderpost-csp',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head' }],
};

export default defineConfig({
  root: here,
  // Relative asset URLs: the bundle is served from borderpost://app/ in Electron and from / in a browser.
  base: './',
  plugins: [react(), cspMeta],
  resolve: {
    alias: [
      { find: /^@borderpost\/devices\/browser$/, replacement: source('devices', 'browser.ts') },
      { find: /^@borderpost\/(common|contract|mrz|sync)$/, replacement: path.join(workspace, 'packages/$1/src/index.ts') },
    ],
  },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // The Electron CSP forbids inline scripts: keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
