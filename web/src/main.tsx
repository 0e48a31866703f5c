// SPA entry point: detect the language before the first paint, then render the router inside the i18n provider.
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyDocumentLanguage, createI18n, detectBrowserLanguage, I18nProvider, useI18n } from './i18n';
import { createAppRouter } from './router';
import './ui/tokens.css';
import './ui/base.css';

const initialLang = detectBrowserLanguage();
applyDocumentLanguage(initialLang);

const router = createAppRouter({ i18n: createI18n(initialLang) });

function App(): ReactNode {
  const i18n = useI18n();
  return <RouterProvider router={router} context={{ i18n }} />;
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <I18nProvider initialLang={initialLang}>
      <App />
    </I18nProvider>
  </StrictMode>,
);
