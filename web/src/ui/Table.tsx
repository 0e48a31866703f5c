import type { ReactNode } from 'react';
import './Table.css';

export interface TableProps {
  /** Visible caption: names the table for assistive technologies and for the scroll region. */
  readonly caption: string;
  readonly children: ReactNode;
}

/**
 * A data table inside a horizontally scrollable, keyboard-focusable region (WCAG 1.4.10 reflow: the page itself
 * never scrolls sideways on a phone; the table does, and can be scrolled with the arrow keys).
 */
export function Table({ caption, children }: TableProps): ReactNode {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="table">
        <caption className="table__caption">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
