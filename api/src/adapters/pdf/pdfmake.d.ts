// pdfmake 0.3 ships no type declarations: the small server-side surface the renderer uses.
declare module 'pdfmake' {
  export interface OutputDocument {
    getBuffer(): Promise<Buffer>;
  }
  export interface PdfMake {
    readonly virtualfs: {
      writeFileSync(name: string, content: Buffer): void;
      existsSync(name: string): boolean;
    };
    setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
    setUrlAccessPolicy(policy: (url: string) => boolean): void;
    setLocalAccessPolicy(policy: (path: string) => boolean): void;
    createPdf(definition: object, options?: object): OutputDocument;
  }
  const pdfmake: PdfMake;
  export default pdfmake;
}

declare module '*.ttf' {
  /** The font file's bytes, embedded in the bundle (esbuild `binary` loader; a vitest plugin in tests). */
  const bytes: Uint8Array;
  export default bytes;
}

declare module 'fontkit' {
  /** A parsed font: what pdfkit lays text out with. */
  export interface Glyph {
    readonly id: number;
    readonly codePoints: readonly number[];
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  /** A shaped text: pdfkit reads its glyphs, positions (scaling them in place) and advance width. */
  export interface GlyphRun {
    readonly glyphs: Glyph[];
    readonly positions: GlyphPosition[];
    readonly advanceWidth: number;
  }
  export interface Font {
    readonly unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string, features?: object | null): GlyphRun;
  }
  /** Parses a font file (what pdfkit calls for every document that uses the font). */
  export function create(buffer: Uint8Array): Font;
  /** Adds a font format; `create` tries formats in registration order with their `probe`. */
  export function registerFormat(format: { probe(buffer: Uint8Array): boolean }): void;
}
