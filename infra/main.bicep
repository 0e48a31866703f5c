// SOINS+ on Azure: one resource group per azd environment with the SPA (Static Web Apps, Standard) and
// its linked Function App, Cosmos DB (serverless), Blob Storage, Service Bus, Key Vault, Application
// Insights, and Defender for Storage malware scanning of diploma uploads. Every data service refuses keys
// and connection strings: the Function App reaches each with its system-assigned managed identity.
// The Cosmos containers, Service Bus queues and blob containers come from infra/resources.json, the
// manifest the api reads too. See docs/deployment.md (first `azd up`) and docs/configuration.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; with the subscription and location it makes resource names unique.')
param environmentName string

@minLength(1)
@description('Region of every resource but the Static Web App (e.g. westeurope).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Region of the Static Web App (offered in a few regions; its content is served from the edge).')
@allowed([
  'westeurope'
  'centralus'
  'eastus2'
  'westus2'
  'eastasia'
])
param staticWebAppLocation string = 'westeurope'

@description('Object id of the person running azd (azd sets AZURE_PRINCIPAL_ID): may seed Key Vault secrets.')
param principalId string = ''

@description('Entra External ID: directory (tenant) id of the external tenant, a GUID.')
param authTenantId string

@description('Entra External ID: the tenant subdomain, as in https://<subdomain>.ciamlogin.com/.')
param authTenantSubdomain string

@description('Entra External ID: application (client) id of the SPA registration.')
param authClientId string

@description('Entra External ID: application (client) id of the api registration (the access tokens\' audience).')
param authApiClientId string

@description('Stripe price id of the monthly subscription (price_…).')
param stripePriceMonthly string

@description('Stripe price id of the yearly subscription (price_…).')
param stripePriceYearly string

@description('Stripe price id of the monthly subscription for Dutch-speaking learners (a product named in Dutch); empty: the monthly price.')
param stripePriceMonthlyNl string = ''

@description('Stripe price id of the yearly subscription for Dutch-speaking learners; empty: the yearly price.')
param stripePriceYearlyNl string = ''

@description('Sender of transactional emails (a Postmark sender signature of a verified domain).')
param emailFrom string = 'SOINS+ <no-reply@soins.plus>'

@description('Custom domain of the SPA (e.g. app.soins.plus); empty: the Static Web App\'s default host name.')
param customDomain string = ''

@description('Sentry DSN of the api and the SPA; empty: no Sentry.')
param sentryDsn string = ''

@description('Microsoft Clarity project id (learner pages, after consent); empty: no Clarity.')
param clarityProjectId string = ''

@description('Release name reported to Sentry and by /api/healthz.')
param appVersion string = '0.1.0'

@allowed([
  'debug'
  'info'
  'warn'
  'error'
])
param logLevel string = 'info'

@description('Version of the INAMI encryption key that encrypts new values (a key rotation changes it).')
param inamiEncryptionCurrent string = '1'

@description('Version of the INAMI blind-index key that indexes new values.')
param inamiIndexCurrent string = '1'

@description('Queue consumers: deliveries of one message in all (the schedule must span more than an hour).')
param queueRetryMaxAttempts string = '10'

@description('Queue consumers: seconds before the second attempt (doubling after).')
param queueRetryFirstDelaySeconds string = '30'

@description('Queue consumers: longest delay between two attempts, in seconds.')
param queueRetryMaxDelaySeconds string = '900'

@description('Largest video an admin may upload through the course builder, in MB.')
param videoUploadMaxMb string = '2048'

@description('App Service plan SKU of the Function App (Dedicated plan).')
param functionPlanSku string = 'P0v3'

@description('Node.js major version of the Functions runtime.')
param functionsNodeVersion string = '20'

@description('Most gigabytes Defender for Storage scans in a month (-1: no cap).')
param malwareScanCapGBPerMonth int = 100

@description('Cosmos DB continuous backup tier (point-in-time restore window).')
@allowed([
  'Continuous7Days'
  'Continuous30Days'
])
param cosmosBackupTier string = 'Continuous30Days'

