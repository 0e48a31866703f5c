// Where Defender for Storage sends malware scanning results: an Event Grid custom topic, and a
// subscription that delivers the results for the diploma upload container to the Service Bus queue the
// api consumes (`diploma-scan-results`). Event Grid delivers with the topic's managed identity (Azure
// Service Bus Data Sender on that queue), since Service Bus accepts no keys. The topic takes no keys
// either; it stays reachable from the public network because Defender cannot publish over a private link.

param name string
param location string
param tags object

@description('Service Bus namespace holding the results queue.')
param serviceBusNamespaceName string

@description('Queue the api consumes the results from.')
param queueName string

@description('Subject prefix of the results to forward: storageAccounts/<account>/containers/<container>/blobs/.')
param subjectBeginsWith string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource resultsQueue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
  parent: namespace
  name: queueName
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    inputSchema: 'EventGridSchema'
    publicNetworkAccess: 'Enabled'
    disableLocalAuth: true
    minimumTlsVersionAllowed: '1.2'
  }
}

var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'

resource topicSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resultsQueue.id, topic.id, serviceBusDataSender)
  scope: resultsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource toQueue 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: queueName
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    deliveryWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      destination: {
        endpointType: 'ServiceBusQueue'
        properties: {
          resourceId: resultsQueue.id
        }
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Security.MalwareScanningResult'
      ]
      subjectBeginsWith: subjectBeginsWith
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
  dependsOn: [
    topicSender
  ]
}

output topicId string = topic.id
output topicName string = topic.name
