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

declare module 'pdfmake/build/vfs_fonts.js' {
  /** File name → base64 TTF (Roboto Regular, Medium, Italic, MediumItalic). */
  const vfs: Record<string, string>;
  export default vfs;
}

declare module 'fontkit' {
  /** Parses a font file (what pdfkit calls for every document that uses the font). */
  export function create(buffer: Uint8Array): object;
  /** Adds a font format; `create` tries formats in registration order with their `probe`. */
  export function registerFormat(format: { probe(buffer: Uint8Array): boolean }): void;
}
