// The PDF engine: pdfmake 0.3 (with pdfkit and fontkit) and its Roboto fonts, configured once.
// Kept out of the api bundle: scripts/build-api.ts builds this module into its own file next to
// main.cjs (`pdf-engine.cjs`), loaded on the first certificate render only, so the api's cold start
// never parses it. The fonts are pdfmake's own base64 bundle (build/vfs_fonts.js), so nothing is read
// from disk at run time; every URL or local file a document definition might name is refused.
import type * as Fontkit from 'fontkit';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import vfs from 'pdfmake/build/vfs_fonts.js';

export interface PdfEngine {
  render(definition: object): Promise<Buffer>;
}

const fontFiles = { normal: 'Roboto-Regular.ttf', bold: 'Roboto-Medium.ttf' } as const;

// pdfkit parses every font again for every document (fontkit.create), which costs more than laying
// out a one-page certificate. The fonts are parsed once here instead: pdfmake's virtual files hold a
// short marker, and a fontkit format registered for that marker hands pdfkit the parsed font. Parsed
// fonts are read-only for pdfkit (each document builds its own subset), so sharing them is safe.
// fontkit ships CommonJS and ESM builds with separate format registries: take the CommonJS one, which
// pdfkit uses (`require` is bundled by esbuild in the deployed file; createRequire serves tsx/vitest).
const fontkit = (
  typeof require === 'function'
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- must be pdfkit's instance
      require('fontkit')
    : createRequire(import.meta.url)('fontkit')
) as typeof Fontkit;

const MARKER = Buffer.from('SOINSFNT');
const parsedFonts: object[] = [];

function fontHandle(index: number): Buffer {
  return Buffer.concat([MARKER, Buffer.from([index])]);
}

const parsedFontFormat = Object.assign(
  function ParsedFont(stream: { buffer: Uint8Array }): object {
    const font = parsedFonts[stream.buffer[MARKER.length] ?? -1];
    if (!font) throw new Error('unknown parsed font');
    return font; // `new ParsedFont(…)` yields the cached font object
  },
  {
    probe: (buffer: Uint8Array): boolean =>
      buffer.length === MARKER.length + 1 && MARKER.equals(buffer.subarray(0, MARKER.length)),
  },
);

export function createPdfEngine(): PdfEngine {
  if (parsedFonts.length === 0) {
    fontkit.registerFormat(parsedFontFormat);
    for (const file of Object.values(fontFiles)) {
      const base64 = vfs[file];
      if (!base64) throw new Error(`pdfmake font ${file} missing from its vfs`);
      pdfmake.virtualfs.writeFileSync(file, fontHandle(parsedFonts.length));
      parsedFonts.push(fontkit.create(Buffer.from(base64, 'base64')));
    }
  }
  pdfmake.setFonts({
    Roboto: {
      normal: fontFiles.normal,
      bold: fontFiles.bold,
      italics: fontFiles.normal,
      bolditalics: fontFiles.bold,
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return { render: (definition) => pdfmake.createPdf(definition).getBuffer() };
}
