import type { LegalDocument, LegalStatus } from '@soins/shared';
import { QueryClient } from '@tanstack/react-query';
import { isRedirect } from '@tanstack/react-router';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../../api/client';
import { legalDraftProblems } from '../admin/legal-draft';
import { requireLegalAccepted } from './guard';
import { localizedContent, paragraphs, pendingDocuments } from './queries';
import { validateLegalSearch } from './search';

const doc = (type: LegalDocument['type'], version: number): LegalDocument => ({
  type,
  version,
  publishedAt: '2026-01-01T00:00:00.000Z',
  content: {
    fr: { title: `FR ${type}`, body: 'Premier paragraphe.\n\nSecond paragraphe.' },
    nl: { title: `NL ${type}`, body: 'Eerste alinea.' },
  },
});

describe('pendingDocuments', () => {
  it('returns the current documents still to accept, terms first', () => {
    const status: LegalStatus = {
      current: [doc('privacy', 2), doc('terms', 3)],
      pending: [
        { type: 'privacy', version: 2 },
        { type: 'terms', version: 3 },
      ],
    };
    expect(pendingDocuments(status).map((d) => d.type)).toEqual(['terms', 'privacy']);
  });

  it('ignores accepted documents', () => {
    const status: LegalStatus = {
      current: [doc('privacy', 2), doc('terms', 3)],
      pending: [{ type: 'privacy', version: 2 }],
    };
    expect(pendingDocuments(status).map((d) => d.type)).toEqual(['privacy']);
  });
});

describe('localizedContent and paragraphs', () => {
  it("shows the user's language, French otherwise", () => {
    const content = doc('terms', 1).content;
    expect(localizedContent(content, 'nl').title).toBe('NL terms');
    expect(localizedContent(content, 'fr').title).toBe('FR terms');
    expect(localizedContent(content, 'de').title).toBe('FR terms');
  });

  it('splits the body on blank lines and keeps markup as text', () => {
    expect(paragraphs('A\n\n  B  \r\n\r\nC\n')).toEqual(['A', 'B', 'C']);
    expect(paragraphs('<b>x</b>\nsame paragraph')).toEqual(['<b>x</b>\nsame paragraph']);
  });
});

describe('requireLegalAccepted', () => {
  const context = (status: LegalStatus) => ({
    queryClient: new QueryClient(),
    api: { request: vi.fn(() => Promise.resolve(status)) } as unknown as ApiClient,
  });

  it('redirects to /legal with the requested page while documents are pending', async () => {
    const ctx = context({ current: [doc('terms', 1)], pending: [{ type: 'terms', version: 1 }] });
    const thrown: unknown = await requireLegalAccepted(ctx, { href: '/profile?x=1' }).catch(
      (e: unknown) => e,
    );
    expect(isRedirect(thrown)).toBe(true);
    if (isRedirect(thrown)) {
      expect(thrown.options.to).toBe('/legal');
      expect(thrown.options.search).toEqual({ returnTo: '/profile?x=1' });
    }
  });

  it('lets the user through when nothing is pending', async () => {
    const ctx = context({ current: [doc('terms', 1)], pending: [] });
    await expect(requireLegalAccepted(ctx, { href: '/dashboard' })).resolves.toBeUndefined();
  });
});

describe('validateLegalSearch', () => {
  it('keeps same-origin paths only, never the legal page itself', () => {
    expect(validateLegalSearch({ returnTo: '/profile' })).toEqual({ returnTo: '/profile' });
    expect(validateLegalSearch({ returnTo: 'https://evil.example' })).toEqual({});
    expect(validateLegalSearch({ returnTo: '//evil.example' })).toEqual({});
    expect(validateLegalSearch({ returnTo: '/legal' })).toEqual({});
  });
});

describe('legalDraftProblems', () => {
  it('requires fr and nl titles (3+) and bodies (20+), in form order', () => {
    const problems = legalDraftProblems({ frTitle: 'ab', frBody: 'short', nlTitle: 'Titel', nlBody: '' });
    expect(Object.keys(problems)).toEqual(['frTitle', 'frBody', 'nlBody']);
    const body = 'Un texte suffisamment long.';
    expect(legalDraftProblems({ frTitle: 'Titre', frBody: body, nlTitle: 'Titel', nlBody: body })).toEqual(
      {},
    );
  });
});
