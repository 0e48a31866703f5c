// QR codes drawn as one path. pdfmake draws a `qr` node as one filled rectangle per dark module (about 600
// for a verification link), each with its own line width, dash, join, cap, colour and fill operators:
// measured, drawing and compressing them cost ~15 % of a certificate's render. The same modules
// (pdfmake's own encoder, so the same code) become one path of horizontal runs, filled once.
import { createRequire } from 'node:module';

interface QrRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly color: string;
}

interface QrEncoder {
  measure(node: Record<string, unknown>): { _canvas: QrRect[] };
}

// pdfmake's encoder is CommonJS (`exports.default`); `require` is bundled by esbuild in the deployed file,
// createRequire serves tsx and vitest.
const qrEncoder = (
  (typeof require === 'function'
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- pdfmake's internal CommonJS module
      require('pdfmake/js/qrEnc.js')
    : createRequire(import.meta.url)('pdfmake/js/qrEnc.js')) as { default: QrEncoder }
).default;

/** The options pdfmake's `qr` node takes (the rest of the node, such as width or margin, is kept). */
const qrOptions = ['qr', 'fit', 'eccLevel', 'version', 'mode', 'mask', 'foreground', 'background', 'padding'];

/** One `qr` node as a canvas: the background square, then every run of dark modules in one path. */
export function qrCanvas(node: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const [background, ...modules] = qrEncoder.measure({ ...node })._canvas;
  if (!background) throw new Error('the QR encoder drew nothing');
  // The encoder lists modules row by row, left to right: adjacent modules of a row form one run.
  const runs: string[] = [];
  let run: { x: number; y: number; w: number; h: number } | undefined;
  for (const module of modules) {
    if (run && module.y === run.y && module.x === run.x + run.w) {
      run.w += module.w;
      continue;
    }
    if (run) runs.push(`M${run.x} ${run.y}h${run.w}v${run.h}h${-run.w}z`);
    run = { x: module.x, y: module.y, w: module.w, h: module.h };
  }
  if (run) runs.push(`M${run.x} ${run.y}h${run.w}v${run.h}h${-run.w}z`);
  const rest = Object.fromEntries(Object.entries(node).filter(([key]) => !qrOptions.includes(key)));
  return {
    ...rest,
    canvas: [
      background,
      ...(runs.length > 0 ? [{ type: 'path', d: runs.join(''), color: modules[0]?.color ?? '#000' }] : []),
    ],
  };
}

/** The definition with every `qr` node drawn as a path (other nodes, functions included, are kept as they are). */
export function withQrPaths<T>(definition: T): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
      return value;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.qr === 'string') return qrCanvas(node);
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, walk(child)]));
  };
  return walk(definition) as T;
}
