import type { ReactNode } from 'react';
import './States.css';

export interface EmptyStateProps {
  readonly title: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
  /** Heading level inside the page outline (defaults to h2). */
  readonly level?: 2 | 3;
}

/** What a list shows when it has nothing yet: says why and what comes next. */
export function EmptyState({ title, children, action, level = 2 }: EmptyStateProps): ReactNode {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="state state--empty">
      <Heading className="state__title">{title}</Heading>
      {children ? <div className="state__body">{children}</div> : null}
      {action ? <div className="state__action">{action}</div> : null}
    </div>
  );
}

export interface ErrorStateProps {
  readonly title: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
  readonly level?: 1 | 2;
}

/** An error shown in place of content; announced when it appears. */
export function ErrorState({ title, children, action, level = 2 }: ErrorStateProps): ReactNode {
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <div className="state state--error" role="alert">
      <Heading className="state__title">{title}</Heading>
      {children ? <div className="state__body">{children}</div> : null}
      {action ? <div className="state__action">{action}</div> : null}
    </div>
  );
}

/** A polite "loading" message for screen readers with a visual spinner. */
export function Loading({ label }: { readonly label: string }): ReactNode {
  return (
    <div className="loading" role="status">
      <span className="loading__spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export type BadgeTone = 'neutral' | 'brand' | 'danger';

export function Badge({
  tone = 'neutral',
  children,
}: {
  readonly tone?: BadgeTone;
  readonly children: ReactNode;
}): ReactNode {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