var abbrs = loadJsonContent('abbreviations.json')
var manifest = loadJsonContent('resources.json')
var secretNames = loadJsonContent('secrets.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Names are known before the resources exist, so modules can refer to each other without cycles.
var dataStorageName = '${abbrs.storageAccount}${resourceToken}'
var hostStorageName = '${abbrs.storageAccount}host${resourceToken}'
var keyVaultName = '${abbrs.keyVault}${resourceToken}'

// Learners upload diplomas there; Defender scans it and the api consumes its results from this queue.
var scannedContainer = 'diplomas-quarantine'
var scanResultsQueue = 'diploma-scan-results'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.logAnalyticsWorkspace}${resourceToken}'
    applicationInsightsName: '${abbrs.applicationInsights}${resourceToken}'
    location: location
    tags: tags
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: '${abbrs.functionApp}${resourceToken}'
    planName: '${abbrs.appServicePlan}${resourceToken}'
    location: location
    tags: tags
    planSku: functionPlanSku
    nodeVersion: functionsNodeVersion
  }
}

module staticWebApp 'modules/static-web-app.bicep' = {
  name: 'static-web-app'
  scope: rg
  params: {
    name: '${abbrs.staticWebApp}${resourceToken}'
    location: staticWebAppLocation
    tags: tags
    functionAppId: functionApp.outputs.id
    functionAppLocation: location
    customDomain: customDomain
  }
}

var defaultOrigin = 'https://${staticWebApp.outputs.defaultHostname}'
var publicUrl = empty(customDomain) ? defaultOrigin : 'https://${customDomain}'
var spaOrigins = empty(customDomain) ? [defaultOrigin] : ['https://${customDomain}', defaultOrigin]

module hostStorage 'modules/host-storage.bicep' = {
  name: 'host-storage'
  scope: rg
  params: {
    name: hostStorageName
    location: location
    tags: tags
    functionPrincipalId: functionApp.outputs.principalId
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespace}${resourceToken}'
    location: location
    tags: tags
    queues: manifest.queues
    functionPrincipalId: functionApp.outputs.principalId
  }
}

module scanResults 'modules/scan-results.bicep' = {
  name: 'scan-results'
  scope: rg
  params: {
    name: '${abbrs.eventGridTopic}scan-${resourceToken}'
    location: location
    tags: tags
    serviceBusNamespaceName: serviceBus.outputs.name
    queueName: scanResultsQueue
    subjectBeginsWith: 'storageAccounts/${dataStorageName}/containers/${scannedContainer}/blobs/'
  }
}

module dataStorage 'modules/data-storage.bicep' = {
  name: 'data-storage'
  scope: rg
  params: {
    name: dataStorageName
    location: location
    tags: tags
    containers: manifest.blobContainers
    corsOrigins: spaOrigins
    functionPrincipalId: functionApp.outputs.principalId
    scannedContainer: scannedContainer
    scanResultsTopicId: scanResults.outputs.topicId
    malwareScanCapGBPerMonth: malwareScanCapGBPerMonth
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: '${abbrs.cosmosDbAccount}${resourceToken}'
    location: location
    tags: tags
    databaseName: manifest.cosmos.database
    containers: manifest.cosmos.containers
    functionPrincipalId: functionApp.outputs.principalId
    backupTier: cosmosBackupTier
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    functionPrincipalId: functionApp.outputs.principalId
    operatorPrincipalId: principalId
  }
}

// Key Vault references (no version: the latest secret version, refreshed by the platform).
var vaultName = keyVault.outputs.name

