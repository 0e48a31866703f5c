// The api's storage account: the blob containers of the resource manifest, read links signed with a
// user-delegation key (Storage Blob Delegator), browser uploads of chapter videos (CORS from the SPA's
// origins), and Microsoft Defender for Storage malware scanning of uploads, whose results go to the
// Event Grid topic that feeds the `diploma-scan-results` queue. Shared keys are off.

param name string
param location string
param tags object

@description('Blob containers to create (the manifest\'s `blobContainers`).')
param containers array

@description('Origins of the SPA allowed to PUT blobs (chapter video uploads with a write SAS).')
param corsOrigins array

@description('Principal id of the Function App managed identity.')
param functionPrincipalId string

@description('Container Defender scans: diplomas uploaded by learners. The other containers hold files the platform writes itself or copies after a clean scan.')
param scannedContainer string

@description('Resource id of the Event Grid topic that receives the malware scanning results.')
param scanResultsTopicId string

@description('Most gigabytes Defender scans in a month (a cost cap; -1: no cap).')
param malwareScanCapGBPerMonth int

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Chapter videos go from the browser straight to Blob Storage with a short-lived write SAS: Put Blob,
    // Put Block and Put Block List are all PUT requests; the preflight is answered by the service.
    cors: {
      corsRules: [
        {
          allowedOrigins: corsOrigins
          allowedMethods: [
            'PUT'
          ]
          allowedHeaders: [
            'content-type'
            'content-length'
            'x-ms-*'
          ]
          exposedHeaders: [
            'etag'
            'x-ms-request-id'
            'x-ms-version'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for container in containers: {
    parent: blobService
    name: container.name
    properties: {
      publicAccess: 'None'
    }
  }
]

// Built-in role definition ids.
var roles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  blobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
}

// Read, write and delete the api's files.
resource blobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionPrincipalId, roles.blobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Get a user delegation key to sign the short-lived read links (and upload links).
resource blobDelegator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, functionPrincipalId, roles.blobDelegator)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDelegator)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// On-upload malware scanning. Defender scans a blob when it is written; every container but the one
// learners upload to is excluded (the platform writes the others itself, or copies a diploma there only
// after a clean result), which keeps the per-GB scanning cost to diplomas. Results go to the Event Grid
// topic; the subscription in scan-results.bicep forwards the diploma ones to Service Bus.
resource defender 'Microsoft.Security/defenderForStorageSettings@2025-06-01' = {
  name: 'current'
  scope: storage
  properties: {
    isEnabled: true
    overrideSubscriptionLevelSettings: true
    malwareScanning: {
      onUpload: {
        isEnabled: true
        capGBPerMonth: malwareScanCapGBPerMonth
        filters: {
          excludeBlobsWithPrefix: map(filter(containers, container => container.name != scannedContainer), container => '${container.name}/')
        }
      }
      scanResultsEventGridTopicResourceId: scanResultsTopicId
    }
    sensitiveDataDiscovery: {
      isEnabled: false
    }
  }
  dependsOn: [
    blobContainers
  ]
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
