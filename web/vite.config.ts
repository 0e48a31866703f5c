// Vite build of the SOINS+ SPA. The TanStack Router plugin must come before the React plugin: it generates
// src/routeTree.gen.ts from src/routes and splits every route component into its own lazily loaded chunk.
import { fileURLToPath } from 'node:url';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ mode }) => ({
  root: here('.'),
  plugins: [
    tanstackRouter({
      target: 'react',
      autoCodeSplitting: true,
      routesDirectory: here('./src/routes'),
      generatedRouteTree: here('./src/routeTree.gen.ts'),
      quoteStyle: 'single',
    }),
    react(),
  ],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Never inline assets as data: URIs (the CSP only allows data: for images) and never ship sourcemaps in prod.
    assetsInlineLimit: 0,
    sourcemap: mode === 'development',
    target: 'es2022',
    reportCompressedSize: true,
  },
}));
