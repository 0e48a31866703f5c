// `@azure/storage-queue`, the local stand-in for Service Bus: loaded by the first message sent through
// Azurite's queues (connection.ts), never in Azure. Built into its own file next to main.cjs
// (`queue-library.cjs`) by scripts/build-api.ts.
export { QueueServiceClient } from '@azure/storage-queue';
