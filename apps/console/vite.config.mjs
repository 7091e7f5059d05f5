// The console is built into dist/web and served by the central server under /console/ (same origin
// as the API, so the session cookie is SameSite=Strict and no CORS is needed).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  // One React and the react-is that matches it (the workspace root holds an older react-is for another
  // package; recharts takes react-is as a peer).
  resolve: { dedupe: ['react', 'react-dom', 'react-is'] },
  build: { outDir: 'dist/web', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
});
