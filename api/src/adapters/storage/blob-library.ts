// `@azure/storage-blob` (with storage-common and its XML parser, ~470 KB), loaded by the first blob
// operation only (connection.ts). scripts/build-api.ts builds this module into its own file next to
// main.cjs (`blob-library.cjs`): the api's cold import neither parses nor runs it, and the routes that
// never touch a file (catalogue, progress, quiz) never load it.
export { BlobSASPermissions, BlobServiceClient, SASProtocol } from '@azure/storage-blob';
