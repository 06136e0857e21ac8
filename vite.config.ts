import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The console (src/admin) builds into dist/admin, which the server serves at /admin with an SPA
 * fallback (registerAdminUi in src/server/app.ts). `npm run dev` serves the API on :3000; `npx vite`
 * serves the console on :5173/admin/ and proxies /api there.
 */
export default defineConfig({
  root: here('./src/admin'),
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: here('./dist/admin'),
    emptyOutDir: true,
    target: 'es2022',
    // antd is one large library; it is split out so that the app's own chunks stay small and cacheable.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 3,
            },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 2 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
