// Generates docs/configuration.md from the api's config schema (api/src/config.ts: every key, its doc
// comment), the Azure app settings main.bicep writes (evaluated offline) and local.settings.sample.json.
// `npm run docs:config` rewrites the file; a unit test fails when the committed file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { configKeys } from '../../api/src/config';
import * as prettier from 'prettier';
import { parseBicep } from './bicep-parser';
import { readFromDisk, textOf, Unknown, type Value } from './bicep-eval';
import { HOST_SETTINGS, NOT_SET_IN_AZURE } from './azure-settings';
import { appSettingsOf, infraDir, keyVaultSecretOf, loadInfra } from './infra-checks';

const repoRoot = join(infraDir, '..');
export const CONFIG_REFERENCE = join(repoRoot, 'docs', 'configuration.md');

/** The doc comment of each property of `baseSchema` in api/src/config.ts. */
function schemaComments(): Map<string, string> {
  const path = join(repoRoot, 'api', 'src', 'config.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const comments = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && node.name.getText(source) === 'baseSchema' && node.initializer) {
      const call = node.initializer;
      const object = ts.isCallExpression(call) ? call.arguments[0] : undefined;
      if (object && ts.isObjectLiteralExpression(object)) {
        for (const property of object.properties) {
          const name = property.name?.getText(source).replace(/^['"]|['"]$/g, '');
          const ranges = ts.getLeadingCommentRanges(source.text, property.getFullStart()) ?? [];
          const text = ranges
            .map((r) => source.text.slice(r.pos, r.end))
            .filter((c) => c.startsWith('/**'))
            .map((c) =>
              c
                .replace(/^\/\*\*|\*\/$/g, '')
                .split('\n')
                .map((l) => l.replace(/^\s*\*\s?/, '').trim())
                .join(' ')
                .trim(),
            )
            .join(' ');
          if (name && text) comments.set(name, text);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return comments;
}

/** main.bicep app setting → the azd environment variable (and its default) it comes from, if any. */
function azdSources(): Map<string, string> {
  const main = parseBicep(readFileSync(join(infraDir, 'main.bicep'), 'utf8'), 'main.bicep');
  const parameters = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')) as {
    parameters: Record<string, { value: unknown }>;
  };
  const settings = main.declarations.find((d) => d.kind === 'var' && d.name === 'apiSettings');
  const out = new Map<string, string>();
  if (settings?.kind !== 'var' || settings.value.kind !== 'object') return out;
  for (const property of settings.value.properties) {
    if (property.kind !== 'property' || property.value.kind !== 'ident') continue;
    const raw = parameters.parameters[property.value.name]?.value;
    const match = typeof raw === 'string' ? /^\$\{([A-Z0-9_]+)(?:=([^}]*))?\}$/.exec(raw) : null;
    if (match?.[1]) {
      out.set(
        property.key,
        `azd env \`${match[1]}\`${match[2] === undefined ? ' (required)' : match[2] === '' ? ' (optional)' : ` (default \`${match[2]}\`)`}`,
      );
    }
  }
  return out;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function azureValue(key: string, value: Value | undefined, fromAzd: Map<string, string>): string {
  if (value === undefined) return `not set: ${NOT_SET_IN_AZURE[key] ?? '—'}`;
  const secret = keyVaultSecretOf(value);
  if (secret) return `Key Vault secret \`${secret}\` (reference)`;
  const azd = fromAzd.get(key);
  if (azd) return azd;
  if (typeof value === 'string') return value === '' ? '(empty)' : `\`${value}\``;
  const text = value instanceof Unknown ? value.text : textOf(value);
  return `Bicep: \`${text.replace(/\$\{<azd env ([A-Z0-9_]+)>\}|<azd env ([A-Z0-9_]+)>/g, (_m, a?: string, b?: string) => `<${a ?? b ?? ''}>`).replace(/toLower\(uniqueString\(subscription\(\)\.id, [^)]*\)\)/g, '<token>')}\``;
}

/** The reference as Markdown, formatted as Prettier formats the repository. */
export async function configReference(): Promise<string> {
  const project = loadInfra(readFromDisk);
  const settings = appSettingsOf(project) ?? {};
  const comments = schemaComments();
  const fromAzd = azdSources();
  const sample = (
    JSON.parse(readFileSync(join(repoRoot, 'local.settings.sample.json'), 'utf8')) as {
      Values: Record<string, string>;
    }
  ).Values;
  const secretLike = /KEY|SECRET|TOKEN|PASSWORD|CONNECTION_STRING/;
  const rows = configKeys.map((key) => {
    const local = sample[key];
    const localText =
      local === undefined || local === ''
        ? '(unset)'
        : secretLike.test(key) && local.length > 12
          ? '(sample value)'
          : `\`${local}\``;
    return `| \`${key}\` | ${cell(azureValue(key, settings[key], fromAzd))} | ${cell(localText)} | ${cell(comments.get(key) ?? '')} |`;
  });
  const hostRows = Object.entries(HOST_SETTINGS).map(
    ([key, why]) => `| \`${key}\` | ${cell(azureValue(key, settings[key], fromAzd))} | ${cell(why)} |`,
  );
  const text = [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs:config` from api/src/config.ts, infra/main.bicep and local.settings.sample.json: do not edit by hand. -->',
    '',
    'Every setting the api reads (`configKeys` in `api/src/config.ts`; a bad value stops start-up with the list of',
    'every bad key). **Azure** is what `infra/main.bicep` writes as the Function App app setting: a value from the',
    'azd environment (`azd env set NAME value`, then `azd provision`), a Key Vault reference (the secret lives in the',
    "environment's vault; see docs/runbook.md for rotation), a value Bicep derives from a resource, or why it stays",
    'unset. **Local** is the default in `local.settings.sample.json` (`npm start`).',
    '',
    '| Setting | Azure | Local | What it is |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## Functions host settings',
    '',
    'Written by Bicep for the Functions host itself (the api does not read them).',
    '',
    '| Setting | Azure | Why |',
    '| --- | --- | --- |',
    ...hostRows,
    '',
    '## Deploy-time values of the web build',
    '',
    'The SPA has no build-time settings of its own: it reads its sign-in settings, Sentry DSN and Clarity id from',
    '`GET /api/auth/config`, i.e. from the app settings above. The web build only needs the Content-Security-Policy',
    'origins, which `main.bicep` outputs and azd passes to the build: `SOINS_CSP_BLOB_ORIGIN` (the data storage',
    "account's blob endpoint) and `SOINS_CSP_AUTH_ORIGIN` (the External ID authority).",
    '',
  ].join('\n');
  const options = (await prettier.resolveConfig(CONFIG_REFERENCE)) ?? {};
  return prettier.format(text, { ...options, filepath: CONFIG_REFERENCE });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CONFIG_REFERENCE, await configReference());
  console.log(`wrote ${CONFIG_REFERENCE}`);
}
