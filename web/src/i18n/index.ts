export * from './core';
export { createI18n, applyDocumentLanguage, I18nProvider, useI18n, useT, type I18n } from './context';
export { detectBrowserLanguage, readStoredLanguage, storeLanguage } from './storage';
