// azd postprovision hook.
//  1. Key Vault: creates each secret the app settings refer to (infra/secrets.json) when it does not exist
//     yet: the INAMI encryption and index keys are generated here (never printed); Stripe and Postmark
//     values are taken from the azd environment when the operator put them there, else the hook prints the
//     command that sets them. An existing secret is never overwritten (rotation happens in Key Vault).
//  2. Prints the sign-in settings the SPA will receive from GET /api/auth/config (the api serves them from
//     its app settings, which Bicep just wrote), and the SPA redirect URIs the Entra registration needs.
// Key Vault is called with the signed-in azd user's token (`azd auth token`); that user holds Key Vault
// Secrets Officer on the vault (main.bicep, principalId).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretSources, spaRedirectUris, spaSettings } from './azd-env';

const env = process.env;
const vault = env.AZURE_KEY_VAULT_NAME;
if (!vault) {
  console.error('AZURE_KEY_VAULT_NAME is missing: run after `azd provision` (it is a main.bicep output).');
  process.exit(1);
}
const secrets = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'secrets.json'), 'utf8')) as Record<
  string,
  string
>;
delete secrets.$comment;

function token(): string {
  const out = execFileSync(
    'azd',
    ['auth', 'token', '--output', 'json', '--scope', 'https://vault.azure.net/.default'],
    {
      encoding: 'utf8',
    },
  );
  return (JSON.parse(out) as { token: string }).token;
}

const bearer = token();
const secretUrl = (name: string): string =>
  `https://${vault}.vault.azure.net/secrets/${name}?api-version=7.4`;

/** Key Vault answers 403 until a role assignment made minutes ago has propagated: wait for it. */
async function call(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, {
      ...init,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    });
    if (response.status !== 403 || attempt === 12) return response;
    console.log('Key Vault refused the request (role assignment still propagating); retrying in 15 s…');
    await new Promise((resolve) => setTimeout(resolve, 15_000));
  }
}

const sources = secretSources(secrets, env);
const missing: string[] = [];
for (const [setting, name] of Object.entries(secrets)) {
  const existing = await call(secretUrl(name));
  if (existing.ok) {
    console.log(`Key Vault ${name}: present`);
    continue;
  }
  if (existing.status !== 404) {
    console.error(
      `Key Vault ${name}: HTTP ${existing.status} (does the azd user hold Key Vault Secrets Officer?)`,
    );
    process.exit(1);
  }
  const source = sources[setting];
  const value = source?.kind === 'generate' ? source.value() : env[setting];
  if (!value) {
    missing.push(
      `az keyvault secret set --vault-name ${vault} --name ${name} --file <file holding ${setting}>`,
    );
    continue;
  }
  const written = await call(secretUrl(name), { method: 'PUT', body: JSON.stringify({ value }) });
  if (!written.ok) {
    console.error(`Key Vault ${name}: could not write it (HTTP ${written.status})`);
    process.exit(1);
  }
  console.log(
    `Key Vault ${name}: created${source?.kind === 'generate' ? ' (generated)' : ` from the azd environment's ${setting}`}`,
  );
}

const spa = spaSettings(env);
console.log(
  `\nSign-in settings the SPA receives from GET /api/auth/config:\n${spa.lines.map((l) => `  ${l}`).join('\n')}`,
);
console.log(
  `\nThe SPA registration must list these redirect URIs (npm run azure:entra keeps them in sync):\n${spaRedirectUris(
    env,
  )
    .map((u) => `  ${u}`)
    .join('\n')}`,
);
if (missing.length > 0) {
  console.log(
    `\nThe api will refuse to start until these secrets exist (docs/deployment.md, Stripe and Postmark):\n${missing
      .map((m) => `  ${m}`)
      .join(
        '\n',
      )}\nThen restart it: az functionapp restart -g ${env.AZURE_RESOURCE_GROUP ?? '<group>'} -n ${env.AZURE_FUNCTION_APP_NAME ?? '<app>'}`,
  );
}
if (spa.problems.length > 0) {
  console.error(spa.problems.join('\n'));
  process.exit(1);
}
