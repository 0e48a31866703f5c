// Offline validation of infra/ (the Bicep CLI cannot be installed here): the templates parse and name
// only what they declare, provision the whole resource manifest, give the api every setting it reads
// (secrets from Key Vault) in a form its own config check accepts, give the Function App's identity the
// roles its code needs, let no resource take keys or local auth, put no key or secret in an output, route
// Defender's scan results to the api's queue and link the Function App to the Static Web App.
// Each check is also run on a copy with one planted mistake and must fail on it.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diplomaScanResultsQueue } from '../../api/src/functions/diplomas/scan-result-consumer';
import { CSP_PLACEHOLDERS } from '../../scripts/static-web-app-config';
import { BicepSyntaxError, parseBicep } from '../tools/bicep-parser';
import { readFromDisk, type ReadFile } from '../tools/bicep-eval';
import { appSettingProblems } from '../tools/azure-settings';
import {
  hostingProblems,
  infraDir,
  keyProblems,
  loadInfra,
  manifestProblems,
  outputProblems,
  roleProblems,
  scanRoutingProblems,
  syntaxAndNameProblems,
  type InfraProject,
} from '../tools/infra-checks';

const repoRoot = join(infraDir, '..');
const scanned = { scannedContainer: 'diplomas-quarantine', resultsQueue: diplomaScanResultsQueue };

/** azure.yaml's services and the resource type each deploys to. */
function azdServices(): Record<string, string> {
  const text = readFileSync(join(repoRoot, 'azure.yaml'), 'utf8');
  const services: Record<string, string> = {};
  const block = /^services:\n((?:[ ].*\n|\n)*)/m.exec(text)?.[1] ?? '';
  let current: string | undefined;
  for (const line of block.split('\n')) {
    const service = /^ {2}([a-z0-9-]+):\s*$/.exec(line);
    if (service?.[1]) current = service[1];
    const host = /^ {4}host:\s*([a-z]+)\s*$/.exec(line);
    if (current && host?.[1]) {
      services[current] =
        host[1] === 'function'
          ? 'Microsoft.Web/sites'
          : host[1] === 'staticwebapp'
            ? 'Microsoft.Web/staticSites'
            : host[1];
    }
  }
  return services;
}

/** Reads infra/ with one text replacement in one file (the replaced text must occur exactly once). */
function planted(file: string, from: string, to: string): ReadFile {
  const target = join(infraDir, file);
  const original = readFileSync(target, 'utf8');
  const count = original.split(from).length - 1;
  if (count !== 1)
    throw new Error(`the planted mistake must match once in ${file}, matched ${count} times: ${from}`);
  return (path) => (path === target ? original.replace(from, to) : readFromDisk(path));
}

type Check = (project: InfraProject) => string[];

const checks: Readonly<Record<string, Check>> = {
  names: syntaxAndNameProblems,
  manifest: manifestProblems,
  settings: appSettingProblems,
  roles: roleProblems,
  keys: keyProblems,
  outputs: outputProblems,
  scanning: (p) => scanRoutingProblems(p, scanned),
  hosting: (p) => hostingProblems(p, azdServices()),
};

describe('infra/ as written', () => {
  const project = loadInfra(readFromDisk);

  it('has every Bicep file under infra/ in use, parsed, with every name declared', () => {
    expect(project.files.length).toBeGreaterThan(5);
    expect(syntaxAndNameProblems(project)).toEqual([]);
  });

  it.each(Object.keys(checks).filter((name) => name !== 'names'))('passes the %s check', (name) => {
    expect(checks[name]?.(project)).toEqual([]);
  });

  it('maps azure.yaml services to the tagged resources', () => {
    expect(azdServices()).toEqual({ api: 'Microsoft.Web/sites', web: 'Microsoft.Web/staticSites' });
  });

  it('outputs the deploy-time CSP origins the web build reads', () => {
    for (const name of Object.keys(CSP_PLACEHOLDERS)) {
      expect(project.evaluation.outputs, name).toHaveProperty(name);
    }
  });

  it('scans the container the api uploads diplomas to', () => {
    const source = readFileSync(join(repoRoot, 'api/src/adapters/storage/diploma-files.ts'), 'utf8');
    expect(source).toContain(`storage.container('${scanned.scannedContainer}')`);
  });
});

