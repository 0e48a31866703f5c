// The Function App's app settings, written once its identity holds the roles it needs (main.bicep passes
// values from the data modules' outputs, so this deployment waits for them and their role assignments).
// Telemetry goes to Application Insights with the managed identity (local auth is off there).

@description('Function App name.')
param functionAppName string

@description('Principal id of the Function App managed identity.')
param functionPrincipalId string

@description('Application Insights component name.')
param applicationInsightsName string

@description('The api settings and the host settings, as main.bicep computes them.')
param settings object

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, functionPrincipalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(settings, {
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  })
  dependsOn: [
    telemetryPublisher
  ]
}
