// `@azure/service-bus` (with rhea and the AMQP stack), loaded on the first message sent or peeked only
// (service-bus-bus.ts). scripts/build-api.ts builds this module into its own file next to main.cjs
// (`service-bus-library.cjs`), so the api's cold import neither parses nor runs it, and the local
// runtime (storage queues) never loads it.
export { ServiceBusClient } from '@azure/service-bus';
