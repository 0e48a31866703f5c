// What an uploaded chapter file really is, read from its own bytes (never from its name or the browser's
// content type): an MP4 (ISO BMFF `ftyp`, then `moov/mvhd` for the duration and the video track's
// `tkhd`/`hdlr`/`stsd` for the picture size and codec) or a WebM (EBML header with DocType `webm`, then the
// Segment's `Info` for the duration and `Tracks` for the video track). Only the boxes and elements needed
// are read, through ranged reads, so a large file is never loaded whole; an MP4 whose `moov` sits at the
// end (no +faststart) is found by walking the top-level boxes.
import type { VideoInfo } from '@soins/shared';
import { fail, ok, type Result } from '../result';
import type { RangeReader } from './ports';

/** Why a file is not a usable video (for logs and the admin; the problem code is `upload_not_video`). */
export interface ProbeFailure {
  readonly code: 'unreadable';
  readonly message: string;
}

const bad = (message: string): { ok: false; error: ProbeFailure } => fail({ code: 'unreadable', message });

/** Codecs every browser this product supports plays (Chromium, Firefox, Safari recent). */
export const playableMp4Codecs: readonly string[] = ['avc1', 'avc3', 'av01', 'vp09'];
export const playableWebmCodecs: readonly string[] = ['V_VP8', 'V_VP9', 'V_AV1'];

/** A `moov` (or a WebM header element) larger than this is refused rather than read. */
const maxHeaderBytes = 64 * 1024 * 1024;
/** Top-level boxes walked at most (a real file has a handful). */
const maxTopLevelBoxes = 10_000;

const ascii = (bytes: Uint8Array, start: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(start, start + length));

/** Reads the container format, duration, picture size and codec of an MP4 or WebM file of `size` bytes. */
export async function probeVideo(read: RangeReader, size: number): Promise<Result<VideoInfo, ProbeFailure>> {
  if (size < 16) return bad('too short to be a video');
  const head = await read(0, Math.min(size, 16));
  if (ascii(head, 4, 4) === 'ftyp') return probeMp4(read, size);
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return probeWebm(read, size);
  }
  return bad('neither an MP4 (ftyp) nor a WebM (EBML) file');
}

// ---- MP4 (ISO base media file format) ----

interface Box {
  readonly type: string;
  /** Where the box's content starts and ends, relative to the buffer it was found in. */
  readonly start: number;
  readonly end: number;
}

/** The child boxes of `bytes[from, to)`; stops at a malformed header. */
function boxesIn(bytes: Uint8Array, from: number, to: number): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: Box[] = [];
  let offset = from;
  while (offset + 8 <= to) {
    let boxSize = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    let header = 8;
    if (boxSize === 1) {
      if (offset + 16 > to) break;
      boxSize = Number(view.getBigUint64(offset + 8));
      header = 16;
    } else if (boxSize === 0) {
      boxSize = to - offset;
    }
    if (boxSize < header || offset + boxSize > to) break;
    boxes.push({ type, start: offset + header, end: offset + boxSize });
    offset += boxSize;
  }
  return boxes;
}

const child = (bytes: Uint8Array, box: Box | undefined, type: string): Box | undefined =>
  box ? boxesIn(bytes, box.start, box.end).find((b) => b.type === type) : undefined;

function fullBoxVersion(bytes: Uint8Array, box: Box): number {
  return bytes[box.start] ?? 0;
}

/** `mvhd`: timescale and duration (version 0: 32-bit fields, version 1: 64-bit times). */
function movieDuration(bytes: Uint8Array, mvhd: Box): { timescale: number; duration: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const v1 = fullBoxVersion(bytes, mvhd) === 1;
  const need = v1 ? 32 : 20;
  if (mvhd.end - mvhd.start < need) return undefined;
  const timescale = view.getUint32(mvhd.start + (v1 ? 20 : 12));
  const duration = v1 ? Number(view.getBigUint64(mvhd.start + 24)) : view.getUint32(mvhd.start + 16);
  return { timescale, duration };
}

/** `mvex/mehd`: the whole duration of a fragmented file (whose `mvhd` duration is 0). */
function fragmentDuration(bytes: Uint8Array, moov: Box): number | undefined {
  const mehd = child(bytes, child(bytes, moov, 'mvex'), 'mehd');
  if (!mehd) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const v1 = fullBoxVersion(bytes, mehd) === 1;
  if (mehd.end - mehd.start < (v1 ? 12 : 8)) return undefined;
  return v1 ? Number(view.getBigUint64(mehd.start + 4)) : view.getUint32(mehd.start + 4);
}

interface VideoTrack {
  readonly width: number;
  readonly height: number;
  readonly codec: string;
}

