// Azure parity: in Azure the storage account refuses shared keys, so the api reaches Blob Storage with
// the managed identity (bearer tokens) and signs read links with a user-delegation key. Azurite checks
// bearer tokens (issuer, audience, lifetime) and user-delegation SAS when it runs with HTTPS + OAuth,
// so this drives the very adapters main.ts builds for Azure against it.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { BlobClient } from '@azure/storage-blob';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { findFreePort } from '../../local/lib/service';
import { startAzurite, type RunningAzurite } from '../../local/services/azurite';
import { BlobCertificateFiles } from '../src/adapters/storage/certificate-files';
import { createBlobStorage, type BlobStorage } from '../src/adapters/storage/connection';
import { BlobDiplomaFiles } from '../src/adapters/storage/diploma-files';
import { BlobVideoFiles } from '../src/adapters/storage/video-files';

const emulators = inject('emulators');
const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const objectId = '5b1a9a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An Entra-shaped access token for Storage (Azurite's basic OAuth does not check the signature). */
function storageToken(audience = 'https://storage.azure.com'): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud: audience, iss: `https://sts.windows.net/${tenant}/`, oid: objectId, tid: tenant };
  return `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url({ ...claims, iat: now - 60, nbf: now - 60, exp: now + 3600 })}.c2ln`;
}

const credentialFor = (audience?: string): TokenCredential & { calls: number } => {
  const credential = {
    calls: 0,
    getToken(): Promise<AccessToken> {
      credential.calls += 1;
      return Promise.resolve({ token: storageToken(audience), expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
  return credential;
};

let azurite: RunningAzurite;
let storage: BlobStorage;
const credential = credentialFor();

beforeAll(async () => {
  const dataDir = join(emulators.dataDir, 'azurite-oauth');
  mkdirSync(dataDir, { recursive: true });
  azurite = await startAzurite({
    blobPort: await findFreePort(),
    queuePort: await findFreePort(),
    tablePort: await findFreePort(),
    dataDir,
    tls: emulators.tls,
  });
  storage = createBlobStorage({
    kind: 'identity',
    blobServiceUri: azurite.blobEndpoint,
    queueServiceUri: azurite.queueEndpoint,
    credential,
  });
  for (const name of ['certificates', 'diplomas']) {
    await (await storage.container(name)).createIfNotExists();
  }
}, 60_000);

afterAll(async () => {
  await azurite.stop();
});

describe('Blob Storage through the managed identity (Azure form)', () => {
  it('writes and reads with bearer tokens, no account key', async () => {
    const files = new BlobCertificateFiles(storage);
    await files.put('u_1/c-1.pdf', Buffer.from('%PDF-1.7 identity'));
    const properties = vi.spyOn(BlobClient.prototype, 'getProperties');
    const bytes = await files.read({
      container: 'certificates',
      blobName: 'u_1/c-1.pdf',
      name: 'c-1.pdf',
      contentType: 'application/pdf',
    });
    expect(Buffer.from(bytes ?? []).toString()).toBe('%PDF-1.7 identity');
    // One request: the download alone, no properties asked for first.
    expect(properties).not.toHaveBeenCalled();
    properties.mockRestore();
    expect(
      await files.read({
        container: 'certificates',
        blobName: 'u_1/none.pdf',
        name: 'x.pdf',
        contentType: 'application/pdf',
      }),
    ).toBeUndefined();
    // The bearer policy caches the token, so once is enough.
    expect(credential.calls).toBeGreaterThan(0);
  });

  it('refuses a token for another audience (the credential really is what authenticates)', async () => {
    const stranger = createBlobStorage({
      kind: 'identity',
      blobServiceUri: azurite.blobEndpoint,
      queueServiceUri: undefined,
      credential: credentialFor('https://vault.azure.net'),
    });
    await expect(
      (await stranger.container('certificates')).getBlobClient('u_1/c-1.pdf').download(),
    ).rejects.toMatchObject({ statusCode: 403, code: 'AuthenticationFailed' });
  });

  it('signs read links with a user-delegation key, which the service accepts', async () => {
    const link = await new BlobCertificateFiles(storage).readLink('u_1/c-1.pdf', 5, 'Certificat.pdf');
    const url = new URL(link.url);
    // A user-delegation SAS names the identity that signed it; an account-key SAS does not.
    expect(url.searchParams.get('skoid')).toBe(objectId);
    expect(url.searchParams.get('sktid')).toBe(tenant);
    expect(url.searchParams.get('sp')).toBe('r');
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="Certificat.pdf"');
    expect(await response.text()).toBe('%PDF-1.7 identity');
  });

  it('refuses an expired user-delegation link and a tampered one', async () => {
    const blob = (await storage.container('certificates')).getBlobClient('u_1/c-1.pdf');
    const expired = await storage.links.readOnly(blob, { expiresAt: new Date(Date.now() - 60_000) });
    expect((await fetch(expired.url)).status).toBe(403);
    const valid = new URL((await storage.links.readOnly(blob, { minutes: 5 })).url);
    valid.searchParams.set('sp', 'rw');
    expect((await fetch(valid)).status).toBe(403);
  });

  it('signs write-only upload links with a user-delegation key: blocks go in, nothing comes out', async () => {
    await (await storage.container('videos')).createIfNotExists();
    const files = new BlobVideoFiles(storage);
    const link = await files.uploadLink('training/chapter/clip.fr.mp4', 30);
    const url = new URL(link.url);
    expect(url.searchParams.get('skoid')).toBe(objectId);
    expect(url.searchParams.get('sp')).toBe('cw');
    const block = new URL(link.url);
    block.searchParams.set('comp', 'block');
    block.searchParams.set('blockid', Buffer.from('block-000000').toString('base64'));
    expect((await fetch(block, { method: 'PUT', body: 'first block' })).status).toBe(201);
    const list = new URL(link.url);
    list.searchParams.set('comp', 'blocklist');
    const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${Buffer.from('block-000000').toString('base64')}</Latest></BlockList>`;
    expect((await fetch(list, { method: 'PUT', body: xml })).status).toBe(201);
    // The api reads it with its own identity; the link itself cannot read or delete.
    expect(await files.size('training/chapter/clip.fr.mp4')).toBe('first block'.length);
    expect((await fetch(link.url)).status).toBe(403);
    expect((await fetch(link.url, { method: 'DELETE' })).status).toBe(403);
  });

  it('asks for one delegation key and reuses it while it outlives the links', async () => {
    const fresh = createBlobStorage({
      kind: 'identity',
      blobServiceUri: azurite.blobEndpoint,
      queueServiceUri: undefined,
      credential,
    });
    const spy = vi.spyOn(await fresh.service(), 'getUserDelegationKey');
    const files = new BlobDiplomaFiles(fresh);
    const links = await Promise.all(
      [1, 2, 3].map((n) =>
        files.readLink('u_1', `d-${n}`, 5, { name: `d-${n}.pdf`, contentType: 'application/pdf' }),
      ),
    );
    expect(new Set(links.map((l) => new URL(l.url).searchParams.get('skoid')))).toEqual(new Set([objectId]));
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
