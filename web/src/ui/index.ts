// The design system's components. Modules of the SPA's first chunk (the root route, the header, the guards' pages)
// import from the component files instead: a module the first chunk reaches is in it whole, so this barrel would bring
// every component (dialogs, forms, tables) into it.
export {
  Button,
  buttonClass,
  LoadMoreButton,
  type ButtonProps,
  type ButtonSize,
  type ButtonVariant,
  type PagedList,
} from './Button';
export { ConfirmDialog, type ConfirmDialogProps } from './Dialog';
export {
  SelectField,
  TextAreaField,
  TextField,
  type SelectFieldProps,
  type TextAreaFieldProps,
  type TextFieldProps,
} from './Field';
export { Header, type HeaderProps } from './Header';
export { LanguageSwitch, type LanguageSwitchProps } from './LanguageSwitch';
export { MAIN_CONTENT_ID, SkipLink } from './SkipLink';
export { Badge, EmptyState, ErrorState, Loading, type BadgeTone } from './States';
export { Table, type TableProps } from './Table';
export { ToastProvider, useToast, TOAST_DURATION_MS, type Toasts, type ToastTone } from './Toast';
export { useDocumentTitle } from './useDocumentTitle';
