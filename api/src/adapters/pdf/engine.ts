// The PDF engine: pdfmake 0.3 (with pdfkit and fontkit) and the certificate font, configured once.
// Kept out of the api bundle: it runs in the PDF thread (pdf-worker.ts, built into `pdf-worker.cjs` next to
// main.cjs), started on the first render, so the api's cold start never parses it. The font is Noto Sans (Regular and Bold, full TTF files from the npm package
// @expo-google-fonts/noto-sans, SIL Open Font License): it covers the Latin, Greek and Cyrillic letters
// and accents that names may use (`isPrintableName` in shared; a unit test checks the two agree).
// Its bytes are embedded in the bundle (esbuild's binary loader), so nothing is read from disk at run
// time; every URL or local file a document definition might name is refused.
import type * as Fontkit from 'fontkit';
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import { CERTIFICATE_FONT, type TextMeasure } from './certificate-document';
import { withQrPaths } from './qr-path';
import notoSansBold from '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf';
import notoSansRegular from '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf';

export interface PdfEngine {
  /**
   * A document definition, or one built with the font's metrics (`measure`) just before rendering.
   * `shareShapings`: the document's words may be shaped once for all documents (certificates and
   * attestations only; see shareWordShapings).
   */
  render(
    definition: object | ((measure: TextMeasure) => object),
    options?: { readonly shareShapings?: boolean },
  ): Promise<Buffer>;
  readonly measure: TextMeasure;
}

const fontFiles = { normal: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf' } as const;
const fontBytes: Record<keyof typeof fontFiles, Uint8Array> = { normal: notoSansRegular, bold: notoSansBold };

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
const parsedFonts: Fontkit.Font[] = [];
/** By style: the parsed font and its own shaping, never shared (what the name's measurement uses). */
const parsedByStyle = new Map<
  keyof typeof fontFiles,
  { readonly font: Fontkit.Font; readonly shapeAlone: (text: string) => Fontkit.GlyphRun }
>();

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

/** How many word shapings the fonts made and how many they served from the shared runs (bench, tests). */
export const shapingCounts = { shaped: 0, reused: 0 };

/** Bounds the shared runs: a training title per training, the words of both languages, a few thousand. */
const MAX_SHARED_RUNS = 4096;

/** Whether the document being rendered (one at a time) may share its word shapings. */
let sharingShapings = false;

/**
 * Shaping a word (fontkit's OpenType substitutions and positioning) was a quarter of a certificate's
 * render time, and pdfkit forgets every shaping with its document. The words every certificate repeats
 * (labels, titles, organisers) are shaped once and shared: each is shaped with an empty glyph cache of
 * its own, so its glyphs carry only its own characters and no other text can change how it reads; pdfkit
 * scales positions in place, so each caller gets fresh copies. Only certificates and attestations share
 * (reports and hours reports hold learners' data: shaped per document), and even there texts with
 * features (the holder's name, shaped with ccmp off) and texts with digits (INAMI numbers, dates, codes:
 * they change with every document, and a number may be personal) are shaped each time. An attestation's
 * trainers and place, printed on every attestation of the session, are shared.
 */
function shareWordShapings(font: Fontkit.Font): (text: string) => Fontkit.GlyphRun {
  const shape = font.layout.bind(font);
  const shared = new Map<string, { glyphs: Fontkit.Glyph[]; positions: Fontkit.GlyphPosition[] }>();
  const copy = (run: { glyphs: Fontkit.Glyph[]; positions: Fontkit.GlyphPosition[] }): Fontkit.GlyphRun => ({
    glyphs: [...run.glyphs],
    positions: run.positions.map((position) => ({ ...position })),
    get advanceWidth() {
      return this.positions.reduce((width, position) => width + position.xAdvance, 0);
    },
  });
  font.layout = (text, features) => {
    if (!sharingShapings || features || /\d/.test(text)) return shape(text, features);
    let run = shared.get(text);
    if (run) {
      shapingCounts.reused += 1;
    } else {
      const glyphCache = (font as unknown as { _glyphs: object })._glyphs;
      (font as unknown as { _glyphs: object })._glyphs = {};
      try {
        const fresh = shape(text);
        run = { glyphs: fresh.glyphs, positions: fresh.positions.map((position) => ({ ...position })) };
      } finally {
        (font as unknown as { _glyphs: object })._glyphs = glyphCache;
      }
      shapingCounts.shaped += 1;
      if (shared.size >= MAX_SHARED_RUNS) shared.clear();
      shared.set(text, run);
    }
    return copy(run);
  };
  return shape;
}

export function createPdfEngine(): PdfEngine {
  if (parsedFonts.length === 0) {
    fontkit.registerFormat(parsedFontFormat);
    for (const style of ['normal', 'bold'] as const) {
      pdfmake.virtualfs.writeFileSync(fontFiles[style], fontHandle(parsedFonts.length));
      const font = fontkit.create(fontBytes[style]);
      parsedByStyle.set(style, { font, shapeAlone: shareWordShapings(font) });
      parsedFonts.push(font);
    }
  }
  pdfmake.setFonts({
    [CERTIFICATE_FONT]: {
      normal: fontFiles.normal,
      bold: fontFiles.bold,
      italics: fontFiles.normal,
      bolditalics: fontFiles.bold,
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  const measure: TextMeasure = (text, options) => {
    const parsed = parsedByStyle.get(options.bold ? 'bold' : 'normal');
    if (!parsed) throw new Error('certificate font not loaded');
    return parsed.shapeAlone(text).advanceWidth / parsed.font.unitsPerEm;
  };
  // fontkit keeps one glyph object per glyph id and font, holding the characters of the first text that
  // produced it (a glyph reached through a decomposition keeps the composed letter, or none), and pdfkit
  // writes those characters into each document's text layer. With fonts shared across documents, one
  // name could change how another document's letters read (pdftotext, copy, screen readers): every
  // document starts from empty glyph caches instead, one document at a time.
  let previous: Promise<unknown> = Promise.resolve();
  const render: PdfEngine['render'] = (definition, options = {}) => {
    const rendered = previous.then(async () => {
      const built: object =
        typeof definition === 'function' ? (definition as (m: TextMeasure) => object)(measure) : definition;
      for (const font of parsedFonts) (font as unknown as { _glyphs: object })._glyphs = {};
      sharingShapings = options.shareShapings === true;
      try {
        return await pdfmake.createPdf(withQrPaths(built)).getBuffer();
      } finally {
        sharingShapings = false;
      }
    });
    previous = rendered.catch(() => undefined);
    return rendered;
  };
  return { render, measure };
}

/** Whether the certificate font has a glyph for every code point (regular and bold): tests only. */
export function fontCovers(codePoint: number): boolean {
  createPdfEngine();
  return [...parsedByStyle.values()].every(({ font }) => font.hasGlyphForCodePoint(codePoint));
}
