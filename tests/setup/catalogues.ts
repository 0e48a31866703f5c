// Unit-test setup: the SPA fetches a language's texts when it is chosen (web/src/i18n/core.ts loadCatalogue);
// tests translate synchronously in every language, so every catalogue is loaded before them, the spaces' included.
import { ALL_LANGUAGES, loadSpaceTexts } from '../../web/src/i18n/core';

await Promise.all(
  ALL_LANGUAGES.flatMap((lang) => [loadSpaceTexts(lang, 'learner'), loadSpaceTexts(lang, 'staff')]),
);
