// Stripe webhook signatures, the real scheme: header `Stripe-Signature: t=<unix seconds>,v1=<hex>` where
// v1 = HMAC-SHA256(key = endpoint secret `whsec_...`, message = `${t}.${rawBody}`).
import { createHmac } from 'node:crypto';

/** Returns the `Stripe-Signature` header value for `payload` (the exact raw body). */
export function signStripePayload(
  payload: string,
  secret: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): string {
  if (!Number.isInteger(timestamp) || timestamp < 0) throw new Error('timestamp must be whole unix seconds');
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
