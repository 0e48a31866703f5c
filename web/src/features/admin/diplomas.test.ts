import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client';
import { decideDiploma, diplomaLink, isSafeLink, rejectionReasonProblem } from './diplomas';

describe('rejectionReasonProblem', () => {
  it('requires 3 to 500 characters once trimmed', () => {
    expect(rejectionReasonProblem('  ab  ')).toBe('short');
    expect(rejectionReasonProblem('Illisible')).toBeNull();
    expect(rejectionReasonProblem('x'.repeat(501))).toBe('long');
  });
});

describe('isSafeLink', () => {
  it('opens https links (and http on localhost for the local emulator) only', () => {
    expect(isSafeLink('https://soins.blob.core.windows.net/d/u1/d1?sig=x')).toBe(true);
    expect(isSafeLink('http://127.0.0.1:10000/devstoreaccount1/d')).toBe(true);
    expect(isSafeLink('http://evil.example/d')).toBe(false);
    expect(isSafeLink('javascript:alert(1)')).toBe(false);
    expect(isSafeLink('not a url')).toBe(false);
  });
});

describe('diploma review calls', () => {
  it('posts to the link and decision endpoints with encoded ids', async () => {
    const request = vi.fn(() => Promise.resolve({}));
    const api = { request } as unknown as ApiClient;
    await diplomaLink(api, { userId: 'u_abc12345', id: 'd_1234/5678' });
    await decideDiploma(
      api,
      { userId: 'u_abc12345', id: 'd1234567' },
      { decision: 'reject', reason: 'flou' },
    );
    expect(request).toHaveBeenNthCalledWith(1, '/manage/diplomas/u_abc12345/d_1234%2F5678/link', {
      method: 'POST',
    });
    expect(request).toHaveBeenNthCalledWith(2, '/manage/diplomas/u_abc12345/d1234567/decision', {
      method: 'POST',
      body: { decision: 'reject', reason: 'flou' },
    });
  });
});
