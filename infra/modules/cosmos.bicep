// Cosmos DB for NoSQL, serverless: the database and containers of the resource manifest (partition key,
// unique keys, default TTL), continuous backup for point-in-time restore, and no keys at all: local
// authentication is off and the Function App reads and writes through a data-plane role assignment.

param name string
param location string
param tags object

@description('Database name (the manifest\'s `cosmos.database`).')
param databaseName string

@description('Containers (the manifest\'s `cosmos.containers`): name, partitionKey, uniqueKeys, optional defaultTtl.')
param containers array

@description('Principal id of the Function App managed identity.')
param functionPrincipalId string

@description('Continuous backup tier: the point-in-time restore window.')
@allowed([
  'Continuous7Days'
  'Continuous30Days'
])
param backupTier string

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: backupTier
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in containers: {
    parent: database
    name: container.name
    properties: {
      resource: union(
        {
          id: container.name
          partitionKey: {
            paths: [
              container.partitionKey
            ]
            kind: 'Hash'
            version: 2
          }
          uniqueKeyPolicy: {
            uniqueKeys: map(container.uniqueKeys, paths => { paths: paths })
          }
        },
        // Container time to live in seconds (-1: on, no default); absent in the manifest: off.
        contains(container, 'defaultTtl') ? { defaultTtl: container.defaultTtl } : {}
      )
    }
  }
]

// Cosmos DB Built-in Data Contributor: read and write items and run queries (no account management).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource functionDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, functionPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: functionPrincipalId
    scope: account.id
  }
}

output name string = account.name
output endpoint string = account.properties.documentEndpoint
