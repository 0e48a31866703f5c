export { Button, type ButtonProps, type ButtonVariant } from './Button';
export { Header } from './Header';
export { LanguageSwitch } from './LanguageSwitch';
export { MAIN_CONTENT_ID, SkipLink } from './SkipLink';
export { useDocumentTitle } from './useDocumentTitle';
