// The provider's discovery document kept for the tab: where MSAL looks for it, and only a usable one is kept.
import { describe, expect, it } from 'vitest';
import {
  discoveryUrl,
  forgetAuthorityMetadata,
  keepAuthorityMetadata,
  keptAuthorityMetadata,
} from './authority-metadata';
import { MemoryStorage } from './memory-storage';

const authority = 'https://localhost:8443';
const document = {
  issuer: 'https://localhost:8443',
  authorization_endpoint: 'https://localhost:8443/auth',
  token_endpoint: 'https://localhost:8443/token',
  end_session_endpoint: 'https://localhost:8443/session/end',
};
const answering =
  (status: number, body: string): typeof fetch =>
  () =>
    Promise.resolve(new Response(body, { status }));

describe('authority metadata', () => {
  it('is looked for where MSAL looks (OIDC mode, or AAD mode with or without v2.0)', () => {
    expect(discoveryUrl('https://localhost:8443', 'OIDC')).toBe(
      'https://localhost:8443/.well-known/openid-configuration',
    );
    expect(discoveryUrl('https://soins.ciamlogin.com/tenant-id/', 'AAD')).toBe(
      'https://soins.ciamlogin.com/tenant-id/v2.0/.well-known/openid-configuration',
    );
    expect(discoveryUrl('https://soins.ciamlogin.com/tenant-id/v2.0', 'AAD')).toBe(
      'https://soins.ciamlogin.com/tenant-id/v2.0/.well-known/openid-configuration',
    );
  });

  it('keeps a usable document for the tab, per authority', async () => {
    const storage = new MemoryStorage();
    expect(keptAuthorityMetadata(authority, storage)).toBeUndefined();
    await keepAuthorityMetadata(authority, 'OIDC', storage, answering(200, JSON.stringify(document)));
    expect(JSON.parse(keptAuthorityMetadata(authority, storage) ?? '{}')).toEqual(document);
    expect(keptAuthorityMetadata('https://localhost:9443', storage)).toBeUndefined();
    forgetAuthorityMetadata(authority, storage);
    expect(keptAuthorityMetadata(authority, storage)).toBeUndefined();
  });

  it('keeps nothing from a failed answer, a page that is not the document, or a network error', async () => {
    const storage = new MemoryStorage();
    await keepAuthorityMetadata(authority, 'OIDC', storage, answering(500, JSON.stringify(document)));
    await keepAuthorityMetadata(authority, 'OIDC', storage, answering(200, '<html>login</html>'));
    await keepAuthorityMetadata(authority, 'OIDC', storage, answering(200, JSON.stringify({ issuer: 'x' })));
    await keepAuthorityMetadata(authority, 'OIDC', storage, () => Promise.reject(new TypeError('offline')));
    expect(storage.length).toBe(0);
  });

  it('drops a corrupt entry instead of handing it to MSAL', () => {
    const storage = new MemoryStorage();
    storage.setItem(`soins.authority-metadata:${authority}`, '{"issuer":');
    expect(keptAuthorityMetadata(authority, storage)).toBeUndefined();
    expect(storage.length).toBe(0);
  });
});
