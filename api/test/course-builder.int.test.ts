// The course builder through the real stack: the api bundle in the local host, the Cosmos emulator,
// Azurite (write-only SAS links, block uploads, CORS), real ffmpeg clips and the learner's quiz.
import type { CosmosClient } from '@azure/cosmos';
import {
  adminQuestionBankResponseSchema,
  auditPageSchema,
  chapterMediaSchema,
  problemSchema,
  quizAttemptViewSchema,
  quizResultSchema,
  trainingDetailSchema,
  trainingSchema,
  uploadCompletionSchema,
  uploadTicketSchema,
  type AdminQuestion,
  type AdminTrainingUpsert,
  type Training,
  type UploadTicket,
} from '@soins/shared';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack, type Caller } from '../../tests/support/api-stack';
import { createCosmosClient } from '../src/adapters/cosmos/client';

const emulators = inject('emulators');
const database = 'soins-builder';
let stack: ApiStack;
let cosmos: CosmosClient;
const media = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', 'media', name)));

beforeAll(async () => {
  // 1 MiB of video at most, so an oversized file is cheap to make.
  // Approved diplomas: the quiz-version test follows a pass to its certificate, which needs one.
  stack = await startApiStack(emulators, database, {
    env: { VIDEO_UPLOAD_MAX_MB: '1' },
    approvedDiplomas: true,
  });
  cosmos = createCosmosClient({
    COSMOS_ENDPOINT: emulators.cosmosEndpoint,
    COSMOS_KEY: emulators.cosmosKey,
    COSMOS_ALLOW_INSECURE_EMULATOR: true,
  });
}, 180_000);

afterAll(async () => {
  await stack.stop();
});

const call = (
  caller: Caller,
  method: string,
  path: string,
  init: { json?: unknown; headers?: Record<string, string> } = {},
) => stack.call(caller, method, path, init);
const admin = (
  method: string,
  path: string,
  init: { json?: unknown; headers?: Record<string, string> } = {},
) => call('admin', method, path, init);

async function problemOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  return problemSchema.parse(await response.json());
}

const body = (overrides: Partial<AdminTrainingUpsert> = {}): AdminTrainingUpsert => ({
  languages: ['fr', 'nl'],
  title: { fr: 'Soins palliatifs à domicile', nl: 'Palliatieve thuiszorg' },
  summary: { fr: 'Accompagner la fin de vie.', nl: 'Het levenseinde begeleiden.' },
  description: { fr: 'Une formation en deux chapitres.', nl: 'Een opleiding in twee hoofdstukken.' },
  professions: ['nurse'],
  accreditedHours: 1,
  organiser: 'SOINS+ Academy',
  free: true,
  completionRule: { kind: 'launch' },
  chapters: [{ id: 'intro', title: { fr: 'Introduction', nl: 'Inleiding' }, durationSeconds: 0, video: {} }],
  quiz: {
    questionsPerAttempt: 2,
    passPercent: 50,
    maxAttempts: 3,
    waitMinutesBetweenAttempts: 0,
    timeLimitMinutes: null,
  },
  ...overrides,
});

const question = (id: string, label = ''): AdminQuestion => ({
  id,
  type: 'single',
  prompt: { fr: `Question ${id}${label} ?`, nl: `Vraag ${id}${label}?` },
  options: [
    { id: 'a', text: { fr: 'Oui', nl: 'Ja' }, correct: true },
    { id: 'b', text: { fr: 'Non', nl: 'Nee' }, correct: false },
  ],
});

/** Creates a draft; resolves its ETag. */
async function createDraft(id: string, overrides: Partial<AdminTrainingUpsert> = {}): Promise<string> {
  const response = await admin('PUT', `manage/trainings/${id}`, {
    json: body(overrides),
    headers: { 'if-none-match': '*' },
  });
  expect(response.status).toBe(201);
  await response.arrayBuffer();
  return response.headers.get('etag') ?? '';
}

