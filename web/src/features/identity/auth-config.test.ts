import { authConfigSchema } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { AuthConfigError, parseAuthConfig } from './auth-config';

const valid = {
  authority: 'https://localhost:8443',
  clientId: 'soins-spa',
  scopes: ['openid', 'profile', 'offline_access', 'api://soins-api/access_as_user'],
  knownAuthorities: ['localhost:8443'],
  protocolMode: 'OIDC',
  redirectPath: '/auth/callback',
  postLogoutPath: '/',
  environment: 'local',
};

const entra = {
  ...valid,
  authority: 'https://soinsplus.ciamlogin.com/00000000-0000-0000-0000-000000000000/',
  clientId: '11111111-1111-1111-1111-111111111111',
  scopes: [
    'openid',
    'profile',
    'offline_access',
    'api://22222222-2222-2222-2222-222222222222/access_as_user',
  ],
  knownAuthorities: ['soinsplus.ciamlogin.com'],
  protocolMode: 'AAD',
  environment: 'azure',
  sentryDsn: 'https://key@o1.ingest.de.sentry.io/2',
};

describe('parseAuthConfig', () => {
  it.each([
    ['local', valid],
    ['Entra External ID', entra],
  ])('accepts what the shared schema accepts (%s)', (_name, config) => {
    expect(authConfigSchema.parse(config)).toEqual(config);
    expect(parseAuthConfig(config)).toEqual(config);
  });

  it.each([
    ['not an object', null],
    ['http authority', { ...valid, authority: 'http://localhost:8443' }],
    ['no client id', { ...valid, clientId: '' }],
    ['no scopes', { ...valid, scopes: [] }],
    ['bad protocol mode', { ...valid, protocolMode: 'SAML' }],
    ['relative redirect', { ...valid, redirectPath: 'auth/callback' }],
    ['bad environment', { ...valid, environment: 'prod' }],
    ['bad sentry dsn', { ...valid, sentryDsn: 'nope' }],
  ])('rejects %s with one clear error', (_name, config) => {
    expect(() => parseAuthConfig(config)).toThrow(AuthConfigError);
  });

  it('lists every problem at once', () => {
    expect(() => parseAuthConfig({ ...valid, clientId: 1, knownAuthorities: 'x' })).toThrow(
      'auth config: clientId is required; knownAuthorities must be a list',
    );
  });
});
