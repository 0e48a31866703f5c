import { createHash } from 'node:crypto';

/**
 * A profile id derived from issuer + subject, so the hot path is a point read (partition key = id)
 * and the same person always maps to the same profile. Not reversible to the subject.
 */
export function userIdFor(issuer: string, subject: string): string {
  const digest = createHash('sha256').update(`${issuer}|${subject}`).digest('base64url');
  return `u_${digest.slice(0, 32)}`;
}