async function etagOf(id: string): Promise<string> {
  const response = await admin('GET', `manage/trainings/${id}`);
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  return response.headers.get('etag') ?? '';
}

const blockId = (n: number): string => Buffer.from(`block-${String(n).padStart(6, '0')}`).toString('base64');

/** Put Block of blocks `from`..`to` (exclusive) of `bytes` through the write-only link, as the browser does. */
async function putBlocks(url: string, bytes: Uint8Array, blockBytes: number, from: number, to: number) {
  for (let n = from; n < to; n++) {
    const target = new URL(url);
    target.searchParams.set('comp', 'block');
    target.searchParams.set('blockid', blockId(n));
    const response = await fetch(target, {
      method: 'PUT',
      body: bytes.slice(n * blockBytes, (n + 1) * blockBytes),
    });
    expect(response.status, `Put Block ${String(n)}`).toBe(201);
    await response.arrayBuffer();
  }
}

async function commitBlocks(url: string, count: number, contentType: string): Promise<void> {
  const target = new URL(url);
  target.searchParams.set('comp', 'blocklist');
  const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${Array.from(
    { length: count },
    (_, n) => `<Latest>${blockId(n)}</Latest>`,
  ).join('')}</BlockList>`;
  const response = await fetch(target, {
    method: 'PUT',
    body: xml,
    headers: { 'x-ms-blob-content-type': contentType },
  });
  expect(response.status, 'Put Block List').toBe(201);
  await response.arrayBuffer();
}

async function startUpload(
  trainingId: string,
  chapterId: string,
  request: { kind: string; language: string; extension: string; contentType: string; size: number },
): Promise<UploadTicket> {
  const response = await admin('POST', `manage/trainings/${trainingId}/chapters/${chapterId}/uploads`, {
    json: request,
  });
  expect(response.status).toBe(201);
  return uploadTicketSchema.parse(await response.json());
}

/** A whole upload: ticket, blocks, block list; resolves the completion response. */
async function upload(
  trainingId: string,
  chapterId: string,
  file: { bytes: Uint8Array; kind: string; language: string; extension: string; contentType: string },
  language: 'fr' | 'nl' = 'fr',
): Promise<Response> {
  const ticket = await startUpload(trainingId, chapterId, {
    kind: file.kind,
    language: file.language || language,
    extension: file.extension,
    contentType: file.contentType,
    size: file.bytes.length,
  });
  const blockBytes = 4096;
  const count = Math.ceil(file.bytes.length / blockBytes);
  await putBlocks(ticket.url, file.bytes, blockBytes, 0, count);
  await commitBlocks(ticket.url, count, file.contentType);
  return admin(
    'POST',
    `manage/trainings/${trainingId}/chapters/${chapterId}/uploads/${ticket.uploadId}/completion`,
  );
}

const mp4 = (language: 'fr' | 'nl') => ({
  bytes: media('faststart.mp4'),
  kind: 'video',
  language,
  extension: 'mp4',
  contentType: 'video/mp4',
});

async function readTraining(id: string): Promise<Training> {
  return trainingSchema.parse(await (await admin('GET', `manage/trainings/${id}`)).json());
}

describe('editing under optimistic concurrency', () => {
  it('answers the ETag, refuses a stale If-Match with 412 (the first save kept) and a missing one with 428', async () => {
    const etag = await createDraft('concurrent-edits');
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await admin('PUT', 'manage/trainings/concurrent-edits', {
      json: body(),
      headers: { 'if-none-match': '*' },
    });
    expect(again.status).toBe(412);
    expect((await problemOf(again)).code).toBe('precondition_failed');

    const first = await admin('PUT', 'manage/trainings/concurrent-edits', {
      json: body({ organiser: 'Premier enregistrement' }),
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    expect(first.headers.get('etag')).not.toBe(etag);

    const second = await call('admin', 'PUT', 'manage/trainings/concurrent-edits', {
      json: body({ organiser: 'Second enregistrement' }),
      headers: { 'if-match': etag, 'accept-language': 'nl-BE' },
    });
    expect(second.status).toBe(412);
    const problem = await problemOf(second);
    expect(problem.code).toBe('precondition_failed');
    expect(problem.title).toBe(
      'Deze inhoud werd intussen door iemand anders gewijzigd: laad hem opnieuw voordat u opslaat',
    );
    expect((await readTraining('concurrent-edits')).organiser).toBe('Premier enregistrement');

    const blind = await admin('PUT', 'manage/trainings/concurrent-edits', { json: body() });
    expect(blind.status).toBe(428);
    expect((await problemOf(blind)).code).toBe('precondition_required');

    // Every change is in the audit log (who, what, when, the target, the settings before and after),
    // found by the admin's audit search on the training.
    const search = new URLSearchParams({ targetType: 'training', target: 'concurrent-edits' });
    const found = await admin('GET', `manage/audit?${search.toString()}`);
    expect(found.status).toBe(200);
    const entries = auditPageSchema.parse(await found.json()).items.reverse();
    expect(entries.map((e) => e.action)).toEqual(['training.create', 'training.update']);
    expect(entries[1]).toMatchObject({
      actor: { id: stack.idOf('admin') },
      target: { type: 'training', id: 'concurrent-edits' },
      before: { organiser: 'SOINS+ Academy' },
      after: { organiser: 'Premier enregistrement' },
    });

    // The quiz bank is edited under the same ETag.
    const staleBank = await admin('PUT', 'manage/trainings/concurrent-edits/questions', {
      json: { questions: ['q1', 'q2', 'q3', 'q4'].map((id) => question(id)) },
      headers: { 'if-match': etag },
    });
    expect(staleBank.status).toBe(412);
    await staleBank.arrayBuffer();
  });
});

describe('publishing', () => {
  it('refuses an incomplete training with the list of what is missing, then publishes it once complete', async () => {
    await createDraft('to-complete', {
      title: { fr: 'Seulement en français' },
      chapters: [],
    });
    const refused = await admin('POST', 'manage/trainings/to-complete/publish');
    expect(refused.status).toBe(422);
    const problem = await problemOf(refused);
    expect(problem.code).toBe('training_not_publishable');
    expect(problem.errors?.map((e) => e.path)).toEqual(['chapters', 'title.nl', 'questions']);

    const withChapter = await admin('PUT', 'manage/trainings/to-complete', {
      json: body(),
      headers: { 'if-match': await etagOf('to-complete') },
    });
    expect(withChapter.status).toBe(200);
    await withChapter.arrayBuffer();
    const noVideo = await problemOf(await admin('POST', 'manage/trainings/to-complete/publish'));
    expect(noVideo.errors?.map((e) => e.path)).toEqual([
      'chapters.0.video.fr',
      'chapters.0.video.nl',
      'questions',
    ]);

    for (const language of ['fr', 'nl'] as const) {
      const done = await upload('to-complete', 'intro', mp4(language));
      expect(done.status).toBe(200);
      await done.arrayBuffer();
    }
    const tooSmall = await admin('PUT', 'manage/trainings/to-complete/questions', {
      json: { questions: ['q1', 'q2', 'q3'].map((id) => question(id)) },
      headers: { 'if-match': await etagOf('to-complete') },
    });
    expect(tooSmall.status).toBe(422);
    const small = await problemOf(tooSmall);
    expect(small.code).toBe('quiz_bank_too_small');
    expect(small.errors).toEqual([
      { path: 'questions', message: 'the bank has 3 questions; 4 are needed for 2 per attempt' },
    ]);
    const bank = await admin('PUT', 'manage/trainings/to-complete/questions', {
      json: { questions: ['q1', 'q2', 'q3', 'q4'].map((id) => question(id)) },
      headers: { 'if-match': await etagOf('to-complete') },
    });
    expect(bank.status).toBe(200);
    expect(adminQuestionBankResponseSchema.parse(await bank.json())).toMatchObject({
      version: 1,
      published: false,
    });

    const published = await admin('POST', 'manage/trainings/to-complete/publish');
    expect(published.status).toBe(200);
    expect(trainingSchema.parse(await published.json())).toMatchObject({
      status: 'published',
      bank: { version: 1, published: true },
    });
    expect((await stack.call('anonymous', 'GET', 'catalogue/to-complete')).status).toBe(200);
  });

  it('refuses to publish when a video named by a chapter is missing from storage', async () => {
    await createDraft('lost-video');
    for (const language of ['fr', 'nl'] as const)
      await (await upload('lost-video', 'intro', mp4(language))).arrayBuffer();
    const bank = await admin('PUT', 'manage/trainings/lost-video/questions', {
      json: { questions: ['q1', 'q2', 'q3', 'q4'].map((id) => question(id)) },
      headers: { 'if-match': await etagOf('lost-video') },
    });
    await bank.arrayBuffer();
    const training = await readTraining('lost-video');
    const nlVideo = training.chapters[0]?.video.nl ?? '';
    const { BlobServiceClient } = await import('@azure/storage-blob');
    await BlobServiceClient.fromConnectionString(emulators.storageConnectionString)
      .getContainerClient('videos')
      .getBlobClient(nlVideo)
      .delete();
    const refused = await admin('POST', 'manage/trainings/lost-video/publish');
    expect(refused.status).toBe(422);
    expect((await problemOf(refused)).errors).toEqual([
      { path: 'chapters.0.video.nl', message: 'the nl video file of chapter intro is missing from storage' },
    ]);
  });

  it('previews a draft as a learner would see it, while the catalogue does not know it', async () => {
    await createDraft('preview-me');
    const preview = await admin('GET', 'manage/trainings/preview-me/preview?lang=nl');
    expect(preview.status).toBe(200);
    expect(trainingDetailSchema.parse(await preview.json())).toMatchObject({
      title: 'Palliatieve thuiszorg',
      description: 'Een opleiding in twee hoofdstukken.',
      chapters: [{ id: 'intro', title: 'Inleiding', videoLanguages: [] }],
    });
    expect((await stack.call('anonymous', 'GET', 'catalogue/preview-me')).status).toBe(404);
  });

  it('archives a published training: it leaves the catalogue', async () => {
    const archived = await admin('POST', 'manage/trainings/to-complete/archive');
    expect(archived.status).toBe(200);
    expect(trainingSchema.parse(await archived.json()).status).toBe('archived');
    expect((await stack.call('anonymous', 'GET', 'catalogue/to-complete')).status).toBe(404);
    const stale = await admin('POST', 'manage/trainings/to-complete/publish', {
      headers: { 'if-match': '"old"' },
    });
    expect(stale.status).toBe(412);
    await stale.arrayBuffer();
  });
});

describe('chapter files', () => {
  it('uploads a video in blocks through a write-only link, resumes after an interruption, and reads its header', async () => {
    await createDraft('upload-video');
    const bytes = media('moov-at-end.mp4');
    const ticket = await startUpload('upload-video', 'intro', {
      kind: 'video',
      language: 'fr',
      extension: 'mp4',
      contentType: 'video/mp4',
      size: bytes.length,
    });
    const link = new URL(ticket.url);
    expect(link.searchParams.get('sp')).toBe('cw');
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000 + 5_000);
    // Write-only: the link can neither read the blob nor list the container.
    const blockBytes = 4096;
    const count = Math.ceil(bytes.length / blockBytes);
    await putBlocks(ticket.url, bytes, blockBytes, 0, 2);
    // The connection drops; the browser asks for the upload again and learns which blocks arrived.
    const resumed = await admin(
      'GET',
      `manage/trainings/upload-video/chapters/intro/uploads/${ticket.uploadId}`,
    );
    expect(resumed.status).toBe(200);
    const again = uploadTicketSchema.parse(await resumed.json());
    expect(again.blocks).toEqual([
      { id: blockId(0), size: blockBytes },
      { id: blockId(1), size: blockBytes },
    ]);
    await putBlocks(again.url, bytes, blockBytes, 2, count);
    // Completing before the block list is committed: nothing to check yet.
    const early = await admin(
      'POST',
      `manage/trainings/upload-video/chapters/intro/uploads/${ticket.uploadId}/completion`,
    );
    expect(early.status).toBe(409);
    expect((await problemOf(early)).code).toBe('upload_incomplete');
    await commitBlocks(again.url, count, 'application/octet-stream');
    expect((await fetch(ticket.url)).status).toBe(403);
    const listing = new URL(ticket.url);
    listing.pathname = listing.pathname.replace(/\/[^/]+\/[^/]+\/[^/]+$/, '');
    listing.searchParams.set('restype', 'container');
    listing.searchParams.set('comp', 'list');
    expect((await fetch(listing)).status).toBe(403);

    const done = await admin(
      'POST',
      `manage/trainings/upload-video/chapters/intro/uploads/${ticket.uploadId}/completion`,
    );
    expect(done.status).toBe(200);
    const completion = uploadCompletionSchema.parse(await done.json());
    expect(completion.video).toEqual({
      container: 'mp4',
      codec: 'avc1',
      width: 320,
      height: 180,
      durationSeconds: 2,
      bytes: bytes.length,
    });
    const chapter = completion.training.chapters[0];
    expect(chapter?.durationSeconds).toBe(2);
    expect(chapter?.video.fr).toBe(`upload-video/intro/${ticket.uploadId}`);
    expect(done.headers.get('etag')).toBe(await etagOf('upload-video'));

    // The editor reads it back through a read-only link, served as the checked format.
    const links = chapterMediaSchema.parse(
      await (await admin('GET', 'manage/trainings/upload-video/chapters/intro/media?lang=fr')).json(),
    );
    const served = await fetch(links.video?.url ?? '');
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('video/mp4');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });

  it('lets the SPA origin upload from the browser (CORS preflight on the Blob service)', async () => {
    const origin = new URL(stack.composition.config.APP_PUBLIC_URL).origin;
    const ticket = await startUpload('upload-video', 'intro', {
      kind: 'captions',
      language: 'nl',
      extension: 'vtt',
      contentType: 'text/vtt',
      size: 10,
    });
    const preflight = await fetch(ticket.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type,x-ms-blob-content-type',
      },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const stranger = await fetch(ticket.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' },
    });
    expect(stranger.status).toBe(403);
  });

  it('refuses a file that is not a video in the admin’s language and deletes it; refuses an oversized one', async () => {
    await createDraft('bad-files');
    const png = new Uint8Array(
      Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
    );
    const ticket = await startUpload('bad-files', 'intro', {
      kind: 'video',
      language: 'fr',
      extension: 'mp4',
      contentType: 'video/mp4',
      size: png.length,
    });
    await putBlocks(ticket.url, png, 4096, 0, 1);
    await commitBlocks(ticket.url, 1, 'video/mp4');
    const refused = await call(
      'admin',
      'POST',
      `manage/trainings/bad-files/chapters/intro/uploads/${ticket.uploadId}/completion`,
      { headers: { 'accept-language': 'fr-BE' } },
    );
    expect(refused.status).toBe(422);
    const problem = await problemOf(refused);
    expect(problem.code).toBe('upload_not_video');
    expect(problem.title).toBe(
      'Ce fichier n’est pas une vidéo MP4 ou WebM lisible (durée et image introuvables)',
    );
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const videos = BlobServiceClient.fromConnectionString(
      emulators.storageConnectionString,
    ).getContainerClient('videos');
    expect(await videos.getBlobClient(`bad-files/intro/${ticket.uploadId}`).exists()).toBe(false);
    expect((await readTraining('bad-files')).chapters[0]?.video).toEqual({});

    // Declared too large: refused before any byte is sent.
    const declared = await admin('POST', 'manage/trainings/bad-files/chapters/intro/uploads', {
      json: {
        kind: 'video',
        language: 'nl',
        extension: 'mp4',
        contentType: 'video/mp4',
        size: 2 * 1024 * 1024,
      },
    });
    expect(declared.status).toBe(413);
    expect((await problemOf(declared)).code).toBe('upload_too_large');
    // Declared small, sent large: refused and deleted once checked.
    const liar = await startUpload('bad-files', 'intro', {
      kind: 'video',
      language: 'nl',
      extension: 'mp4',
      contentType: 'video/mp4',
      size: 1000,
    });
    const big = new Uint8Array(1024 * 1024 + 4096);
    big.set(media('faststart.mp4'));
    await putBlocks(liar.url, big, 512 * 1024, 0, 3);
    await commitBlocks(liar.url, 3, 'video/mp4');
    const oversized = await admin(
      'POST',
      `manage/trainings/bad-files/chapters/intro/uploads/${liar.uploadId}/completion`,
    );
    expect(oversized.status).toBe(413);
    expect((await problemOf(oversized)).code).toBe('upload_too_large');
    expect(await videos.getBlobClient(`bad-files/intro/${liar.uploadId}`).exists()).toBe(false);
  });

  it('takes a WebM video, WebVTT captions and a PDF handout; SubRip is not WebVTT', async () => {
    await createDraft('all-files');
    const webm = await upload('all-files', 'intro', {
      bytes: media('vp9.webm'),
      kind: 'video',
      language: 'nl',
      extension: 'webm',
      contentType: 'video/webm',
    });
    expect(webm.status).toBe(200);
    expect(uploadCompletionSchema.parse(await webm.json()).video).toMatchObject({
      container: 'webm',
      codec: 'V_VP9',
      width: 320,
      height: 240,
    });
    const text = (value: string) => new TextEncoder().encode(value);
    const vtt = await upload('all-files', 'intro', {
      bytes: text('WEBVTT\n\n00:00.000 --> 00:01.500\nWelkom\n'),
      kind: 'captions',
      language: 'nl',
      extension: 'vtt',
      contentType: 'text/vtt',
    });
    expect(vtt.status).toBe(200);
    await vtt.arrayBuffer();
    const srt = await upload('all-files', 'intro', {
      bytes: text('1\n00:00:00,000 --> 00:00:01,500\nBienvenue\n'),
      kind: 'captions',
      language: 'fr',
      extension: 'vtt',
      contentType: 'text/vtt',
    });
    expect(srt.status).toBe(422);
    expect((await problemOf(srt)).code).toBe('upload_not_captions');
    const pdf = await upload('all-files', 'intro', {
      bytes: text('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      kind: 'handout',
      language: 'fr',
      extension: 'pdf',
      contentType: 'application/pdf',
    });
    expect(pdf.status).toBe(200);
    const chapter = uploadCompletionSchema.parse(await pdf.json()).training.chapters[0];
    expect(Object.keys(chapter?.captions ?? {})).toEqual(['nl']);
    expect(Object.keys(chapter?.handout ?? {})).toEqual(['fr']);
    const links = chapterMediaSchema.parse(
      await (await admin('GET', 'manage/trainings/all-files/chapters/intro/media?lang=nl')).json(),
    );
    expect(links.video?.language).toBe('nl');
    expect(links.captions.map((c) => c.language)).toEqual(['nl']);
    const handout = await fetch(links.handout?.url ?? '');
    expect(handout.headers.get('content-disposition')).toBe('attachment; filename="intro.fr.pdf"');
    expect(handout.headers.get('content-type')).toBe('application/pdf');
    await handout.arrayBuffer();
    const notPdf = await upload('all-files', 'intro', {
      bytes: media('faststart.mp4'),
      kind: 'handout',
      language: 'nl',
      extension: 'pdf',
      contentType: 'application/pdf',
    });
    expect(notPdf.status).toBe(422);
    expect((await problemOf(notPdf)).code).toBe('upload_not_pdf');
  });
});

describe('quiz versions', () => {
  it('keeps the version an attempt was drawn from, and the certificate names it', async () => {
    await createDraft('versioned-quiz');
    for (const language of ['fr', 'nl'] as const)
      await (await upload('versioned-quiz', 'intro', mp4(language))).arrayBuffer();
    const v1 = await admin('PUT', 'manage/trainings/versioned-quiz/questions', {
      json: { questions: ['q1', 'q2', 'q3', 'q4'].map((id) => question(id, ' (v1)')) },
      headers: { 'if-match': await etagOf('versioned-quiz') },
    });
    expect(v1.status).toBe(200);
    await v1.arrayBuffer();
    expect((await admin('POST', 'manage/trainings/versioned-quiz/publish')).status).toBe(200);

    // The learner completes the chapter (opened: `launch` rule) and starts an attempt on version 1.
    expect((await call('learner', 'POST', 'me/trainings/versioned-quiz/enrolment')).status).toBe(200);
    const opened = await call('learner', 'GET', 'me/trainings/versioned-quiz/chapters/intro/video');
    expect(opened.status).toBe(200);
    await opened.arrayBuffer();
    const started = await call('learner', 'POST', 'me/trainings/versioned-quiz/quiz/attempts');
    expect(started.status).toBe(201);
    const attempt = quizAttemptViewSchema.parse(await started.json());
    expect(attempt.questions.every((q) => q.prompt.endsWith('(v1) ?'))).toBe(true);

    // The admin edits the published quiz: version 2; version 1 stays as it was.
    const v2 = await admin('PUT', 'manage/trainings/versioned-quiz/questions', {
      json: { questions: ['q1', 'q2', 'q3', 'q4', 'q5'].map((id) => question(id, ' (v2)')) },
      headers: { 'if-match': await etagOf('versioned-quiz') },
    });
    expect(v2.status).toBe(200);
    expect(adminQuestionBankResponseSchema.parse(await v2.json())).toMatchObject({
      version: 2,
      published: true,
    });

    const submitted = await call(
      'learner',
      'POST',
      `me/trainings/versioned-quiz/quiz/attempts/${attempt.attemptId}/submission`,
      { json: { answers: attempt.questions.map((q) => ({ questionId: q.id, optionIds: ['a'] })) } },
    );
    expect(submitted.status).toBe(200);
    const result = quizResultSchema.parse(await submitted.json());
    expect(result.passed).toBe(true);
    expect(result.questions.every((q) => q.prompt.endsWith('(v1) ?'))).toBe(true);

    const learning = cosmos.database(database).container('learning');
    const { resource: stored } = await learning
      .item(`attempt:${attempt.attemptId}`, stack.idOf('learner'))
      .read<{ quizVersion?: number }>();
    expect(stored?.quizVersion).toBe(1);

    // Another learner draws from version 2.
    expect((await call('otherLearner', 'POST', 'me/trainings/versioned-quiz/enrolment')).status).toBe(200);
    await (
      await call('otherLearner', 'GET', 'me/trainings/versioned-quiz/chapters/intro/video')
    ).arrayBuffer();
    const other = quizAttemptViewSchema.parse(
      await (await call('otherLearner', 'POST', 'me/trainings/versioned-quiz/quiz/attempts')).json(),
    );
    // (Jan reads Dutch.)
    expect(other.questions.every((q) => q.prompt.endsWith('(v2)?'))).toBe(true);

    // The certificate (issued by the workflow) keeps version 1.
    const certificates = cosmos.database(database).container('certificates');
    const deadline = Date.now() + 30_000;
    let quizVersion: number | undefined;
    while (quizVersion === undefined && Date.now() < deadline) {
      const { resources } = await certificates.items
        .query<{ quizVersion?: number }>(
          {
            query: "SELECT * FROM c WHERE c.kind = 'certificate' AND c.trainingId = @t",
            parameters: [{ name: '@t', value: 'versioned-quiz' }],
          },
          { partitionKey: stack.idOf('learner') },
        )
        .fetchAll();
      quizVersion = resources[0]?.quizVersion;
      if (quizVersion === undefined) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(quizVersion).toBe(1);
  });
});
