import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, csvChunks, csvLine, toCsv } from '../src/domain/csv';
import { parseCsv, parseExcelCsv } from '../../tests/support/csv';

const pagesOf = <T>(...pages: T[][]): T[][] => pages;

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe('CSV for Belgian Excel', () => {
  it('starts with the UTF-8 byte order mark, once', async () => {
    const csv = await text(csvChunks(['Nom'], pagesOf([['Émilie']], [['Zoë']])));
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.indexOf(CSV_BOM, 1)).toBe(-1);
  });

  it('reads back as the tests read a downloaded export, and a file without the mark is refused', async () => {
    const csv = await text(csvChunks(['Nom'], pagesOf([['Émilie']], [['Zoë']])));
    expect(parseExcelCsv(Buffer.from(csv, 'utf8'))).toEqual([['Nom'], ['Émilie'], ['Zoë']]);
    expect(() => parseExcelCsv(Buffer.from(csv.slice(1), 'utf8'))).toThrow(
      'expected the UTF-8 byte order mark',
    );
  });

  it('separates cells with ; and ends lines with CRLF', () => {
    expect(csvLine(['Dubois', 'Marie', 'Infirmier·ère'])).toBe('Dubois;Marie;Infirmier·ère\r\n');
  });

  it('quotes cells holding the separator, quotes, commas or line breaks (RFC 4180)', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('le "bon" code')).toBe('"le ""bon"" code"');
    expect(csvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
    expect(csvCell('1,5')).toBe('"1,5"');
    expect(csvCell('simple')).toBe('simple');
  });

  it.each(['=1+1', '+32470123456', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd'])(
    'neutralises %j with a leading apostrophe',
    (value) => {
      const cell = csvCell(value);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted).toBe(`'${value}`);
    },
  );

  it('neutralises a formula that also needs quotes', () => {
    expect(csvCell('=HYPERLINK("http://x";"y")')).toBe('"\'=HYPERLINK(""http://x"";""y"")"');
  });

  it('writes numbers with a decimal comma and never neutralises them', () => {
    expect(csvCell(1.5)).toBe('1,5');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('round-trips every row through an RFC 4180 reader', async () => {
    const rows = [
      ["D'Hondt", 'Anne; Sophie', '=evil()', 'multi\r\nline', 'quote "x"'],
      ['Peeters', 'Jan', '', '@home', '-'],
    ];
    const csv = await text(csvChunks(['a', 'b', 'c', 'd', 'e'], pagesOf(rows)));
    const parsed = parseCsv(csv.slice(1));
    expect(parsed).toEqual([
      ['a', 'b', 'c', 'd', 'e'],
      ["D'Hondt", 'Anne; Sophie', "'=evil()", 'multi\r\nline', 'quote "x"'],
      ['Peeters', 'Jan', '', "'@home", "'-"],
    ]);
  });

  it('streams: many rows come out in several chunks and counts them', async () => {
    async function* many(): AsyncGenerator<string[][]> {
      for (let p = 0; p < 50; p += 1) {
        await Promise.resolve(); // a page arrives from the database
        yield Array.from({ length: 100 }, (_, i) => [`row ${p * 100 + i}`, 'x'.repeat(20)]);
      }
    }
    const chunks: string[] = [];
    const seen: number[] = [];
    const generator = csvChunks(['n', 'x'], many(), {
      chunkChars: 8192,
      onRows: (rows) => void seen.push(rows),
    });
    let result = await generator.next();
    while (!result.done) {
      chunks.push(result.value);
      result = await generator.next();
    }
    expect(result.value).toBe(5000);
    expect(chunks.length).toBeGreaterThan(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(8192 + 200);
    expect(seen.at(-1)).toBe(5000);
    expect(chunks.join('').split('\r\n').length - 2).toBe(5000);
  });

  it('an empty report is the BOM and the header only', async () => {
    expect(await text(csvChunks(['Nom', 'Prénom'], pagesOf()))).toBe(`${CSV_BOM}Nom;Prénom\r\n`);
  });

  it('joins a bounded document (the audit-log export) from the same lines', () => {
    expect(toCsv(['at', 'reason'], [['2026-11-25', 'fraude; copie']])).toBe(
      '\uFEFFat;reason\r\n2026-11-25;"fraude; copie"\r\n',
    );
    expect(toCsv(['a', 'b'], [['=HYPERLINK("http://evil")', 'a=b']])).toBe(
      '\uFEFFa;b\r\n"\'=HYPERLINK(""http://evil"")";a=b\r\n',
    );
  });
});