/** A `trak` whose handler is `vide`: `tkhd` width and height (16.16 fixed point) and the `stsd` entry type. */
function videoTrack(bytes: Uint8Array, trak: Box): VideoTrack | undefined {
  const mdia = child(bytes, trak, 'mdia');
  const hdlr = child(bytes, mdia, 'hdlr');
  if (!hdlr || hdlr.end - hdlr.start < 12 || ascii(bytes, hdlr.start + 8, 4) !== 'vide') return undefined;
  const tkhd = child(bytes, trak, 'tkhd');
  if (!tkhd) return undefined;
  const v1 = fullBoxVersion(bytes, tkhd) === 1;
  const widthAt = tkhd.start + (v1 ? 88 : 76);
  if (widthAt + 8 > tkhd.end) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = Math.round(view.getUint32(widthAt) / 65536);
  const height = Math.round(view.getUint32(widthAt + 4) / 65536);
  const stsd = child(bytes, child(bytes, child(bytes, mdia, 'minf'), 'stbl'), 'stsd');
  // stsd: version/flags (4), entry count (4), then the first sample entry: size (4), type (4).
  const codec = stsd && stsd.end - stsd.start >= 16 ? ascii(bytes, stsd.start + 12, 4) : '';
  return { width, height, codec };
}

async function probeMp4(read: RangeReader, size: number): Promise<Result<VideoInfo, ProbeFailure>> {
  let offset = 0;
  for (let count = 0; offset + 8 <= size && count < maxTopLevelBoxes; count++) {
    const header = await read(offset, Math.min(16, size - offset));
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    let boxSize = view.getUint32(0);
    const type = ascii(header, 4, 4);
    let headerSize = 8;
    if (boxSize === 1) {
      if (header.length < 16) return bad('truncated box header');
      boxSize = Number(view.getBigUint64(8));
      headerSize = 16;
    } else if (boxSize === 0) {
      boxSize = size - offset;
    }
    if (boxSize < headerSize || offset + boxSize > size) return bad(`malformed ${type} box`);
    if (type === 'moov') {
      if (boxSize > maxHeaderBytes) return bad('moov box too large');
      const moovBytes = await read(offset, boxSize);
      return moovFacts(moovBytes, { type, start: headerSize, end: boxSize }, size);
    }
    offset += boxSize;
  }
  return bad('no moov box (not a complete MP4 file)');
}

function moovFacts(bytes: Uint8Array, moov: Box, fileSize: number): Result<VideoInfo, ProbeFailure> {
  const mvhd = child(bytes, moov, 'mvhd');
  if (!mvhd) return bad('no mvhd box');
  const movie = movieDuration(bytes, mvhd);
  if (!movie || movie.timescale === 0) return bad('no timescale in mvhd');
  const units =
    movie.duration > 0 && movie.duration !== 0xffffffff ? movie.duration : fragmentDuration(bytes, moov);
  const durationSeconds = units === undefined ? 0 : units / movie.timescale;
  if (!(durationSeconds > 0) || !Number.isFinite(durationSeconds)) return bad('no duration in the header');
  const track = boxesIn(bytes, moov.start, moov.end)
    .filter((box) => box.type === 'trak')
    .map((trak) => videoTrack(bytes, trak))
    .find((found) => found !== undefined && found.width > 0 && found.height > 0);
  if (!track) return bad('no video track');
  if (!playableMp4Codecs.includes(track.codec)) return bad(`codec ${track.codec || 'unknown'} not playable`);
  return ok({
    container: 'mp4',
    codec: track.codec,
    width: track.width,
    height: track.height,
    durationSeconds: round(durationSeconds),
    bytes: fileSize,
  });
}

// ---- WebM (Matroska EBML) ----

const ebml = {
  header: 0x1a45dfa3,
  docType: 0x4282,
  segment: 0x18538067,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackType: 0x83,
  codecId: 0x86,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  cluster: 0x1f43b675,
} as const;

interface Element {
  readonly id: number;
  /** Content start and end (absolute file offsets); `end` is undefined for an unknown size. */
  readonly start: number;
  readonly end: number | undefined;
}

/** A variable-length integer at `pos`: its value (marker kept for ids) and its length in bytes. */
function vint(
  bytes: Uint8Array,
  pos: number,
  keepMarker: boolean,
): { value: number; length: number } | undefined {
  const first = bytes[pos];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (length > 8 || pos + length > bytes.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = bytes[pos + i] ?? 0;
    value = value * 256 + byte;
    if (byte !== 0xff) allOnes = false;
  }
  return { value: !keepMarker && allOnes ? -1 : value, length };
}

/** The element whose header starts at `bytes[pos]` (`base` = the file offset of `bytes[0]`). */
function elementAt(bytes: Uint8Array, pos: number, base: number): Element | undefined {
  const id = vint(bytes, pos, true);
  if (!id) return undefined;
  const size = vint(bytes, pos + id.length, false);
  if (!size) return undefined;
  const start = base + pos + id.length + size.length;
  return { id: id.value, start, end: size.value < 0 ? undefined : start + size.value };
}

function children(bytes: Uint8Array, parent: { start: number; end: number }): Element[] {
  const found: Element[] = [];
  let pos = parent.start;
  while (pos < parent.end) {
    const element = elementAt(bytes, pos, 0);
    if (!element || element.end === undefined || element.end > parent.end) break;
    found.push(element);
    pos = element.end;
  }
  return found;
}

