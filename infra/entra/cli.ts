// npm run azure:entra: creates or updates the External ID app registrations of the current azd environment
// (see app-registrations.ts) and stores their application ids in it (AUTH_CLIENT_ID, AUTH_API_CLIENT_ID).
// Needs the Azure CLI signed in to the external tenant: az login --tenant <AUTH_TENANT_ID> --allow-no-subscriptions
// Run it before the first `azd up`, and again after it (or after adding a custom domain) so the SPA
// registration lists the deployed origins as redirect URIs.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { ensureRegistrations, type GraphClient } from './app-registrations';
import { spaRedirectUris } from '../hooks/azd-env';

const run = (command: string, args: string[]): string => execFileSync(command, args, { encoding: 'utf8' });

const env = JSON.parse(run('azd', ['env', 'get-values', '--output', 'json'])) as Record<string, string>;
const tenant = env.AUTH_TENANT_ID;
const envName = env.AZURE_ENV_NAME;
if (!tenant || !envName) {
  console.error(
    'Set the external tenant first: azd env set AUTH_TENANT_ID <directory (tenant) id of the External ID tenant>',
  );
  process.exit(1);
}
// A Graph token for the external tenant, whatever tenant the Azure CLI defaults to.
const { accessToken } = JSON.parse(
  run('az', [
    'account',
    'get-access-token',
    '--tenant',
    tenant,
    '--resource-type',
    'ms-graph',
    '--output',
    'json',
  ]),
) as { accessToken: string };

const graph: GraphClient = {
  async request(method, path, body, headers = {}) {
    const response = await fetch(`https://graph.microsoft.com/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 400 && response.status !== 404) {
      // Graph error bodies carry a code and a message, never a secret of ours.
      console.error(
        `Graph ${method} ${path.split('?')[0] ?? ''}: HTTP ${response.status} ${text.slice(0, 300)}`,
      );
    }
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  },
};

const redirectUris = spaRedirectUris(env);
const registrations = await ensureRegistrations(graph, { envName, redirectUris, newId: randomUUID });
run('azd', ['env', 'set', 'AUTH_CLIENT_ID', registrations.spaClientId]);
run('azd', ['env', 'set', 'AUTH_API_CLIENT_ID', registrations.apiClientId]);
console.log(`SPA registration  soins-spa-${envName}  ${registrations.spaClientId}`);
console.log(
  `api registration  soins-api-${envName}  ${registrations.apiClientId}  (scope api://${registrations.apiClientId}/access_as_user)`,
);
console.log(
  redirectUris.length > 0
    ? `SPA redirect URIs: ${redirectUris.join(' ')}`
    : 'No deployed origin yet: run this again after `azd up` to register the redirect URIs.',
);
console.log(
  'Once per tenant: in the Entra admin center (External Identities > User flows), add the SPA registration to the sign-up and sign-in user flow (docs/deployment.md).',
);
