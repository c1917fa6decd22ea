import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the console plugin under /console/; in development the API is
// proxied to a local server (CRM_API_URL, default scripts/run's :5001).
declare const process: { env: Record<string, string | undefined> };
const api = process.env.CRM_API_URL ?? 'http://127.0.0.1:5001';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', assetsInlineLimit: 0 },
  server: { proxy: { '/api': api } },
  preview: { proxy: { '/api': api } },
});
