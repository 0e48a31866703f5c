// The offline checks of the infrastructure (used by infra/tests/infra.test.ts and the configuration
// reference generator). Each returns the problems it finds, as sentences; none means the check passes.
// They read the Bicep through bicep-parser/bicep-eval, the manifest infra/resources.json, azure.yaml and
// the api's own config schema, so a template that drifts from the code fails here before `azd up`.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calleeName, render, subExpressions, type BicepFile } from './bicep-parser';
import {
  azdParameters,
  evaluateDeployment,
  get,
  isObject,
  ResourceRef,
  textOf,
  Unknown,
  type DeployedResource,
  type Evaluation,
  type ReadFile,
  type Value,
} from './bicep-eval';
import { undefinedSymbols } from './bicep-symbols';

export const infraDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Manifest {
  readonly cosmos: {
    readonly database: string;
    readonly containers: readonly {
      readonly name: string;
      readonly partitionKey: string;
      readonly uniqueKeys: readonly (readonly string[])[];
      readonly defaultTtl?: number;
    }[];
  };
  readonly queues: readonly {
    readonly name: string;
    readonly maxDeliveryCount: number;
    readonly lockDuration: string;
    readonly duplicateDetectionHistoryTimeWindow?: string;
  }[];
  readonly blobContainers: readonly { readonly name: string }[];
}

export interface InfraProject {
  readonly read: ReadFile;
  readonly files: readonly string[];
  readonly parsed: ReadonlyMap<string, BicepFile>;
  readonly evaluation: Evaluation;
  readonly manifest: Manifest;
}

/** Every .bicep file of infra/ (relative paths). */
export function bicepFiles(dir = infraDir): string[] {
  const out: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(join(at, entry.name));
      else if (entry.name.endsWith('.bicep')) out.push(relative(dir, join(at, entry.name)));
    }
  };
  walk(dir);
  return out.sort();
}

/** Loads and evaluates infra/main.bicep with main.parameters.json, reading files through `read`. */
export function loadInfra(read: ReadFile): InfraProject {
  const files = bicepFiles();
  const evaluation = evaluateDeployment(join(infraDir, 'main.bicep'), {
    read,
    parameters: azdParameters(read(join(infraDir, 'main.parameters.json'))),
  });
  return {
    read,
    files,
    parsed: evaluation.files,
    evaluation,
    manifest: JSON.parse(read(join(infraDir, 'resources.json'))) as Manifest,
  };
}

export function resourcesOf(
  project: InfraProject,
  type: string,
  options: { existing?: boolean } = {},
): DeployedResource[] {
  return project.evaluation.resources.filter(
    (r) => r.type === type && (options.existing === undefined || r.existing === options.existing),
  );
}

/** Every Bicep file parses and names only what it declares (what `bicep build` would refuse first). */
export function syntaxAndNameProblems(project: InfraProject): string[] {
  const problems: string[] = [];
  for (const file of project.files) {
    const parsed = project.parsed.get(file);
    if (!parsed) {
      problems.push(`${file} is not used by main.bicep`);
      continue;
    }
    problems.push(...undefinedSymbols(parsed));
  }
  return problems;
}

// --- The resource manifest ---------------------------------------------------------------------------

/** JSON text of a value, `absent` for undefined (JSON.stringify's type hides that case). */
const json = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));

