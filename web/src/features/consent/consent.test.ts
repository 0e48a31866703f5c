import { describe, expect, it } from 'vitest';
import {
  clarityAction,
  clarityProjectIdOf,
  clarityTagUrl,
  isLearnerPath,
  parseStoredConsent,
  recordConversion,
  serializeConsent,
} from './consent';

describe('stored consent', () => {
  it('round-trips a choice with its date', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    expect(parseStoredConsent(serializeConsent('granted', now))).toEqual({
      choice: 'granted',
      at: '2026-11-26T10:00:00.000Z',
    });
    expect(parseStoredConsent(serializeConsent('denied', now))?.choice).toBe('denied');
  });

  it.each([
    ['nothing stored', null],
    ['empty', ''],
    ['not JSON', 'granted'],
    ['a JSON string', '"granted"'],
    ['an array', '["granted"]'],
    ['an unknown choice', '{"choice":"yes","at":"2026-11-26T10:00:00Z"}'],
    ['no date', '{"choice":"granted"}'],
    ['a bad date', '{"choice":"granted","at":"yesterday"}'],
  ])('asks again when %s', (_name, raw) => {
    expect(parseStoredConsent(raw)).toBeUndefined();
  });
});

describe('clarityProjectIdOf', () => {
  it('reads a valid id from the runtime config', () => {
    expect(clarityProjectIdOf({ clarityProjectId: 'abc123XYZ' })).toBe('abc123XYZ');
  });

  it.each([
    ['no config', undefined],
    ['no id', { authority: 'https://x' }],
    ['an empty id', { clarityProjectId: '' }],
    ['a script injection', { clarityProjectId: 'x"><script>' }],
    ['a path', { clarityProjectId: '../evil' }],
    ['a number', { clarityProjectId: 12 }],
  ])('ignores %s', (_name, config) => {
    expect(clarityProjectIdOf(config)).toBeUndefined();
  });

  it('builds the tag URL', () => {
    expect(clarityTagUrl('abc123')).toBe('https://www.clarity.ms/tag/abc123');
  });
});

describe('isLearnerPath', () => {
  it.each([
    '/dashboard',
    '/profile',
    '/account/subscription',
    '/billing/success',
    '/billing/cancel',
    '/catalogue',
    '/catalogue/hand-hygiene',
    '/learn/hand-hygiene',
    '/certificates',
  ])('%s is in the learner space', (path) => {
    expect(isLearnerPath(path)).toBe(true);
  });

  it.each([
    '/',
    '/admin',
    '/admin/diplomas',
    '/trainer',
    '/trainer/sessions',
    '/legal',
    '/auth/callback',
    '/dashboards',
    '/learn/hand-hygiene/quiz',
    '/verify/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  ])('%s is not', (path) => {
    expect(isLearnerPath(path)).toBe(false);
  });
});

describe('clarityAction', () => {
  const base = { projectId: 'abc123', consent: 'granted', pathname: '/dashboard', loaded: false } as const;

  it('runs on a learner page with a project id and consent', () => {
    expect(clarityAction(base)).toBe('run');
    expect(clarityAction({ ...base, loaded: true })).toBe('run');
  });

  it.each([
    ['no project id', { projectId: undefined }],
    ['no choice yet', { consent: undefined }],
    ['refused', { consent: 'denied' as const }],
    ['an admin page', { pathname: '/admin/diplomas' }],
    ['a trainer page', { pathname: '/trainer' }],
    ['the home page', { pathname: '/' }],
  ])('never loads it with %s', (_name, change) => {
    expect(clarityAction({ ...base, ...change })).toBe('none');
  });

  it('stops it once loaded when the learner enters the admin or trainer space or withdraws consent', () => {
    expect(clarityAction({ ...base, loaded: true, pathname: '/admin' })).toBe('stop');
    expect(clarityAction({ ...base, loaded: true, pathname: '/trainer/sessions' })).toBe('stop');
    expect(clarityAction({ ...base, loaded: true, consent: 'denied' })).toBe('stop');
  });
});

describe('recordConversion', () => {
  it('sends once per checkout session', () => {
    const first = recordConversion(null, 'cs_1');
    expect(first.send).toBe(true);
    const again = recordConversion(first.next, 'cs_1');
    expect(again.send).toBe(false);
    const other = recordConversion(again.next, 'cs_2');
    expect(other.send).toBe(true);
    expect(JSON.parse(other.next)).toEqual(['cs_1', 'cs_2']);
  });

  it('recovers from a corrupt value and keeps at most 20 sessions', () => {
    expect(recordConversion('{oops', 'cs_1')).toEqual({ send: true, next: '["cs_1"]' });
    let raw: string | null = null;
    for (let i = 0; i < 25; i++) raw = recordConversion(raw, `cs_${String(i)}`).next;
    const kept = JSON.parse(raw ?? '[]') as string[];
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe('cs_5');
  });
});
