import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { compression, defineAlgorithm } from 'vite-plugin-compression2'
import { defineConfig } from 'vitest/config'

// `npm run dev` proxies to the Flask app; BACKEND_URL overrides the default port.
const backend = process.env.BACKEND_URL ?? 'http://127.0.0.1:5000'

export default defineConfig({
  plugins: [
    react(),
    tailwindcss(),
    // A .br and a .gz beside every text asset, at maximum levels (build time is cheap), so Flask
    // serves compressed files without compressing in the event loop (chat/static_files.py).
    compression({
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip')],
      include: /\.(html|js|mjs|css|svg|json|txt|map|webmanifest|xml)$/,
    }),
  ],
  build: {
    // Flask serves the SPA from chat/static (with a fallback to index.html).
    outDir: '../chat/static',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
})
