// The two Microsoft Entra External ID app registrations of an environment, through Microsoft Graph:
//   api  `soins-api-<env>`: exposes the delegated scope `access_as_user` at api://<its app id>, issues v2.0
//        access tokens (`requestedAccessTokenVersion: 2`: aud = its app id, as the api verifies).
//   SPA  `soins-spa-<env>`: single-page application platform (auth code + PKCE) with the deployed
//        origins' /auth/callback and / as redirect URIs; asks for openid, profile, offline_access and the
//        api's access_as_user, consented for all users (customers of an external tenant cannot consent).
// Idempotent: applications are upserted by uniqueName, the scope keeps its id, grants are updated in place.
// Why a script and not the Graph Bicep extension: the External ID tenant is a separate (external) tenant
// with no Azure subscription, whereas `azd up` deploys into the subscription's workforce tenant; the
// extension would create the registrations in the wrong directory (or need its own tenant-scoped
// deployment, and it is in preview and cannot be checked offline here). See docs/deployment.md.

/** Microsoft Graph's own application id, and its delegated permission ids the SPA asks for. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_SCOPES = {
  openid: '37f7f235-527c-4136-accd-4a02d197296e',
  profile: '14dad69e-099b-42c9-810b-d002981feec1',
  offline_access: '7427e0e9-2fba-42fe-b0c0-848c9e6a8182',
} as const;

export const API_SCOPE = 'access_as_user';

export interface GraphClient {
  /** A Graph v1.0 request; path starts with `/`. Resolves the parsed JSON body (undefined for 204/404). */
  request(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<{ status: number; body: unknown }>;
}

interface Application {
  readonly id: string;
  readonly appId: string;
  readonly api?: {
    readonly oauth2PermissionScopes?: readonly { readonly id: string; readonly value: string }[];
  };
}

export function apiApplication(envName: string, scopeId: string, appId?: string): Record<string, unknown> {
  return {
    displayName: `SOINS+ api (${envName})`,
    signInAudience: 'AzureADMyOrg',
    ...(appId ? { identifierUris: [`api://${appId}`] } : {}),
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [
        {
          id: scopeId,
          value: API_SCOPE,
          type: 'User',
          isEnabled: true,
          adminConsentDisplayName: 'Use SOINS+ as the signed-in user',
          adminConsentDescription:
            'Lets the SOINS+ web app call the SOINS+ api on behalf of the signed-in user.',
          userConsentDisplayName: 'Use SOINS+ as you',
          userConsentDescription: 'Lets the SOINS+ web app call the SOINS+ api on your behalf.',
        },
      ],
    },
  };
}

export function spaApplication(
  envName: string,
  apiAppId: string,
  scopeId: string,
  redirectUris: readonly string[],
): Record<string, unknown> {
  return {
    displayName: `SOINS+ (${envName})`,
    signInAudience: 'AzureADMyOrg',
    spa: { redirectUris: [...redirectUris] },
    requiredResourceAccess: [
      { resourceAppId: apiAppId, resourceAccess: [{ id: scopeId, type: 'Scope' }] },
      {
        resourceAppId: MICROSOFT_GRAPH_APP_ID,
        resourceAccess: Object.values(GRAPH_SCOPES).map((id) => ({ id, type: 'Scope' })),
      },
    ],
  };
}

const uniqueNamePath = (uniqueName: string): string => `/applications(uniqueName='${uniqueName}')`;

async function upsertApplication(
  graph: GraphClient,
  uniqueName: string,
  body: Record<string, unknown>,
): Promise<Application> {
  const upsert = await graph.request('PATCH', uniqueNamePath(uniqueName), body, {
    Prefer: 'create-if-missing',
  });
  if (upsert.status >= 300) throw new Error(`Graph refused ${uniqueName} (HTTP ${upsert.status})`);
  const read = await graph.request('GET', uniqueNamePath(uniqueName));
  if (read.status !== 200) throw new Error(`Graph cannot read ${uniqueName} back (HTTP ${read.status})`);
  return read.body as Application;
}

async function servicePrincipal(graph: GraphClient, appId: string): Promise<string> {
  const found = await graph.request('GET', `/servicePrincipals(appId='${appId}')`);
  if (found.status === 200) return (found.body as { id: string }).id;
  const created = await graph.request('POST', '/servicePrincipals', { appId });
  if (created.status >= 300)
    throw new Error(`Graph refused the service principal of ${appId} (HTTP ${created.status})`);
  return (created.body as { id: string }).id;
}

async function grant(graph: GraphClient, clientId: string, resourceId: string, scope: string): Promise<void> {
  const filter = encodeURIComponent(`clientId eq '${clientId}' and resourceId eq '${resourceId}'`);
  const existing = await graph.request('GET', `/oauth2PermissionGrants?$filter=${filter}`);
  const current = (
    (existing.body as { value?: { id: string; consentType: string }[] } | undefined)?.value ?? []
  ).find((g) => g.consentType === 'AllPrincipals');
  const response = current
    ? await graph.request('PATCH', `/oauth2PermissionGrants/${current.id}`, { scope })
    : await graph.request('POST', '/oauth2PermissionGrants', {
        clientId,
        consentType: 'AllPrincipals',
        resourceId,
        scope,
      });
  if (response.status >= 300) throw new Error(`Graph refused the consent grant (HTTP ${response.status})`);
}

export interface Registrations {
  readonly spaClientId: string;
  readonly apiClientId: string;
}

/** Creates or updates both registrations, their service principals and the SPA's admin consent. */
export async function ensureRegistrations(
  graph: GraphClient,
  options: {
    readonly envName: string;
    readonly redirectUris: readonly string[];
    readonly newId: () => string;
  },
): Promise<Registrations> {
  const apiName = `soins-api-${options.envName}`;
  const existing = await graph.request('GET', uniqueNamePath(apiName));
  const scopes =
    existing.status === 200 ? ((existing.body as Application).api?.oauth2PermissionScopes ?? []) : [];
  const scopeId = scopes.find((s) => s.value === API_SCOPE)?.id ?? options.newId();
  let api = await upsertApplication(graph, apiName, apiApplication(options.envName, scopeId));
  // The Application ID URI names the app id, known once the application exists.
  api = await upsertApplication(graph, apiName, apiApplication(options.envName, scopeId, api.appId));
  const spa = await upsertApplication(
    graph,
    `soins-spa-${options.envName}`,
    spaApplication(options.envName, api.appId, scopeId, options.redirectUris),
  );
  const apiPrincipal = await servicePrincipal(graph, api.appId);
  const spaPrincipal = await servicePrincipal(graph, spa.appId);
  const graphPrincipal = await servicePrincipal(graph, MICROSOFT_GRAPH_APP_ID);
  await grant(graph, spaPrincipal, apiPrincipal, API_SCOPE);
  await grant(graph, spaPrincipal, graphPrincipal, Object.keys(GRAPH_SCOPES).join(' '));
  return { spaClientId: spa.appId, apiClientId: api.appId };
}
