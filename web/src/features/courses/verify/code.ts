// Verification codes as printed on certificates (`ABCD-EFGH-…`): the rules of `normalizeVerificationCode` and
// `formatVerificationCode` (shared/src/certificates.ts), copied so the public page does not load zod; a unit test
// keeps them equal.
const CODE = /^[A-Z2-7]{32}$/;

/** Upper-cases and drops separators; undefined when the result is not a well-formed code. */
export function normalizeCode(raw: string): string | undefined {
  if (raw.length > 100) return undefined;
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  return CODE.test(code) ? code : undefined;
}

/** `ABCD-EFGH-…`, as printed on the certificate. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

/**
 * What the reader types in the verification form, grouped as printed: upper case, anything but letters and digits
 * dropped, a dash every 4 characters ("abcd efgh" → "ABCD-EFGH"). Not cut at 32, so a wrong length is said, not hidden.
 */
export function formatCodeInput(raw: string): string {
  const compact = raw
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 64);
  return compact.match(/.{1,4}/g)?.join('-') ?? '';
}