// Every setting the api reads in Azure (api/src/config.ts); docs/configuration.md lists the others and
// why they stay unset. APPLICATIONINSIGHTS_* are added by app-settings.bicep.
var apiSettings = {
  SOINS_ENV: 'azure'
  APP_VERSION: appVersion
  LOG_LEVEL: logLevel
  COSMOS_ENDPOINT: cosmos.outputs.endpoint
  COSMOS_DATABASE: manifest.cosmos.database
  STORAGE__blobServiceUri: 'https://${dataStorage.outputs.name}.blob.${environment().suffixes.storage}'
  MESSAGING_MODE: 'service-bus'
  SERVICEBUS_CONNECTION__fullyQualifiedNamespace: '${serviceBus.outputs.name}.servicebus.windows.net'
  AzureWebJobsStorage__accountName: hostStorage.outputs.name
  SCANNER_MODE: 'defender'
  AUTH_ISSUER: 'https://${authTenantId}.ciamlogin.com/${authTenantId}/v2.0'
  AUTH_AUDIENCE: authApiClientId
  AUTH_AUTHORITY: 'https://${authTenantSubdomain}.ciamlogin.com/'
  AUTH_CLIENT_ID: authClientId
  AUTH_SCOPES: 'openid profile offline_access api://${authApiClientId}/access_as_user'
  AUTH_PROTOCOL_MODE: 'AAD'
  AUTH_KNOWN_AUTHORITIES: '${authTenantSubdomain}.ciamlogin.com'
  INAMI_ENCRYPTION_KEYS: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.INAMI_ENCRYPTION_KEYS})'
  INAMI_ENCRYPTION_CURRENT: inamiEncryptionCurrent
  INAMI_INDEX_KEYS: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.INAMI_INDEX_KEYS})'
  INAMI_INDEX_CURRENT: inamiIndexCurrent
  POSTMARK_SERVER_TOKEN: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.POSTMARK_SERVER_TOKEN})'
  EMAIL_FROM: emailFrom
  APP_PUBLIC_URL: publicUrl
  // The Static Web Apps edge, then the Function App's front end, each append to X-Forwarded-For.
  TRUSTED_PROXY_HOPS: '2'
  STRIPE_SECRET_KEY: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.STRIPE_SECRET_KEY})'
  STRIPE_WEBHOOK_SECRET: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=${secretNames.STRIPE_WEBHOOK_SECRET})'
  STRIPE_PRICE_MONTHLY: stripePriceMonthly
  STRIPE_PRICE_YEARLY: stripePriceYearly
  STRIPE_PRICE_MONTHLY_NL: stripePriceMonthlyNl
  STRIPE_PRICE_YEARLY_NL: stripePriceYearlyNl
  // The privacy policy's 14 days (the api refuses less in Azure); Entra accounts deleted through Graph
  // (the Function App's identity needs the User.ReadWrite.All application permission: docs/deployment.md).
  ERASURE_GRACE_PERIOD_HOURS: '336'
  IDENTITY_ACCOUNTS_MODE: 'graph'
  QUEUE_RETRY_MAX_ATTEMPTS: queueRetryMaxAttempts
  QUEUE_RETRY_FIRST_DELAY_SECONDS: queueRetryFirstDelaySeconds
  QUEUE_RETRY_MAX_DELAY_SECONDS: queueRetryMaxDelaySeconds
  VIDEO_UPLOAD_MAX_MB: videoUploadMaxMb
  SENTRY_DSN: sentryDsn
  CLARITY_PROJECT_ID: clarityProjectId
}

// The Functions host: runtime, and the deployed package (api/dist, already bundled) run as is.
var hostSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'node'
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

module appSettings 'modules/app-settings.bicep' = {
  name: 'app-settings'
  scope: rg
  params: {
    functionAppName: functionApp.outputs.name
    functionPrincipalId: functionApp.outputs.principalId
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    settings: union(hostSettings, apiSettings)
  }
}

// azd writes these to the environment (.azure/<env>/.env): the web build reads SOINS_CSP_* (the
// deploy-time Content-Security-Policy origins), the hooks and operators the rest. No key, connection
// string or secret is ever an output.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_STATIC_WEB_APP_NAME string = staticWebApp.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_SERVICE_BUS_NAMESPACE string = serviceBus.outputs.name
output APP_PUBLIC_URL string = publicUrl
output STATIC_WEB_APP_URL string = defaultOrigin
output SOINS_CSP_BLOB_ORIGIN string = 'https://${dataStorage.outputs.name}.blob.${environment().suffixes.storage}'
output SOINS_CSP_AUTH_ORIGIN string = 'https://${authTenantSubdomain}.ciamlogin.com'
