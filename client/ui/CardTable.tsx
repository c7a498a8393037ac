import { useLayoutEffect, useRef, type ReactNode } from 'react';

/**
 * Wraps a data table so that on narrow screens each row becomes a card: every cell is
 * labelled with its column heading (shown by CSS), and explicit roles keep the table's
 * semantics when its display changes.
 */
export function CardTable({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const table = ref.current?.querySelector('table');
    if (!table) return;
    const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent?.trim() ?? '');
    table.setAttribute('role', 'table');
    for (const row of table.querySelectorAll('tr')) {
      row.setAttribute('role', 'row');
      [...row.children].forEach((cell, i) => {
        const inHead = cell.closest('thead') !== null;
        if (cell.tagName === 'TH') cell.setAttribute('role', inHead ? 'columnheader' : 'rowheader');
        else cell.setAttribute('role', 'cell');
        if (!inHead && cell.tagName === 'TD' && headings[i]) cell.setAttribute('data-label', headings[i]);
      });
    }
    for (const group of table.querySelectorAll('thead, tbody')) group.setAttribute('role', 'rowgroup');
  });
  return (
    <div ref={ref} className="table-wrap card-table">
      {children}
    </div>
  );
}
