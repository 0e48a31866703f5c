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
