// The azd hooks' checks and the External ID registration script, with an in-memory Microsoft Graph.
import { describe, expect, it } from 'vitest';
import { inamiKeyProblems } from '../../api/src/adapters/crypto/field-cipher';
import { ensureRegistrations, GRAPH_SCOPES, type GraphClient } from '../entra/app-registrations';
import { preprovisionProblems, secretSources, spaRedirectUris, spaSettings } from '../hooks/azd-env';
import { secretNames, SAMPLE_AZD_ENV } from '../tools/azure-settings';

describe('preprovision', () => {
  it('names every missing value and the command that sets it', () => {
    const problems = preprovisionProblems({});
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'AUTH_TENANT_ID',
      'AUTH_TENANT_SUBDOMAIN',
      'AUTH_CLIENT_ID',
      'AUTH_API_CLIENT_ID',
      'STRIPE_PRICE_MONTHLY',
      'STRIPE_PRICE_YEARLY',
    ]);
    expect(problems.join('\n')).toContain('npm run azure:entra');
  });

  it('accepts a complete environment and refuses malformed values without echoing them', () => {
    expect(preprovisionProblems(SAMPLE_AZD_ENV)).toEqual([]);
    const problems = preprovisionProblems({
      ...SAMPLE_AZD_ENV,
      AUTH_CLIENT_ID: 'soins-spa',
      SENTRY_DSN: 'nope',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^AUTH_CLIENT_ID is not/),
      expect.stringMatching(/^SENTRY_DSN is not/),
    ]);
    expect(problems.join()).not.toContain('soins-spa');
  });
});

describe('postprovision', () => {
  it('generates INAMI keys the api accepts, under the current key version, and leaves the others to the operator', () => {
    const sources = secretSources(secretNames(), { INAMI_INDEX_CURRENT: '2' });
    const encryption = sources.INAMI_ENCRYPTION_KEYS;
    const index = sources.INAMI_INDEX_KEYS;
    if (encryption?.kind !== 'generate' || index?.kind !== 'generate')
      throw new Error('INAMI keys are generated');
    const keys = { INAMI_ENCRYPTION_KEYS: encryption.value(), INAMI_INDEX_KEYS: index.value() };
    expect(keys.INAMI_INDEX_KEYS.startsWith('2:')).toBe(true);
    expect(inamiKeyProblems({ ...keys, INAMI_ENCRYPTION_CURRENT: 1, INAMI_INDEX_CURRENT: 2 })).toEqual([]);
    expect(encryption.value()).not.toBe(keys.INAMI_ENCRYPTION_KEYS);
    expect(sources.STRIPE_SECRET_KEY).toEqual({ kind: 'operator', from: 'STRIPE_SECRET_KEY' });
  });

  it('prints what GET /api/auth/config will serve and the redirect URIs of every deployed origin', () => {
    const env = {
      ...SAMPLE_AZD_ENV,
      STATIC_WEB_APP_URL: 'https://nice-sea.azurestaticapps.net',
      SOINS_CUSTOM_DOMAIN: 'app.soins.plus',
    };
    const { lines, problems } = spaSettings(env);
    expect(problems).toEqual([]);
    expect(lines.join('\n')).toContain(`api://${SAMPLE_AZD_ENV.AUTH_API_CLIENT_ID ?? ''}/access_as_user`);
    expect(spaRedirectUris(env)).toEqual([
      'https://app.soins.plus/auth/callback',
      'https://app.soins.plus/',
      'https://nice-sea.azurestaticapps.net/auth/callback',
      'https://nice-sea.azurestaticapps.net/',
    ]);
  });
});

/** Just enough of Graph: applications by uniqueName, service principals, permission grants. */
function fakeGraph(): GraphClient & {
  apps: Map<string, Record<string, unknown>>;
  grants: Record<string, unknown>[];
} {
  const apps = new Map<string, Record<string, unknown>>();
  const principals = new Map<string, string>();
  const grants: Record<string, unknown>[] = [];
  let next = 0;
  const id = (): string => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
  return {
    apps,
    grants,
    request(method, path, body) {
      const app = /^\/applications\(uniqueName='(.+)'\)$/.exec(path)?.[1];
      if (app) {
        const current = apps.get(app);
        if (method === 'GET')
          return Promise.resolve(current ? { status: 200, body: current } : { status: 404, body: undefined });
        apps.set(app, {
          id: current?.id ?? id(),
          appId: current?.appId ?? id(),
          ...current,
          ...(body as object),
        });
        return Promise.resolve({ status: current ? 204 : 201, body: undefined });
      }
      const sp = /^\/servicePrincipals\(appId='(.+)'\)$/.exec(path)?.[1];
      if (sp) {
        const found = principals.get(sp);
        return Promise.resolve(
          found ? { status: 200, body: { id: found } } : { status: 404, body: undefined },
        );
      }
      if (path === '/servicePrincipals') {
        const created = id();
        principals.set((body as { appId: string }).appId, created);
        return Promise.resolve({ status: 201, body: { id: created } });
      }
      if (path.startsWith('/oauth2PermissionGrants?')) {
        const filter = decodeURIComponent(path);
        return Promise.resolve({
          status: 200,
          body: {
            value: grants.filter(
              (g) => filter.includes(String(g.clientId)) && filter.includes(String(g.resourceId)),
            ),
          },
        });
      }
      if (path === '/oauth2PermissionGrants') {
        grants.push({ id: id(), ...(body as object) });
        return Promise.resolve({ status: 201, body: undefined });
      }
      const patched = grants.find((g) => path === `/oauth2PermissionGrants/${String(g.id)}`);
      if (patched) Object.assign(patched, body);
      return Promise.resolve({ status: patched ? 204 : 404, body: undefined });
    },
  };
}

describe('External ID app registrations', () => {
  it('creates the api (v2 tokens, access_as_user at api://<app id>) and the SPA, consented, and converges on a rerun', async () => {
    const graph = fakeGraph();
    let ids = 0;
    const newId = (): string => `11111111-1111-4111-8111-${String(++ids).padStart(12, '0')}`;
    const first = await ensureRegistrations(graph, { envName: 'prod', redirectUris: [], newId });
    const api = graph.apps.get('soins-api-prod') as {
      api: { requestedAccessTokenVersion: number; oauth2PermissionScopes: { id: string; value: string }[] };
      identifierUris: string[];
    };
    expect(api.api.requestedAccessTokenVersion).toBe(2);
    expect(api.api.oauth2PermissionScopes.map((s) => s.value)).toEqual(['access_as_user']);
    expect(api.identifierUris).toEqual([`api://${first.apiClientId}`]);
    const scopeId = api.api.oauth2PermissionScopes[0]?.id;

    const second = await ensureRegistrations(graph, {
      envName: 'prod',
      redirectUris: ['https://app.soins.plus/auth/callback'],
      newId,
    });
    expect(second).toEqual(first);
    const spa = graph.apps.get('soins-spa-prod') as {
      spa: { redirectUris: string[] };
      requiredResourceAccess: unknown[];
    };
    expect(spa.spa.redirectUris).toEqual(['https://app.soins.plus/auth/callback']);
    expect(spa.requiredResourceAccess).toContainEqual({
      resourceAppId: first.apiClientId,
      resourceAccess: [{ id: scopeId, type: 'Scope' }],
    });
    expect((graph.apps.get('soins-api-prod') as typeof api).api.oauth2PermissionScopes[0]?.id).toBe(scopeId);
    expect(graph.grants.map((g) => g.scope).sort()).toEqual([
      'access_as_user',
      Object.keys(GRAPH_SCOPES).join(' '),
    ]);
  });
});
