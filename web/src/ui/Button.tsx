import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';
import './Button.css';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';
export type ButtonSize = 'md' | 'sm';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: ButtonVariant;
  readonly size?: ButtonSize;
  /** Shows the button as busy (aria-busy) and disables it while an action runs. */
  readonly busy?: boolean;
  readonly ref?: Ref<HTMLButtonElement>;
  readonly children: ReactNode;
}

/** Class names of a button, for links that look like buttons (`<Link className={buttonClass()}>`). */
export function buttonClass(
  variant: ButtonVariant = 'primary',
  size: ButtonSize = 'md',
  extra?: string,
): string {
  return ['button', `button--${variant}`, size === 'sm' ? 'button--sm' : undefined, extra]
    .filter(Boolean)
    .join(' ');
}

/** The design system's button. Defaults to `type="button"` so it never submits a form by accident. */
export function Button({
  variant = 'primary',
  size = 'md',
  type = 'button',
  busy = false,
  className,
  disabled,
  children,
  ...rest
}: ButtonProps): ReactNode {
  return (
    <button
      {...rest}
      type={type}
      className={buttonClass(variant, size, className)}
      disabled={disabled === true || busy ? true : undefined}
      aria-busy={busy ? true : undefined}
    >
      {children}
    </button>
  );
}

/** What a paged query exposes (TanStack Query's infinite queries): the next page, and whether it is loading. */
export interface PagedList {
  readonly hasNextPage: boolean;
  readonly isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

/** "Show more" under a paged list: only while there is a next page, busy while it loads. */
export function LoadMoreButton({ list, children }: { list: PagedList; children: ReactNode }): ReactNode {
  if (!list.hasNextPage) return null;
  return (
    <Button
      variant="secondary"
      busy={list.isFetchingNextPage}
      onClick={() => {
        void list.fetchNextPage();
      }}
    >
      {children}
    </Button>
  );
}
