// The card layout of tables on narrow screens labels every value with its column header (labelCells).
import { describe, expect, it } from 'vitest';
import { labelCells } from './Table';

interface FakeCell {
  textContent: string;
  colSpan: number;
  dataset: Record<string, string | undefined>;
}

const cell = (text: string, colSpan = 1): FakeCell => ({ textContent: text, colSpan, dataset: {} });

function fakeTable(headers: FakeCell[], rows: FakeCell[][]) {
  return {
    tHead: { rows: [{ cells: headers }] },
    tBodies: [{ rows: rows.map((cells) => ({ cells })) }],
  } as unknown as HTMLTableElement;
}

describe('labelCells', () => {
  it('labels each body cell with its column header, following column spans', () => {
    const rows = [
      [cell('SIM-0001'), cell('1 décembre 2026'), cell('15,00 €')],
      [cell('SIM-0002'), cell('Payée', 2)],
    ];
    labelCells(fakeTable([cell(' Numéro '), cell('Date'), cell('Montant')], rows));
    expect(rows.map((row) => row.map((c) => c.dataset.label))).toEqual([
      ['Numéro', 'Date', 'Montant'],
      ['Numéro', 'Date'],
    ]);
  });

  it('leaves cells unlabelled under an empty header and does nothing without a header row', () => {
    const rows = [[cell('x'), cell('y')]];
    labelCells(fakeTable([cell('Nom'), cell('')], rows));
    expect(rows[0]?.map((c) => c.dataset.label)).toEqual(['Nom', undefined]);
    const bare = { tHead: null, tBodies: [] } as unknown as HTMLTableElement;
    expect(() => {
      labelCells(bare);
    }).not.toThrow();
  });
});