function unsigned(bytes: Uint8Array, element: Element): number {
  let value = 0;
  for (let i = element.start; i < (element.end ?? element.start); i++) value = value * 256 + (bytes[i] ?? 0);
  return value;
}

function float(bytes: Uint8Array, element: Element): number {
  const length = (element.end ?? element.start) - element.start;
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.start, length);
  if (length === 4) return view.getFloat32(0);
  if (length === 8) return view.getFloat64(0);
  return Number.NaN;
}

const text = (bytes: Uint8Array, element: Element): string =>
  ascii(bytes, element.start, (element.end ?? element.start) - element.start).replace(/\0+$/, '');

/** The whole content of a level-1 element, read on its own. */
async function readElement(read: RangeReader, element: Element): Promise<Uint8Array> {
  const end = element.end ?? element.start;
  const content = await read(element.start, end - element.start);
  return content;
}

async function probeWebm(read: RangeReader, size: number): Promise<Result<VideoInfo, ProbeFailure>> {
  const head = await read(0, Math.min(size, 64 * 1024));
  const header = elementAt(head, 0, 0);
  if (!header || header.id !== ebml.header || header.end === undefined || header.end > head.length) {
    return bad('malformed EBML header');
  }
  const docType = children(head, { start: header.start, end: header.end }).find((e) => e.id === ebml.docType);
  if (!docType || text(head, docType) !== 'webm') return bad('EBML DocType is not webm');
  const segment = elementAt(head, header.end, 0);
  if (!segment || segment.id !== ebml.segment) return bad('no Segment after the EBML header');
  const segmentEnd = segment.end === undefined ? size : Math.min(segment.end, size);

  let info: { scale: number; duration: number | undefined } | undefined;
  let track: VideoTrack | undefined;
  let offset = segment.start;
  // Level-1 elements of the Segment, until both Info and Tracks are read (they precede the clusters).
  for (let count = 0; offset < segmentEnd && count < maxTopLevelBoxes && (!info || !track); count++) {
    const bytes = await read(offset, Math.min(12, segmentEnd - offset));
    const element = elementAt(bytes, 0, offset);
    if (!element || element.id === ebml.cluster || element.end === undefined) break;
    if (element.end > segmentEnd) return bad('truncated WebM element');
    if (element.id === ebml.info || element.id === ebml.tracks) {
      if (element.end - element.start > maxHeaderBytes) return bad('WebM header element too large');
      const content = await readElement(read, element);
      const local = { start: 0, end: content.length };
      if (element.id === ebml.info) {
        const fields = children(content, local);
        const scale = fields.find((e) => e.id === ebml.timecodeScale);
        const duration = fields.find((e) => e.id === ebml.duration);
        info = {
          scale: scale ? unsigned(content, scale) : 1_000_000,
          duration: duration ? float(content, duration) : undefined,
        };
      } else {
        track = webmVideoTrack(content, local);
        if (!track) return bad('no video track');
      }
    }
    offset = element.end;
  }
  if (!info) return bad('no Info element');
  if (!track) return bad('no Tracks element');
  const durationSeconds = ((info.duration ?? 0) * info.scale) / 1e9;
  if (!(durationSeconds > 0) || !Number.isFinite(durationSeconds)) {
    return bad('no duration in the WebM header (a live recording?)');
  }
  if (!playableWebmCodecs.includes(track.codec)) return bad(`codec ${track.codec || 'unknown'} not playable`);
  return ok({
    container: 'webm',
    codec: track.codec,
    width: track.width,
    height: track.height,
    durationSeconds: round(durationSeconds),
    bytes: size,
  });
}

function webmVideoTrack(bytes: Uint8Array, tracks: { start: number; end: number }): VideoTrack | undefined {
  for (const entry of children(bytes, tracks).filter((e) => e.id === ebml.trackEntry)) {
    const fields = children(bytes, { start: entry.start, end: entry.end ?? entry.start });
    const type = fields.find((e) => e.id === ebml.trackType);
    if (!type || unsigned(bytes, type) !== 1) continue;
    const codec = fields.find((e) => e.id === ebml.codecId);
    const video = fields.find((e) => e.id === ebml.video);
    if (!video) continue;
    const picture = children(bytes, { start: video.start, end: video.end ?? video.start });
    const width = picture.find((e) => e.id === ebml.pixelWidth);
    const height = picture.find((e) => e.id === ebml.pixelHeight);
    if (!width || !height) continue;
    return {
      width: unsigned(bytes, width),
      height: unsigned(bytes, height),
      codec: codec ? text(bytes, codec) : '',
    };
  }
  return undefined;
}

/** Durations to the millisecond. */
const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;

// ---- captions and handouts ----

/** A WebVTT file: UTF-8, optional BOM, then `WEBVTT` followed by a space, a tab, a line break or the end. */
export function isWebVtt(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(text);
}

/** A PDF file starts with `%PDF-`. */
export function isPdf(bytes: Uint8Array): boolean {
  return ascii(bytes, 0, 5) === '%PDF-';
}
