import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { signStripePayload } from './stripe-signing';

/** Verifies a Stripe-Signature header the way Stripe's libraries do, written independently here. */
function verify(payload: string, header: string, secret: string, toleranceSec = 300): boolean {
  const parts = header.split(',').map((p) => p.split('=') as [string, string]);
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k]) => k === 'v1').map(([, v]) => v);
  if (!t || signatures.length === 0) return false;
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(t)) > toleranceSec) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${payload}`).digest();
  return signatures.some((s) => {
    const got = Buffer.from(s, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

const secret = 'whsec_test_secret_for_unit_tests';
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed' });

describe('signStripePayload', () => {
  it('produces t=<seconds>,v1=<64 hex chars>', () => {
    expect(signStripePayload(payload, secret, 1_700_000_000)).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it('signs "t.payload" with HMAC-SHA256 under the endpoint secret', () => {
    const t = 1_700_000_123;
    const expected = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
    expect(signStripePayload(payload, secret, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('defaults the timestamp to now and verifies with the Stripe scheme', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-20T10:00:00.750Z') });
    try {
      const header = signStripePayload(payload, secret);
      expect(Number(/^t=(\d+),/.exec(header)?.[1])).toBe(Date.parse('2026-11-20T10:00:00Z') / 1000);
      expect(verify(payload, header, secret)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails verification for another secret, a changed payload or an old timestamp', () => {
    const header = signStripePayload(payload, secret);
    expect(verify(payload, header, 'whsec_other')).toBe(false);
    expect(verify(`${payload} `, header, secret)).toBe(false);
    const old = signStripePayload(payload, secret, Math.floor(Date.now() / 1000) - 3600);
    expect(verify(payload, old, secret)).toBe(false);
  });

  it('rejects a non-integer timestamp', () => {
    expect(() => signStripePayload(payload, secret, 1.5)).toThrow(/unix seconds/);
  });
});
