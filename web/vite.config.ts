// Vite build of the SOINS+ SPA. The TanStack Router plugin must come before the React plugin: it generates
// src/routeTree.gen.ts from src/routes and splits every route component into its own lazily loaded chunk.
// staticWebAppConfig writes dist/staticwebapp.config.json from the root source (deploy-time CSP origins in an Azure
// build: see scripts/static-web-app-config.ts), the only copy Static Web Apps and the local gateway read.
import { fileURLToPath } from 'node:url';
import { tanstackRouter } from '@tanstack/router-plugin/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { staticWebAppConfig } from '../scripts/static-web-app-config.js';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * V8's explicit compile hint on every chunk: its functions are compiled on a background thread while the file
 * streams in, instead of one by one on the main thread at their first call (~150 ms of main-thread compile in a page
 * load profiled unthrottled, most of the first render's long tasks). The first-load chunk and MSAL's had it; the
 * route chunks too since a page's chunks run at its first render (Lighthouse, 5 runs each, same hour: player
 * 83/89/90/92/92 -> 89/91/92/93/95, total blocking time 220 -> 90 ms; catalogue 83-94 -> 93-95; quiz alike). V8
 * reads the comment on the first line only, so it is added after Vite's own additions (the preload map); not in a
 * development build, whose sourcemaps it would shift.
 */
function compileHints(): Plugin {
  return {
    name: 'soins-compile-hints',
    apply: (_, { command, mode }) => command === 'build' && mode !== 'development',
    generateBundle: {
      order: 'post',
      handler(_, bundle) {
        for (const chunk of Object.values(bundle)) {
          if (chunk.type === 'chunk') chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
        }
      },
    },
  };
}

export default defineConfig(({ mode }) => ({
  root: here('.'),
  plugins: [
    tanstackRouter({
      target: 'react',
      autoCodeSplitting: true,
      routesDirectory: here('./src/routes'),
      generatedRouteTree: here('./src/routeTree.gen.ts'),
      quoteStyle: 'single',
      // In the learner, admin and trainer spaces a route's loader goes with its component: their data queries are not
      // in the first chunk a visitor downloads. One chunk, so no second round trip. The loader's api call then waits
      // for the chunk: main.tsx fetches the opened page's chunks at once, the router preloads a link's on intent, and
      // a chunk once fetched stays cached. On the public pages the loader stays in the first chunk and starts before
      // the component arrives.
      codeSplittingOptions: {
        splitBehavior: ({ routeId }) =>
          /^\/(admin|trainer|_learner|onboarding|legal)(\/|$)/.test(routeId)
            ? [['loader', 'component'], ['pendingComponent'], ['errorComponent'], ['notFoundComponent']]
            : undefined,
      },
    }),
    react(),
    staticWebAppConfig({ source: here('../staticwebapp.config.json') }),
    compileHints(),
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
    // Everything the first load needs in one chunk (one request, one CSS file): split along what the lazy routes
    // share, it was 18 modulepreloads queueing on the 6 connections of HTTP/1.1 and compressed worse (~7 KB gzip).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
}));