/** [what the mistake is, the check that must catch it, file, replaced text, replacement, expected problem] */
const mistakes: readonly [string, string, string, string, string, RegExp][] = [
  [
    'a missing closing brace',
    'names',
    'modules/key-vault.bicep',
    "    name: 'standard'\n    }",
    "    name: 'standard'",
    /./,
  ],
  [
    'an undeclared name in a branch not taken',
    'names',
    'main.bicep',
    'empty(customDomain) ? defaultOrigin :',
    'empty(customDomain) ? defaultOrign :',
    /'defaultOrign' is not declared/,
  ],
  [
    'a Cosmos container left out',
    'manifest',
    'modules/cosmos.bicep',
    'for container in containers:',
    'for container in take(containers, 16):',
    /Cosmos container 'listings' is not provisioned/,
  ],
  [
    'a wrong partition key',
    'manifest',
    'modules/cosmos.bicep',
    '              container.partitionKey\n',
    "              '/id'\n",
    /Cosmos container 'audit': partitionKey/,
  ],
  [
    'the TTL dropped',
    'manifest',
    'modules/cosmos.bicep',
    "contains(container, 'defaultTtl') ? { defaultTtl: container.defaultTtl } : {}",
    '{}',
    /Cosmos container 'idempotency': defaultTtl/,
  ],
  [
    'a queue left out',
    'manifest',
    'main.bicep',
    'queues: manifest.queues',
    "queues: filter(manifest.queues, q => q.name != 'billing-events')",
    /queue 'billing-events' is not provisioned/,
  ],
  [
    'a fixed lock duration',
    'manifest',
    'modules/service-bus.bicep',
    'lockDuration: queue.lockDuration',
    "lockDuration: 'PT5M'",
    /'email': lockDuration is PT5M/,
  ],
  [
    'duplicate detection everywhere',
    'manifest',
    'modules/service-bus.bicep',
    "requiresDuplicateDetection: contains(queue, 'duplicateDetectionHistoryTimeWindow')",
    'requiresDuplicateDetection: true',
    /'billing-events': requiresDuplicateDetection/,
  ],
  [
    'a blob container left out',
    'manifest',
    'modules/data-storage.bicep',
    'for container in containers:',
    'for container in skip(containers, 1):',
    /blob container 'diplomas-quarantine' is not provisioned/,
  ],
  [
    'an api setting not supplied',
    'settings',
    'main.bicep',
    "  TRUSTED_PROXY_HOPS: '2'\n",
    '',
    /TRUSTED_PROXY_HOPS \(read by the api\) is not supplied/,
  ],
  [
    'an emulator-only key set in Azure',
    'settings',
    'main.bicep',
    "  SOINS_ENV: 'azure'\n",
    "  SOINS_ENV: 'azure'\n  COSMOS_KEY: cosmos.outputs.endpoint\n",
    /COSMOS_KEY must not be set in Azure/,
  ],
  [
    'the local scanner in Azure',
    'settings',
    'main.bicep',
    "SCANNER_MODE: 'defender'",
    "SCANNER_MODE: 'clamd'",
    /refuses the Azure settings: SCANNER_MODE/,
  ],
  [
    'a v1 issuer',
    'settings',
    'main.bicep',
    '.ciamlogin.com/${authTenantId}/v2.0',
    '.ciamlogin.com/${authTenantId}',
    /refuses the Azure settings: AUTH_ISSUER/,
  ],
  [
    'a secret outside Key Vault',
    'settings',
    'main.bicep',
    "STRIPE_WEBHOOK_SECRET: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.STRIPE_WEBHOOK_SECRET})'",
    'STRIPE_WEBHOOK_SECRET: stripePriceYearly',
    /STRIPE_WEBHOOK_SECRET must be a Key Vault reference/,
  ],
  [
    'a retry schedule shorter than an hour',
    'settings',
    'main.parameters.json',
    '${QUEUE_RETRY_MAX_DELAY_SECONDS=900}',
    '${QUEUE_RETRY_MAX_DELAY_SECONDS=60}',
    /QUEUE_RETRY_MAX_ATTEMPTS/,
  ],
  [
    'no user-delegation role',
    'roles',
    'modules/data-storage.bicep',
    "blobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'",
    "blobDelegator: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'",
    /lacks Storage Blob Delegator/,
  ],
  [
    'no Service Bus receiver role',
    'roles',
    'modules/service-bus.bicep',
    "dataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'",
    "dataReceiver: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'",
    /lacks Azure Service Bus Data Receiver/,
  ],
  [
    'the Cosmos reader role instead of the contributor',
    'roles',
    'modules/cosmos.bicep',
    "var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'",
    "var dataContributorRoleId = '00000000-0000-0000-0000-000000000001'",
    /lacks Cosmos DB Built-in Data Contributor/,
  ],
  [
    'Durable roles on the data account',
    'roles',
    'modules/host-storage.bicep',
    '  name: guid(storage.id, functionPrincipalId, roles.tableDataContributor)\n  scope: storage\n',
    '  name: guid(storage.id, functionPrincipalId, roles.tableDataContributor)\n  scope: resourceGroup()\n',
    /must be scoped to the resource|lacks Storage Table Data Contributor/,
  ],
  [
    'a role assignment not named by guid()',
    'roles',
    'modules/key-vault.bicep',
    'name: guid(vault.id, functionPrincipalId, roles.secretsUser)',
    "name: 'secrets-user'",
    /must be named with guid/,
  ],
  [
    'Key Vault Secrets User only when asked',
    'roles',
    'modules/key-vault.bicep',
    "resource functionSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {",
    "resource functionSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {",
    /lacks Key Vault Secrets User/,
  ],
  [
    'shared keys on the host storage',
    'keys',
    'modules/host-storage.bicep',
    'allowSharedKeyAccess: false',
    'allowSharedKeyAccess: true',
    /host-storage.bicep storage: allows shared key access/,
  ],
  [
    'local auth on Service Bus',
    'keys',
    'modules/service-bus.bicep',
    'disableLocalAuth: true',
    'disableLocalAuth: false',
    /allows local \(SAS key\) authentication/,
  ],
  [
    'local auth on Cosmos DB',
    'keys',
    'modules/cosmos.bicep',
    'disableLocalAuth: true',
    'disableLocalAuth: false',
    /allows local \(key\) authentication/,
  ],
  [
    'access keys on the Event Grid topic',
    'keys',
    'modules/scan-results.bicep',
    'disableLocalAuth: true',
    'disableLocalAuth: false',
    /access key/,
  ],
  [
    'instrumentation-key ingestion',
    'keys',
    'modules/monitoring.bicep',
    'DisableLocalAuth: true',
    'DisableLocalAuth: false',
    /instrumentation key/,
  ],
  [
    'basic-auth publishing',
    'keys',
    'modules/function-app.bicep',
    "name: 'scm'\n  properties: {\n    allow: false",
    "name: 'scm'\n  properties: {\n    allow: true",
    /basic-auth publishing/,
  ],
  [
    'an unreviewed resource type',
    'keys',
    'modules/monitoring.bicep',
    'output applicationInsightsName string = appInsights.name',
    "resource cache 'Microsoft.Cache/redis@2024-03-01' = {\n  name: 'redis'\n  location: location\n}\n\noutput applicationInsightsName string = appInsights.name",
    /Microsoft.Cache\/redis is not reviewed/,
  ],
  [
    'listKeys in an output',
    'outputs',
    'modules/data-storage.bicep',
    'output name string = storage.name',
    'output name string = storage.name\noutput blobAccess string = storage.listKeys().keys[0].value',
    /calls listKeys\(\)/,
  ],
  [
    'a connection string in an output',
    'outputs',
    'modules/monitoring.bicep',
    'output applicationInsightsName string = appInsights.name',
    'output applicationInsightsName string = appInsights.properties.ConnectionString',
    /exposes appInsights.properties.ConnectionString/,
  ],
  [
    'scan results from every container',
    'scanning',
    'main.bicep',
    "subjectBeginsWith: 'storageAccounts/${dataStorageName}/containers/${scannedContainer}/blobs/'",
    "subjectBeginsWith: 'storageAccounts/${dataStorageName}/'",
    /must filter on/,
  ],
  [
    'the wrong event type',
    'scanning',
    'modules/scan-results.bicep',
    "        'Microsoft.Security.MalwareScanningResult'",
    "        'Microsoft.Storage.BlobCreated'",
    /only Microsoft.Security.MalwareScanningResult/,
  ],
  [
    'the diploma container excluded from scanning',
    'scanning',
    'modules/data-storage.bicep',
    'filter(containers, container => container.name != scannedContainer)',
    'containers',
    /Defender excludes the container/,
  ],
  [
    'no sender role for the topic',
    'scanning',
    'modules/scan-results.bicep',
    "var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'",
    "var serviceBusDataSender = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'",
    /lacks Azure Service Bus Data Sender/,
  ],
  [
    'a Flex Consumption plan',
    'hosting',
    'main.parameters.json',
    '${SOINS_FUNCTION_PLAN_SKU=P0v3}',
    '${SOINS_FUNCTION_PLAN_SKU=FC1}',
    /not a Dedicated plan/,
  ],
  [
    'the Free Static Web Apps plan',
    'hosting',
    'modules/static-web-app.bicep',
    "    name: 'Standard'\n    tier: 'Standard'",
    "    name: 'Free'\n    tier: 'Free'",
    /must be Standard/,
  ],
  [
    'no linked backend',
    'hosting',
    'modules/static-web-app.bicep',
    'backendResourceId: functionAppId',
    "backendResourceId: 'none'",
    /not the Static Web App's linked backend/,
  ],
  [
    'a wrong azd service tag',
    'hosting',
    'modules/function-app.bicep',
    "{ 'azd-service-name': 'api' }",
    "{ 'azd-service-name': 'functions' }",
    /azure.yaml service 'api'/,
  ],
];

describe('each check fails on a planted mistake', () => {
  it.each(mistakes)('%s (%s check)', (_what, check, file, from, to, expected) => {
    let problems: string[];
    try {
      problems = checks[check]?.(loadInfra(planted(file, from, to))) ?? [];
    } catch (error) {
      // A mistake Bicep would refuse at compile time stops the offline evaluation too.
      if (!(error instanceof Error)) throw error;
      problems = [error.message];
    }
    expect(problems.join('\n')).toMatch(expected);
  });
});

describe('the Bicep reader', () => {
  it('names the file, line and column of a syntax error', () => {
    expect(() => parseBicep("param a string\nvar b = {\n  c: 'd'\n", 'x.bicep')).toThrow(BicepSyntaxError);
    expect(() => parseBicep("var a = 'x' 'y'\n", 'x.bicep')).toThrow(/x\.bicep:1:13: expected end of line/);
  });

  it('reads every module main.bicep uses, and only those', () => {
    const project = loadInfra(readFromDisk);
    expect([...project.parsed.keys()].sort()).toEqual(project.files);
    expect(project.files.every((f) => relative(infraDir, join(infraDir, f)) === f)).toBe(true);
  });
});