/** Every Cosmos container, Service Bus queue and blob container of the manifest, with its settings. */
export function manifestProblems(project: InfraProject): string[] {
  const problems: string[] = [];
  const { manifest } = project;

  const databases = resourcesOf(project, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
  if (!databases.some((d) => get(d.body, 'name') === manifest.cosmos.database)) {
    problems.push(`Cosmos database '${manifest.cosmos.database}' is not provisioned`);
  }
  const containers = resourcesOf(project, 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers');
  for (const expected of manifest.cosmos.containers) {
    const found = containers.find((c) => get(c.body, 'name') === expected.name);
    if (!found) {
      problems.push(`Cosmos container '${expected.name}' is not provisioned`);
      continue;
    }
    const resource = get(found.body, 'properties.resource');
    const actual = {
      id: get(resource, 'id'),
      partitionKey: get(resource, 'partitionKey.paths'),
      uniqueKeys: (get(resource, 'uniqueKeyPolicy.uniqueKeys') as readonly Value[] | undefined)?.map((k) =>
        get(k, 'paths'),
      ),
      defaultTtl: get(resource, 'defaultTtl'),
    };
    const wanted = {
      id: expected.name,
      partitionKey: [expected.partitionKey],
      uniqueKeys: expected.uniqueKeys,
      defaultTtl: expected.defaultTtl,
    };
    for (const key of Object.keys(wanted) as (keyof typeof wanted)[]) {
      if (JSON.stringify(actual[key]) !== JSON.stringify(wanted[key])) {
        problems.push(
          `Cosmos container '${expected.name}': ${key} is ${json(actual[key])}, the manifest says ${json(wanted[key])}`,
        );
      }
    }
  }
  for (const c of containers) {
    const name = get(c.body, 'name');
    if (!manifest.cosmos.containers.some((m) => m.name === name)) {
      problems.push(`Cosmos container ${textOf(name)} is not in the manifest`);
    }
  }

  const queues = resourcesOf(project, 'Microsoft.ServiceBus/namespaces/queues', { existing: false });
  for (const expected of manifest.queues) {
    const found = queues.find((q) => get(q.body, 'name') === expected.name);
    if (!found) {
      problems.push(`Service Bus queue '${expected.name}' is not provisioned`);
      continue;
    }
    const p = get(found.body, 'properties');
    const checks: [string, Value | undefined, Value][] = [
      ['maxDeliveryCount', get(p, 'maxDeliveryCount'), expected.maxDeliveryCount],
      ['lockDuration', get(p, 'lockDuration'), expected.lockDuration],
      [
        'requiresDuplicateDetection',
        get(p, 'requiresDuplicateDetection'),
        expected.duplicateDetectionHistoryTimeWindow !== undefined,
      ],
    ];
    if (expected.duplicateDetectionHistoryTimeWindow !== undefined) {
      checks.push([
        'duplicateDetectionHistoryTimeWindow',
        get(p, 'duplicateDetectionHistoryTimeWindow'),
        expected.duplicateDetectionHistoryTimeWindow,
      ]);
    }
    for (const [key, actual, wanted] of checks) {
      if (actual !== wanted) {
        problems.push(
          `Service Bus queue '${expected.name}': ${key} is ${textOf(actual)}, the manifest says ${textOf(wanted)}`,
        );
      }
    }
  }

  const blobContainers = resourcesOf(project, 'Microsoft.Storage/storageAccounts/blobServices/containers');
  for (const expected of manifest.blobContainers) {
    const found = blobContainers.filter((b) => get(b.body, 'name') === expected.name);
    if (found.length === 0) problems.push(`blob container '${expected.name}' is not provisioned`);
    for (const b of found) {
      if (get(b.body, 'properties.publicAccess') !== 'None') {
        problems.push(`blob container '${expected.name}' allows public access`);
      }
    }
  }
  return problems;
}

// --- Identities and roles ----------------------------------------------------------------------------

/** The Function App's system-assigned identity, wherever its principal id was passed. */
export function isFunctionPrincipal(value: Value | undefined): boolean {
  return (
    value instanceof Unknown &&
    value.ref?.type === 'Microsoft.Web/sites' &&
    value.ref.file === 'modules/function-app.bicep' &&
    value.path === 'identity.principalId'
  );
}

export interface RequiredRole {
  readonly role: string;
  readonly roleDefinitionId: string;
  /** The resource type the role must be scoped to (no broader). */
  readonly scopeType: string;
  /** The module declaring that resource (tells the two storage accounts apart). */
  readonly scopeFile: string;
  readonly why: string;
}

/** What the api's code needs of its identity in Azure (Cosmos DB's data-plane role is checked apart). */
export const FUNCTION_ROLES: readonly RequiredRole[] = [
  {
    role: 'Storage Blob Data Contributor',
    roleDefinitionId: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
    scopeType: 'Microsoft.Storage/storageAccounts',
    scopeFile: 'modules/data-storage.bicep',
    why: 'BlobStorage: diplomas, certificates, videos, exports',
  },
  {
    role: 'Storage Blob Delegator',
    roleDefinitionId: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a',
    scopeType: 'Microsoft.Storage/storageAccounts',
    scopeFile: 'modules/data-storage.bicep',
    why: 'links.readOnly: user-delegation SAS',
  },
  {
    role: 'Storage Blob Data Owner',
    roleDefinitionId: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
    scopeType: 'Microsoft.Storage/storageAccounts',
    scopeFile: 'modules/host-storage.bicep',
    why: 'Functions host storage (AzureWebJobsStorage__accountName): timers, keys',
  },
  {
    role: 'Storage Queue Data Contributor',
    roleDefinitionId: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
    scopeType: 'Microsoft.Storage/storageAccounts',
    scopeFile: 'modules/host-storage.bicep',
    why: 'Durable Functions task hub queues',
  },
  {
    role: 'Storage Table Data Contributor',
    roleDefinitionId: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
    scopeType: 'Microsoft.Storage/storageAccounts',
    scopeFile: 'modules/host-storage.bicep',
    why: 'Durable Functions history and instance tables',
  },
  {
    role: 'Azure Service Bus Data Sender',
    roleDefinitionId: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
    scopeType: 'Microsoft.ServiceBus/namespaces',
    scopeFile: 'modules/service-bus.bicep',
    why: 'MessageBus.send, dead-letter re-drive',
  },
  {
    role: 'Azure Service Bus Data Receiver',
    roleDefinitionId: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
    scopeType: 'Microsoft.ServiceBus/namespaces',
    scopeFile: 'modules/service-bus.bicep',
    why: 'queue triggers, readiness peek, dead-letter listing and purge',
  },
  {
    role: 'Key Vault Secrets User',
    roleDefinitionId: '4633458b-17de-408a-b874-0445c86b69e6',
    scopeType: 'Microsoft.KeyVault/vaults',
    scopeFile: 'modules/key-vault.bicep',
    why: 'Key Vault references in the app settings',
  },
  {
    role: 'Monitoring Metrics Publisher',
    roleDefinitionId: '3913510d-42f4-4e42-8a64-420c390055eb',
    scopeType: 'Microsoft.Insights/components',
    scopeFile: 'modules/app-settings.bicep',
    why: 'telemetry to Application Insights with local auth off',
  },
];

export const COSMOS_DATA_CONTRIBUTOR = '00000000-0000-0000-0000-000000000002';

const guidIn = (text: string): string | undefined =>
  /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'?\)?$/i.exec(text)?.[1];

/** Role assignments: named with guid(), scoped to a resource, and the Function App holds what it needs. */
export function roleProblems(project: InfraProject): string[] {
  const problems: string[] = [];
  const assignments = resourcesOf(project, 'Microsoft.Authorization/roleAssignments');
  for (const a of assignments) {
    const name = get(a.body, 'name');
    if (!(name instanceof Unknown) || !name.text.startsWith('guid(')) {
      problems.push(
        `${a.file} ${a.symbol}: a role assignment must be named with guid(…), found ${textOf(name)}`,
      );
    }
    if (!(get(a.body, 'scope') instanceof ResourceRef)) {
      problems.push(
        `${a.file} ${a.symbol}: a role assignment must be scoped to the resource it grants access to`,
      );
    }
  }
  for (const required of FUNCTION_ROLES) {
    const found = assignments.filter((a) => {
      const scope = get(a.body, 'scope');
      const roleId = guidIn(textOf(get(a.body, 'properties.roleDefinitionId')));
      return (
        a.condition === true &&
        isFunctionPrincipal(get(a.body, 'properties.principalId')) &&
        roleId === required.roleDefinitionId &&
        scope instanceof ResourceRef &&
        scope.type === required.scopeType &&
        scope.file === required.scopeFile
      );
    });
    if (found.length === 0) {
      problems.push(
        `the Function App identity lacks ${required.role} on ${required.scopeType} (${required.scopeFile}): ${required.why}`,
      );
    }
  }
  const cosmosRoles = resourcesOf(project, 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments');
  const cosmosOk = cosmosRoles.some((r) => {
    const roleDefinition = textOf(get(r.body, 'properties.roleDefinitionId'));
    const scope = get(r.body, 'properties.scope');
    return (
      r.condition === true &&
      isFunctionPrincipal(get(r.body, 'properties.principalId')) &&
      roleDefinition.endsWith(`/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR}`) &&
      scope instanceof Unknown &&
      scope.ref?.type === 'Microsoft.DocumentDB/databaseAccounts' &&
      scope.path === 'id'
    );
  });
  if (!cosmosOk) {
    problems.push(
      'the Function App identity lacks Cosmos DB Built-in Data Contributor (data plane) on the account',
    );
  }
  for (const r of cosmosRoles) {
    const name = get(r.body, 'name');
    if (!(name instanceof Unknown) || !name.text.startsWith('guid(')) {
      problems.push(`${r.file} ${r.symbol}: a Cosmos role assignment must be named with guid(…)`);
    }
  }
  return problems;
}

// --- Keys, local auth and outputs -----------------------------------------------------------------------

interface AuthRule {
  readonly check: (r: DeployedResource) => string | undefined;
}

const expectValue =
  (path: string, wanted: Value, what: string) =>
  (r: DeployedResource): string | undefined =>
    get(r.body, path) === wanted
      ? undefined
      : `${r.file} ${r.symbol}: ${what} (${path} must be ${textOf(wanted)})`;

/**
 * Every resource type deployed, with how it keeps keys out. A type missing here fails the check: adding a
 * resource means deciding how it authenticates.
 */
const AUTH_RULES: Readonly<Record<string, AuthRule | 'no keys'>> = {
  'Microsoft.Storage/storageAccounts': {
    check: (r) =>
      expectValue('properties.allowSharedKeyAccess', false, 'allows shared key access')(r) ??
      expectValue('properties.allowBlobPublicAccess', false, 'allows anonymous blob access')(r),
  },
  'Microsoft.DocumentDB/databaseAccounts': {
    check: (r) =>
      expectValue('properties.disableLocalAuth', true, 'allows local (key) authentication')(r) ??
      expectValue(
        'properties.disableKeyBasedMetadataWriteAccess',
        true,
        'allows metadata writes with keys',
      )(r),
  },
  'Microsoft.ServiceBus/namespaces': {
    check: expectValue('properties.disableLocalAuth', true, 'allows local (SAS key) authentication'),
  },
  'Microsoft.EventGrid/topics': {
    check: expectValue('properties.disableLocalAuth', true, 'allows local (access key) authentication'),
  },
  'Microsoft.Insights/components': {
    check: expectValue('properties.DisableLocalAuth', true, 'allows local (instrumentation key) ingestion'),
  },
  'Microsoft.OperationalInsights/workspaces': {
    check: expectValue('properties.features.disableLocalAuth', true, 'allows local (shared key) ingestion'),
  },
  'Microsoft.KeyVault/vaults': {
    check: (r) =>
      expectValue('properties.enableRbacAuthorization', true, 'uses access policies instead of RBAC')(r) ??
      (get(r.body, 'properties.accessPolicies') === undefined
        ? undefined
        : `${r.file} ${r.symbol}: has access policies`),
  },
  'Microsoft.Web/sites/basicPublishingCredentialsPolicies': {
    check: expectValue('properties.allow', false, 'allows basic-auth publishing credentials'),
  },
  'Microsoft.Web/sites': {
    check: (r) => expectValue('properties.httpsOnly', true, 'accepts plain HTTP')(r),
  },
  'Microsoft.Resources/resourceGroups': 'no keys',
  'Microsoft.Web/serverfarms': 'no keys',
  'Microsoft.Web/sites/config': 'no keys',
  // Its deployment token is fetched by azd at deploy time (never an output) and rotatable.
  'Microsoft.Web/staticSites': 'no keys',
  'Microsoft.Web/staticSites/linkedBackends': 'no keys',
  'Microsoft.Web/staticSites/customDomains': 'no keys',
  'Microsoft.Storage/storageAccounts/blobServices': 'no keys',
  'Microsoft.Storage/storageAccounts/blobServices/containers': 'no keys',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases': 'no keys',
  'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers': 'no keys',
  'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments': 'no keys',
  'Microsoft.ServiceBus/namespaces/queues': 'no keys',
  'Microsoft.EventGrid/topics/eventSubscriptions': 'no keys',
  'Microsoft.Authorization/roleAssignments': 'no keys',
  'Microsoft.Security/defenderForStorageSettings': 'no keys',
};

const KEY_BEARING = /(AccountKey|SharedAccessKey|SharedAccessSignature|InstrumentationKey)=/i;

export function keyProblems(project: InfraProject): string[] {
  const problems: string[] = [];
  for (const r of project.evaluation.resources) {
    const rule = AUTH_RULES[r.type];
    if (!rule) {
      problems.push(`${r.file} ${r.symbol}: resource type ${r.type} is not reviewed for key-based access`);
      continue;
    }
    if (rule !== 'no keys' && !r.existing) {
      const problem = rule.check(r);
      if (problem) problems.push(problem);
    }
  }
  for (const site of resourcesOf(project, 'Microsoft.Web/sites', { existing: false })) {
    for (const policy of ['ftp', 'scm']) {
      const found = resourcesOf(project, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies').some(
        (p) => get(p.body, 'name') === policy && get(p.body, 'parent') === site.ref,
      );
      if (!found)
        problems.push(`${site.file} ${site.symbol}: no '${policy}' policy turns basic-auth publishing off`);
    }
  }
  const settings = appSettingsOf(project);
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (KEY_BEARING.test(textOf(value)))
      problems.push(`app setting ${key} carries a key or a connection string with a key`);
  }
  return problems;
}

const SECRET_OUTPUT_NAME = /key|secret|password|token|connectionstring|credential|sas/i;
const SECRET_PROPERTIES = new Set([
  'connectionString',
  'ConnectionString',
  'InstrumentationKey',
  'primaryKey',
  'secondaryKey',
  'primaryMasterKey',
  'secondaryMasterKey',
  'primaryConnectionString',
  'secondaryConnectionString',
  'apiKey',
]);

/** No output (of main or of a module) lists keys, reads a secret or exposes a connection string. */
export function outputProblems(project: InfraProject): string[] {
  const problems: string[] = [];
  for (const [path, file] of project.parsed) {
    const secureParams = new Set(
      file.declarations
        .filter((d) => d.kind === 'param' && d.decorators.some((x) => x.name === 'secure'))
        .map((d) => ('name' in d ? d.name : '')),
    );
    for (const decl of file.declarations) {
      if (decl.kind !== 'output') continue;
      const where = `${path} output ${decl.name}`;
      if (decl.decorators.some((d) => d.name === 'secure')) problems.push(`${where} is a secure output`);
      if (SECRET_OUTPUT_NAME.test(decl.name.replace(/key_?vault/gi, '')))
        problems.push(`${where}: the name says it is a secret`);
      for (const expr of subExpressions(decl.value)) {
        const fn = calleeName(expr);
        if (fn && (/^list/i.test(fn) || fn === 'getSecret'))
          problems.push(`${where} calls ${fn}(): ${render(expr)}`);
        if (expr.kind === 'member' && SECRET_PROPERTIES.has(expr.property)) {
          problems.push(`${where} exposes ${render(expr)}`);
        }
        if (expr.kind === 'ident' && secureParams.has(expr.name))
          problems.push(`${where} exposes the secure parameter ${expr.name}`);
      }
    }
  }
  for (const [name, value] of Object.entries(project.evaluation.outputs)) {
    if (KEY_BEARING.test(textOf(value)) || /listKeys\(/.test(textOf(value))) {
      problems.push(`main.bicep output ${name} carries a key: ${textOf(value)}`);
    }
  }
  return problems;
}

// --- App settings ----------------------------------------------------------------------------------------

/** The Function App's evaluated app settings (Microsoft.Web/sites/config 'appsettings'). */
export function appSettingsOf(project: InfraProject): Readonly<Record<string, Value>> | undefined {
  const config = resourcesOf(project, 'Microsoft.Web/sites/config').find(
    (c) => get(c.body, 'name') === 'appsettings',
  );
  const properties = config ? get(config.body, 'properties') : undefined;
  return isObject(properties) ? properties : undefined;
}

/** `@Microsoft.KeyVault(VaultName=…;SecretName=<name>)` → the secret name. */
export function keyVaultSecretOf(value: Value | undefined): string | undefined {
  const text = textOf(value);
  return /^@Microsoft\.KeyVault\(VaultName=.+;SecretName=([a-z0-9-]+)\)$/.exec(text)?.[1];
}

// --- Malware scanning, Static Web Apps linking, the plan -------------------------------------------------

const refOf = (value: Value | undefined): ResourceRef | undefined =>
  value instanceof ResourceRef ? value : value instanceof Unknown ? value.ref : undefined;

/** Defender scans diploma uploads and its results reach the api's queue, with no key on the way. */
export function scanRoutingProblems(
  project: InfraProject,
  expected: { readonly scannedContainer: string; readonly resultsQueue: string },
): string[] {
  const problems: string[] = [];
  if (!project.manifest.blobContainers.some((c) => c.name === expected.scannedContainer)) {
    problems.push(`the scanned container '${expected.scannedContainer}' is not in the manifest`);
  }
  if (!project.manifest.queues.some((q) => q.name === expected.resultsQueue)) {
    problems.push(`the results queue '${expected.resultsQueue}' is not in the manifest`);
  }
  const dataAccount = resourcesOf(project, 'Microsoft.Storage/storageAccounts', { existing: false }).find(
    (s) => s.file === 'modules/data-storage.bicep',
  );
  const defender = resourcesOf(project, 'Microsoft.Security/defenderForStorageSettings')[0];
  if (!defender || !dataAccount || get(defender.body, 'scope') !== dataAccount.ref) {
    problems.push('Defender for Storage is not set on the data storage account');
  } else {
    const p = get(defender.body, 'properties');
    if (get(p, 'isEnabled') !== true || get(p, 'malwareScanning.onUpload.isEnabled') !== true) {
      problems.push('Defender for Storage on-upload malware scanning is not enabled');
    }
    const excluded = get(p, 'malwareScanning.onUpload.filters.excludeBlobsWithPrefix');
    if (
      Array.isArray(excluded) &&
      (excluded as Value[]).some((x) => `${expected.scannedContainer}/blob`.startsWith(textOf(x)))
    ) {
      problems.push(`Defender excludes the container learners upload to ('${expected.scannedContainer}')`);
    }
    const topicRef = refOf(get(p, 'malwareScanning.scanResultsEventGridTopicResourceId'));
    if (topicRef?.type !== 'Microsoft.EventGrid/topics') {
      problems.push('Defender scan results are not sent to the Event Grid topic');
    }
  }
  const subscriptions = resourcesOf(project, 'Microsoft.EventGrid/topics/eventSubscriptions');
  const routed = subscriptions.filter((s) => {
    const destination = get(s.body, 'properties.deliveryWithResourceIdentity.destination');
    const queue = refOf(get(destination, 'properties.resourceId'));
    return (
      get(destination, 'endpointType') === 'ServiceBusQueue' &&
      queue?.type === 'Microsoft.ServiceBus/namespaces/queues' &&
      queue.name === expected.resultsQueue
    );
  });
  if (routed.length !== 1) {
    problems.push(
      `no Event Grid subscription delivers (with its identity) to the '${expected.resultsQueue}' queue`,
    );
  }
  for (const s of routed) {
    const filter = get(s.body, 'properties.filter');
    if (
      JSON.stringify(get(filter, 'includedEventTypes')) !==
      JSON.stringify(['Microsoft.Security.MalwareScanningResult'])
    ) {
      problems.push(
        'the scan results subscription must include only Microsoft.Security.MalwareScanningResult events',
      );
    }
    const subject = textOf(get(filter, 'subjectBeginsWith'));
    const account = dataAccount ? textOf(get(dataAccount.body, 'name')) : '<data account>';
    if (subject !== `storageAccounts/${account}/containers/${expected.scannedContainer}/blobs/`) {
      problems.push(
        `the scan results subscription must filter on storageAccounts/<data account>/containers/${expected.scannedContainer}/blobs/, found ${subject}`,
      );
    }
    const topic = get(s.body, 'parent');
    const senders = resourcesOf(project, 'Microsoft.Authorization/roleAssignments').filter((a) => {
      const principal = get(a.body, 'properties.principalId');
      const scope = get(a.body, 'scope');
      return (
        principal instanceof Unknown &&
        principal.ref === topic &&
        principal.path === 'identity.principalId' &&
        scope instanceof ResourceRef &&
        scope.type === 'Microsoft.ServiceBus/namespaces/queues' &&
        scope.name === expected.resultsQueue &&
        guidIn(textOf(get(a.body, 'properties.roleDefinitionId'))) === '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
      );
    });
    if (senders.length === 0)
      problems.push('the Event Grid topic identity lacks Azure Service Bus Data Sender on the results queue');
  }
  return problems;
}

/** The Function App on a plan Static Web Apps can link, linked as the SWA's backend, tagged for azd. */
export function hostingProblems(
  project: InfraProject,
  azdServices: Readonly<Record<string, string>>,
): string[] {
  const problems: string[] = [];
  const sites = resourcesOf(project, 'Microsoft.Web/sites', { existing: false });
  const site = sites[0];
  if (sites.length !== 1 || !site) return ['expected exactly one Function App'];
  const plan = refOf(get(site.body, 'properties.serverFarmId'));
  const planResource = project.evaluation.resources.find((r) => r.ref === plan);
  const sku = textOf(get(planResource?.body, 'sku.name'));
  // Flex Consumption: not documented for linking. Consumption and Elastic Premium: need an Azure Files
  // content share, which takes a storage key (shared keys are off). Dedicated needs neither.
  if (!planResource || /^(FC|Y|EP)/i.test(sku)) {
    problems.push(
      `the Function App plan '${sku}' is not a Dedicated plan (the one linkable plan that needs no storage key)`,
    );
  }
  if (get(site.body, 'identity.type') !== 'SystemAssigned')
    problems.push('the Function App has no system-assigned identity');
  if (!/^Node\|\d+$/.test(textOf(get(site.body, 'properties.siteConfig.linuxFxVersion')))) {
    problems.push('the Function App does not run Node.js');
  }
  if (get(site.body, 'properties.siteConfig.alwaysOn') !== true) {
    problems.push('Always On is off: timers and queue triggers stop on a Dedicated plan');
  }
  const swa = resourcesOf(project, 'Microsoft.Web/staticSites')[0];
  if (!swa) return [...problems, 'no Static Web App'];
  if (get(swa.body, 'sku.name') !== 'Standard')
    problems.push('the Static Web App must be Standard to link a backend');
  const linked = resourcesOf(project, 'Microsoft.Web/staticSites/linkedBackends').some((b) => {
    const backend = get(b.body, 'properties.backendResourceId');
    return (
      get(b.body, 'parent') === swa.ref &&
      backend instanceof Unknown &&
      backend.ref === site.ref &&
      backend.path === 'id'
    );
  });
  if (!linked) problems.push("the Function App is not the Static Web App's linked backend");
  for (const [service, type] of Object.entries(azdServices)) {
    const tagged = project.evaluation.resources.filter(
      (r) => !r.existing && get(r.body, `tags.azd-service-name`) === service,
    );
    if (tagged.length !== 1 || tagged[0]?.type !== type) {
      problems.push(
        `azure.yaml service '${service}' needs exactly one ${type} tagged azd-service-name=${service}`,
      );
    }
  }
  if (
    get(resourcesOf(project, 'Microsoft.Resources/resourceGroups')[0]?.body, 'tags.azd-env-name') ===
    undefined
  ) {
    problems.push('the resource group is not tagged azd-env-name');
  }
  return problems;
}
