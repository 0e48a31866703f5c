// SPA entry point. The app renders at once. In parallel the bootstrap fetches the runtime auth config
// (`GET /api/auth/config`) and starts error reporting (Sentry only when the config names a DSN, loaded lazily); MSAL
// is imported, created and handles a redirect response at once when this tab may hold a session, otherwise on first
// need (see features/identity/auth.ts). Guards and the sign-in callback wait for it.
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { fetchAuthConfig, preconnectToAuthority } from './bootstrap/config';
import { createQueryClient, type QueryClientHooks } from './bootstrap/query-client';
import { initTelemetry, isExpectedError, reportError } from './bootstrap/telemetry';
import { AUTH_CALLBACK_PATH, createDeferredAuth, mayHaveSession } from './features/identity/auth';
import { forgetKeptToken, readKeptToken } from './features/identity/kept-token';
import {
  applyDocumentLanguage,
  createI18n,
  DEFAULT_LANGUAGE,
  detectBrowserLanguage,
  loadCatalogue,
  I18nProvider,
  useI18n,
  type OfferedLang,
} from './i18n';
import { createAppRouter, type AppRouter } from './router';
import './ui/tokens.css';
import './ui/base.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const language: { current: OfferedLang } = { current: detectBrowserLanguage() };
// The texts of a language other than French are a chunk of their own, fetched while the rest starts (below).
// If they cannot load (offline, a tab older than the deployment) or take more than 10 s, the page opens in French.
const catalogue = Promise.race([
  loadCatalogue(language.current),
  new Promise<never>((_, reject) =>
    setTimeout(() => {
      reject(new Error('catalogue timeout'));
    }, 10_000),
  ),
]).catch(() => {
  language.current = DEFAULT_LANGUAGE;
});
applyDocumentLanguage(language.current);
const getLanguage = (): OfferedLang => language.current;

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

// Error reporting starts with the config, which is fetched at once (it is small) even when MSAL waits.
const authConfig = fetchAuthConfig(createApiClient({ getLanguage }));
void authConfig.then(initTelemetry).catch(() => undefined);

// A page load of a signed-in tab calls the api with the token kept from its previous page (never on the sign-in
// callback, which brings a new one): MSAL then loads only when needed. Without one, MSAL starts at once if the tab
// may hold a session.
const kept =
  window.location.pathname === AUTH_CALLBACK_PATH ? null : readKeptToken(sessionStorageOrUndefined());
const eagerAuth = !kept && mayHaveSession(window.location.pathname, sessionStorageOrUndefined());
if (eagerAuth) void authConfig.then(preconnectToAuthority).catch(() => undefined);

const auth = createDeferredAuth(
  async () => {
    const [config, { createMsalAuth }] = await Promise.all([
      authConfig.catch(() => fetchAuthConfig(createApiClient({ getLanguage }))),
      import('./features/identity/msal-auth'),
    ]);
    return createMsalAuth({ config, getLanguage });
  },
  {
    eager: eagerAuth,
    kept,
    forgetKept: () => {
      forgetKeptToken(sessionStorageOrUndefined());
    },
  },
);

const api = createApiClient({ tokens: auth, getLanguage });
const queryHooks: { current: QueryClientHooks } = { current: {} };
const queryClient = createQueryClient(queryHooks);
const router = createAppRouter({ i18n: createI18n(language.current), auth, api, queryClient });
// The opened page's code (its routes' lazy chunks) is fetched now, beside the auth config and MSAL, rather than
// once the guards' calls are done; the router then finds it loaded (a failure is retried by the router). In a task
// of its own: appending their dozen preload links took ~10 ms of this module's evaluation, the page's longest task.
setTimeout(() => {
  for (const route of router.getMatchedRoutes(window.location.pathname)[0]) {
    void router.loadRouteChunk(route)?.catch(() => undefined);
  }
}, 0);
// A call refused with `legal_acceptance_required`: new terms were published; accept them, then come back.
queryHooks.current = {
  onLegalAcceptanceRequired: () => {
    const { pathname, href } = router.state.location;
    if (pathname === '/legal') return;
    void queryClient.invalidateQueries({ queryKey: ['me', 'legal'] });
    void router.navigate({ to: '/legal', search: { returnTo: href } });
  },
};

function App({ router: appRouter }: { readonly router: AppRouter }): ReactNode {
  const i18n = useI18n();
  return <RouterProvider router={appRouter} context={{ i18n }} />;
}

// Rendered once the language's texts are there (a module-level await would make Vite preload every route).
void catalogue.then(() => {
  applyDocumentLanguage(language.current);

  // React logs every error an error boundary catches; the route error views already explain (and report) them, so
  // only unexpected ones reach the console.
  createRoot(container, {
    onCaughtError: (error) => {
      if (!isExpectedError(error)) console.error(error);
    },
    onUncaughtError: (error) => {
      reportError(error, language.current);
      console.error(error);
    },
  }).render(
    <StrictMode>
      <I18nProvider
        initialLang={language.current}
        onLanguageChange={(lang) => {
          language.current = lang;
        }}
      >
        <QueryClientProvider client={queryClient}>
          <App router={router} />
        </QueryClientProvider>
      </I18nProvider>
    </StrictMode>,
  );
});
