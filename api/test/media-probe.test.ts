// The media probe against real files made by Debian's ffmpeg (api/test/fixtures/media/generate.sh), checked
// against ffprobe's own reading of the same files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPdf, isWebVtt, probeVideo } from '../src/domain/catalogue/media-probe';

const dir = join(import.meta.dirname, 'fixtures', 'media');
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));

/** A reader over bytes that records every read, so a test can see that only headers are read. */
function reader(bytes: Uint8Array) {
  const reads: { offset: number; length: number }[] = [];
  const read = (offset: number, length: number): Promise<Uint8Array> => {
    reads.push({ offset, length });
    if (offset < 0 || offset + length > bytes.length) return Promise.reject(new Error('read past the end'));
    return Promise.resolve(bytes.slice(offset, offset + length));
  };
  return { read, reads };
}

const probe = (name: string) => {
  const bytes = bytesOf(name);
  return probeVideo(reader(bytes).read, bytes.length);
};

function ffprobe(name: string): { duration: number; width: number; height: number } {
  const json = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'format=duration:stream=width,height',
      '-of',
      'json',
      join(dir, name),
    ],
    { encoding: 'utf8' },
  );
  const parsed = JSON.parse(json) as {
    format: { duration: string };
    streams: { width: number; height: number }[];
  };
  return {
    duration: Number(parsed.format.duration),
    width: parsed.streams[0]?.width ?? 0,
    height: parsed.streams[0]?.height ?? 0,
  };
}

describe('probeVideo on MP4', () => {
  it('reads duration, picture size and codec of an H.264 file with moov first (+faststart)', async () => {
    expect(await probe('faststart.mp4')).toEqual({
      ok: true,
      value: { container: 'mp4', codec: 'avc1', width: 320, height: 180, durationSeconds: 2, bytes: 11_888 },
    });
  });

  it('finds the moov box after the media data (no +faststart) by walking the top-level boxes', async () => {
    const bytes = bytesOf('moov-at-end.mp4');
    const { read, reads } = reader(bytes);
    const result = await probeVideo(read, bytes.length);
    expect(result).toMatchObject({ ok: true, value: { width: 320, height: 180, durationSeconds: 2 } });
    // Box headers and the moov box only: never the media data.
    const bytesRead = reads.reduce((sum, r) => sum + r.length, 0);
    expect(bytesRead).toBeLessThan(bytes.length / 2);
  });

  it('agrees with ffprobe on a 1280x720 file without audio', async () => {
    const result = await probe('hd.mp4');
    const expected = ffprobe('hd.mp4');
    if (!result.ok) throw new Error(result.error.message);
    expect([result.value.width, result.value.height]).toEqual([expected.width, expected.height]);
    expect(Math.abs(result.value.durationSeconds - expected.duration)).toBeLessThan(0.05);
  });

  it('refuses an audio-only file, a codec browsers do not play, and a truncated file', async () => {
    expect(await probe('audio-only.m4a')).toMatchObject({ ok: false, error: { message: 'no video track' } });
    expect(await probe('mpeg4-part2.mp4')).toMatchObject({
      ok: false,
      error: { message: 'codec mp4v not playable' },
    });
    const bytes = bytesOf('moov-at-end.mp4');
    const truncated = bytes.slice(0, bytes.length - 200);
    expect(await probeVideo(reader(truncated).read, truncated.length)).toMatchObject({
      ok: false,
      error: { message: 'malformed moov box' },
    });
  });
});

describe('probeVideo on WebM', () => {
  it('reads a VP9 + Opus file and agrees with ffprobe', async () => {
    const result = await probe('vp9.webm');
    expect(result).toMatchObject({
      ok: true,
      value: { container: 'webm', codec: 'V_VP9', width: 320, height: 240 },
    });
    if (!result.ok) throw new Error('unexpected');
    expect(Math.abs(result.value.durationSeconds - ffprobe('vp9.webm').duration)).toBeLessThan(0.05);
  });

  it('reads a VP8 file', async () => {
    expect(await probe('vp8.webm')).toMatchObject({
      ok: true,
      value: { container: 'webm', codec: 'V_VP8', width: 160, height: 120, durationSeconds: 1.5 },
    });
  });

  it('refuses a live WebM without a duration, and a Matroska file that is not WebM', async () => {
    expect(await probe('live.webm')).toMatchObject({
      ok: false,
      error: { message: 'no duration in the WebM header (a live recording?)' },
    });
    expect(await probe('matroska.mkv')).toMatchObject({
      ok: false,
      error: { message: 'EBML DocType is not webm' },
    });
  });
});

describe('probeVideo on anything else', () => {
  it('refuses a PDF, a PNG and text whatever their name', async () => {
    for (const bytes of [
      Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'),
      Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
      Buffer.from('this is not a video at all, just words'),
    ]) {
      const data = new Uint8Array(bytes);
      expect(await probeVideo(reader(data).read, data.length)).toMatchObject({ ok: false });
    }
    expect(await probeVideo(reader(new Uint8Array(4)).read, 4)).toMatchObject({
      ok: false,
      error: { message: 'too short to be a video' },
    });
  });
});

describe('captions and handouts', () => {
  it('recognises WebVTT (with or without a BOM) and refuses SubRip or binary', () => {
    const text = (value: string) => new TextEncoder().encode(value);
    expect(isWebVtt(text('WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n'))).toBe(true);
    expect(isWebVtt(text('\uFEFFWEBVTT - Français\n'))).toBe(true);
    expect(isWebVtt(text('WEBVTT'))).toBe(true);
    expect(isWebVtt(text('1\n00:00:00,000 --> 00:00:02,000\nHallo\n'))).toBe(false);
    expect(isWebVtt(text('WEBVTTX\n'))).toBe(false);
    expect(isWebVtt(new Uint8Array([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff, 0xfe]))).toBe(false);
  });

  it('recognises a PDF by its header', () => {
    expect(isPdf(new TextEncoder().encode('%PDF-1.4\n'))).toBe(true);
    expect(isPdf(bytesOf('faststart.mp4'))).toBe(false);
  });
});
