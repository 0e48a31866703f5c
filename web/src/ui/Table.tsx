import { useLayoutEffect, useRef, type ReactNode } from 'react';
import './Table.css';

export interface TableProps {
  /** Visible caption: names the table for assistive technologies and for the scroll region. */
  readonly caption: string;
  readonly children: ReactNode;
}

/**
 * Gives every body cell the text of its column header as `data-label`, which the narrow layout shows above the
 * cell's value (each row becomes a card). Column spans are followed; a cell already labelled the same is left.
 */
export function labelCells(table: HTMLTableElement): void {
  const headerRow = table.tHead?.rows[0];
  if (!headerRow) return;
  const headers: string[] = [];
  for (const cell of Array.from(headerRow.cells)) {
    const text = cell.textContent.trim();
    for (let span = 0; span < Math.max(1, cell.colSpan); span++) headers.push(text);
  }
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      let column = 0;
      for (const cell of Array.from(row.cells)) {
        const label = headers[column] ?? '';
        if (label === '') delete cell.dataset.label;
        else if (cell.dataset.label !== label) cell.dataset.label = label;
        column += Math.max(1, cell.colSpan);
      }
    }
  }
}

/**
 * A data table. Wide enough, a table in a horizontally scrollable, keyboard-focusable region (WCAG 1.4.10 reflow:
 * the page itself never scrolls sideways). Narrow (a phone, or a narrow column: a container query), each row
 * becomes a card: the row header as its title, every other cell under its column's name. The same markup serves
 * both, so every table of the three spaces gets it without page-specific code.
 */
export function Table({ caption, children }: TableProps): ReactNode {
  const table = useRef<HTMLTableElement>(null);
  useLayoutEffect(() => {
    const element = table.current;
    if (!element) return undefined;
    labelCells(element);
    // Rows come and go (paging, updates): label the new ones too.
    const observer = new MutationObserver(() => {
      labelCells(element);
    });
    observer.observe(element, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
    };
  }, []);
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table ref={table} className="table">
        <caption className="table__caption">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
