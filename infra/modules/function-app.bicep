// The api: a Function App (Linux, Node) with a system-assigned managed identity on a Dedicated (App
// Service) plan. Dedicated is one of the plans the Static Web Apps "bring your own functions" page
// documents for linking (Consumption, Premium, Dedicated), and it needs no Azure Files content share,
// which would require a storage account key (shared keys are off everywhere here). App settings are
// written by app-settings.bicep once the identity holds its roles.

param name string
param planName string
param location string
param tags object

@description('App Service plan SKU (Dedicated): P0v3 by default; B1 is the cheapest that keeps Always On.')
param planSku string

@description('Node.js major version of the Functions runtime.')
param nodeVersion string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: 'Node|${nodeVersion}'
      // Timers, queue triggers and Durable Functions need the host running on a Dedicated plan.
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      use32BitWorkerProcess: false
    }
  }
}

// No publishing passwords: azd deploys through the SCM site with an Entra token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output id string = site.id
output principalId string = site.identity.principalId
