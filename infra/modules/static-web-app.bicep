// The SPA on Static Web Apps (Standard: the plan that can link a backend) with the Function App linked
// as its backend: the SWA edge forwards /api/* to the Function App, and once linked the Function App
// accepts only the Static Web App's calls. A custom domain is added when one is given (its CNAME must
// point at the default host name first: see docs/deployment.md).

param name string

@description('Static Web Apps is offered in a few regions only.')
param location string

param tags object

@description('Resource id of the Function App to link.')
param functionAppId string

@description('Region of the Function App.')
param functionAppLocation string

@description('Custom domain (e.g. app.soins.plus); empty: the default host name only.')
param customDomain string

resource staticSite 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // Linked backends are not available to pull-request environments; azd deploys to production.
    stagingEnvironmentPolicy: 'Disabled'
    allowConfigFileUpdates: true
  }
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: staticSite
  name: 'api'
  properties: {
    backendResourceId: functionAppId
    region: functionAppLocation
  }
}

resource domain 'Microsoft.Web/staticSites/customDomains@2024-04-01' = if (!empty(customDomain)) {
  parent: staticSite
  name: empty(customDomain) ? 'unused' : customDomain
  properties: {
    validationMethod: 'cname-delegation'
  }
}

output name string = staticSite.name
output defaultHostname string = staticSite.properties.defaultHostname
