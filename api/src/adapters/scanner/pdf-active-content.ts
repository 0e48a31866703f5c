// Finds active content in a PDF: what a viewer runs or opens by itself (JavaScript, actions on open or
// on events, launching programs, embedded files, XFA forms, rich media). A diploma is a static document;
// such content only serves an attack on whoever reviews it, so uploads carrying it are refused.
//
// Dictionaries live either in the file's plain objects or, from PDF 1.5, compressed inside object streams
// (`/Type /ObjStm`): both are read. Names may be written with `#xx` escapes (`/J#61vaScript`): decoded
// first. An object stream that cannot be read (encrypted, corrupt, or inflating past the limit) cannot be
// checked, and is reported as such.
import { inflateSync } from 'node:zlib';

/** Names whose presence alone means active content. */
const activeNames =
  /\/(JavaScript|JS|AA|Launch|EmbeddedFiles?|XFA|RichMedia|RichMediaExecute|SubmitForm|ImportData|GoToE|Sound|Movie)(?=[\s/[\]<>(){}%]|$)/g;
/** `/OpenAction` is harmless as a destination (`[page /Fit]`); an action (dictionary or reference) is not. */
const openAction = /\/OpenAction\s*(\[)?/g;
/** Most bytes one object stream may inflate to (diplomas are at most 10 MB, their dictionaries far less). */
const maxInflatedBytes = 16 * 1024 * 1024;

const decodeNameEscapes = (text: string): string =>
  text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function findings(text: string): string[] {
  const found = new Set<string>();
  const decoded = decodeNameEscapes(text);
  for (const match of decoded.matchAll(activeNames)) found.add(match[1] ?? '');
  for (const match of decoded.matchAll(openAction)) if (!match[1]) found.add('OpenAction');
  return [...found];
}

/** Most bytes all the object streams of one file may inflate to, together. */
const maxInflatedTotal = 64 * 1024 * 1024;
/** How far before `stream` a stream's dictionary may start. */
const maxDictionaryLength = 4096;

/**
 * The contents of every `/Type /ObjStm` stream, inflated; `undefined` for one that cannot be read.
 * Linear in the file: each stream's dictionary is looked for only between the previous stream's data
 * and its own `stream` keyword, and the inflated total is bounded.
 */
function objectStreams(source: string, bytes: Buffer): (string | undefined)[] {
  const streams: (string | undefined)[] = [];
  let inflatedTotal = 0;
  let searchedUpTo = 0;
  for (const match of source.matchAll(/>>\s*stream\r?\n/g)) {
    const keyword = match.index;
    if (keyword < searchedUpTo) continue;
    const windowStart = Math.max(searchedUpTo, keyword - maxDictionaryLength);
    // The stream's dictionary: a stream is always an indirect object (`n g obj << … >> stream`), so
    // from its object header on, within the bounded window (nested dictionaries included).
    const window = source.slice(windowStart, keyword);
    const headers = [...window.matchAll(/\d+\s+\d+\s+obj\b/g)];
    const header = headers.at(-1);
    const dictionary = decodeNameEscapes(header ? window.slice(header.index + header[0].length) : window);
    const start = keyword + match[0].length;
    const end = source.indexOf('endstream', start);
    searchedUpTo = end < 0 ? source.length : end;
    if (!/\/Type\s*\/ObjStm\b/.test(dictionary)) continue;
    if (end < 0) {
      streams.push(undefined);
      continue;
    }
    const raw = bytes.subarray(start, end);
    if (!/\/Filter\s*\/FlateDecode\b/.test(dictionary)) {
      // Uncompressed (or another filter): read as is; an unknown filter leaves it unreadable.
      streams.push(/\/Filter\b/.test(dictionary) ? undefined : raw.toString('latin1'));
      continue;
    }
    const budget = Math.min(maxInflatedBytes, maxInflatedTotal - inflatedTotal);
    let inflated: Buffer | undefined;
    for (const finishFlush of [undefined, 2 /* Z_SYNC_FLUSH: data without its checksum */]) {
      try {
        inflated = inflateSync(raw, {
          maxOutputLength: Math.max(1, budget),
          ...(finishFlush ? { finishFlush } : {}),
        });
        break;
      } catch {
        inflated = undefined;
      }
    }
    inflatedTotal += inflated?.length ?? 0;
    streams.push(inflated?.toString('latin1'));
  }
  return streams;
}

/**
 * The kinds of active content found in a PDF (e.g. `JavaScript`, `OpenAction`, `EmbeddedFile`, `XFA`),
 * plus `unreadable-object-stream` when part of it cannot be checked; empty for a static document.
 */
export function pdfActiveContent(content: Uint8Array): string[] {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const source = bytes.toString('latin1');
  const found = new Set(findings(source));
  for (const stream of objectStreams(source, bytes)) {
    if (stream === undefined) found.add('unreadable-object-stream');
    else for (const kind of findings(stream)) found.add(kind);
  }
  return [...found].sort();
}
