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

/** The contents of every `/Type /ObjStm` stream, inflated; `undefined` for one that cannot be read. */
function objectStreams(source: string, bytes: Buffer): (string | undefined)[] {
  const streams: (string | undefined)[] = [];
  const header = /<<((?:(?!>>\s*stream)[\s\S]){0,4096}?)>>\s*stream\r?\n/g;
  for (const match of source.matchAll(header)) {
    const dictionary = decodeNameEscapes(match[1] ?? '');
    if (!/\/Type\s*\/ObjStm\b/.test(dictionary)) continue;
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
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
    try {
      streams.push(inflateSync(raw, { maxOutputLength: maxInflatedBytes }).toString('latin1'));
    } catch {
      try {
        // Some writers end the data with a stray newline before `endstream`, or leave the checksum out.
        streams.push(
          inflateSync(raw, { maxOutputLength: maxInflatedBytes, finishFlush: 2 }).toString('latin1'),
        );
      } catch {
        streams.push(undefined);
      }
    }
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
