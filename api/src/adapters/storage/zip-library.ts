// fflate (zip streaming), loaded by the first data export only (export-files.ts): its module builds
// its Huffman tables when it is evaluated, which the api's cold start must not pay. scripts/build-api.ts
// builds this module into its own file next to main.cjs (`zip-library.cjs`).
export { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
