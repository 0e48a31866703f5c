// The video SAS links are signed locally (account key): their permissions, protocol and lifetime can be
// read from the URL without any storage service.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBlobStorage } from '../src/adapters/storage/connection';
import { BlobCertificateFiles } from '../src/adapters/storage/certificate-files';
import { BlobDiplomaFiles } from '../src/adapters/storage/diploma-files';
import { isBlobNotFound, SAS_CLOCK_SKEW_MS } from '../src/adapters/storage/sas';
import { BlobVideoFiles } from '../src/adapters/storage/video-files';

const key = Buffer.alloc(32, 1).toString('base64');
const keyed = (connectionString: string) => createBlobStorage({ kind: 'key', connectionString });
const azure = keyed(
  `DefaultEndpointsProtocol=https;AccountName=soinsvideos;AccountKey=${key};EndpointSuffix=core.windows.net`,
);
const azurite = keyed(
  `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`,
);

// Links are signed on a fixed clock, so their times are exact (SAS times are whole seconds).
const NOW = Date.parse('2026-11-20T10:00:00Z');
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('BlobVideoFiles.readLink', () => {
  it('signs a read-only, HTTPS-only link of the requested lifetime in Azure', async () => {
    const link = await new BlobVideoFiles(azure).readLink('wound-care/intro.fr.mp4', 10);
    const url = new URL(link.url);
    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe('/videos/wound-care/intro.fr.mp4');
    expect(url.searchParams.get('sp')).toBe('r');
    expect(url.searchParams.get('spr')).toBe('https');
    const expiry = Date.parse(url.searchParams.get('se') ?? '');
    expect(expiry).toBe(Math.floor(link.expiresAt.getTime() / 1000) * 1000);
    expect(link.expiresAt.getTime()).toBe(NOW + 10 * 60_000);
  });

  it('allows plain HTTP only against a plain-HTTP endpoint (Azurite)', async () => {
    const link = await new BlobVideoFiles(azurite).readLink('wound-care/intro.fr.mp4', 10);
    const url = new URL(link.url);
    expect(url.protocol).toBe('http:');
    expect(url.searchParams.get('sp')).toBe('r');
    expect(url.searchParams.get('spr')).toBe('https,http');
  });

  it('can sign a link that is already expired (start before expiry)', async () => {
    const past = new Date(Date.now() - 60_000);
    const link = await new BlobVideoFiles(azure).linkUntil('a.mp4', past);
    const url = new URL(link.url);
    expect(Date.parse(url.searchParams.get('st') ?? '')).toBeLessThan(
      Date.parse(url.searchParams.get('se') ?? ''),
    );
  });
});

describe('readOnlySasUrl (certificates and diplomas share it)', () => {
  it('certificate PDFs: read-only, HTTPS-only, downloaded as an attachment, start back-dated for skew', async () => {
    const link = await new BlobCertificateFiles(azure).readLink('u_1/c-1.pdf', 5, 'Certificat soins.pdf');
    const url = new URL(link.url);
    expect(url.pathname).toBe('/certificates/u_1/c-1.pdf');
    expect(url.searchParams.get('sp')).toBe('r');
    expect(url.searchParams.get('spr')).toBe('https');
    expect(url.searchParams.get('rscd')).toBe('attachment; filename="Certificat_soins.pdf"');
    expect(url.searchParams.get('rsct')).toBe('application/pdf');
    expect(Date.parse(url.searchParams.get('st') ?? '')).toBe(NOW - SAS_CLOCK_SKEW_MS);
    expect(link.expiresAt.getTime()).toBe(NOW + 5 * 60_000);
  });

  it('diplomas: read-only, downloaded as the type checked at upload, plain HTTP only against Azurite', async () => {
    const file = { name: 'diplome-d-1.pdf', contentType: 'application/pdf' } as const;
    const inAzure = new URL((await new BlobDiplomaFiles(azure).readLink('u_1', 'd-1', 5, file)).url);
    expect(inAzure.pathname).toBe('/diplomas/u_1/d-1');
    expect(inAzure.searchParams.get('sp')).toBe('r');
    expect(inAzure.searchParams.get('spr')).toBe('https');
    expect(inAzure.searchParams.get('rscd')).toBe('attachment; filename="diplome-d-1.pdf"');
    expect(inAzure.searchParams.get('rsct')).toBe('application/pdf');
    const local = new URL((await new BlobDiplomaFiles(azurite).readLink('u_1', 'd-1', 5, file)).url);
    expect(local.protocol).toBe('http:');
    expect(local.searchParams.get('spr')).toBe('https,http');
  });

  it('recognises a missing blob error and nothing else', () => {
    expect(isBlobNotFound({ statusCode: 404 })).toBe(true);
    expect(isBlobNotFound({ statusCode: 403 })).toBe(false);
    expect(isBlobNotFound(new Error('404'))).toBe(false);
    expect(isBlobNotFound(undefined)).toBe(false);
  });
});
