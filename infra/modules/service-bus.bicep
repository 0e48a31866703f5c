// Service Bus (Standard: duplicate detection needs it) with the queues of the resource manifest. Local
// (SAS key) authentication is off: the Function App sends and receives with its managed identity.

param name string
param location string
param tags object

@description('Queues (the manifest\'s `queues`): name, maxDeliveryCount, lockDuration, optional duplicateDetectionHistoryTimeWindow.')
param queues array

@description('Principal id of the Function App managed identity.')
param functionPrincipalId string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource serviceBusQueues 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = [
  for queue in queues: {
    parent: namespace
    name: queue.name
    properties: union(
      {
        maxDeliveryCount: queue.maxDeliveryCount
        lockDuration: queue.lockDuration
        deadLetteringOnMessageExpiration: true
        defaultMessageTimeToLive: 'P14D'
        // Fixed when the queue is created: changing it later needs a new queue (see docs/runbook.md).
        requiresDuplicateDetection: contains(queue, 'duplicateDetectionHistoryTimeWindow')
      },
      contains(queue, 'duplicateDetectionHistoryTimeWindow') ? { duplicateDetectionHistoryTimeWindow: queue.duplicateDetectionHistoryTimeWindow } : {}
    )
  }
]

// Built-in role definition ids.
var roles = {
  dataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  dataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
}

// MessageBus.send (and re-drive of dead letters).
resource functionSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, functionPrincipalId, roles.dataSender)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.dataSender)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Queue triggers, the readiness peek, dead-letter listing, re-drive and purge.
resource functionReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, functionPrincipalId, roles.dataReceiver)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.dataReceiver)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = namespace.name
