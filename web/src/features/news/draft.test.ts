import type { AdminNewsItem } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { draftOf, EMPTY_NEWS, fromLocalInput, newsContentOf, newsDraftProblems, toLocalInput } from './draft';
import { newsText } from './queries';

const filled = {
  ...EMPTY_NEWS,
  frTitle: 'Nouvelle formation',
  frBody: 'Texte',
  nlTitle: 'Nieuwe opleiding',
  nlBody: 'Tekst',
};

describe('the news form', () => {
  it('needs every text, in both languages', () => {
    expect(newsDraftProblems(EMPTY_NEWS)).toEqual({
      frTitle: 'news.admin.error.required',
      frBody: 'news.admin.error.required',
      nlTitle: 'news.admin.error.required',
      nlBody: 'news.admin.error.required',
    });
    expect(newsDraftProblems(filled)).toEqual({});
    expect(newsDraftProblems({ ...filled, nlTitle: 'x'.repeat(201) }).nlTitle).toBe(
      'news.admin.error.titleLength',
    );
  });

  it('needs the window to end after it starts', () => {
    expect(newsDraftProblems({ ...filled, from: '2026-12-10T09:00', until: '2026-12-09T09:00' }).until).toBe(
      'news.admin.error.window',
    );
    expect(newsDraftProblems({ ...filled, from: '2026-12-10T09:00', until: '2026-12-11T09:00' })).toEqual({});
  });

  it('converts local date-times to instants and back', () => {
    const iso = fromLocalInput('2026-12-10T09:30');
    expect(iso).toBe(new Date(2026, 11, 10, 9, 30).toISOString());
    expect(toLocalInput(iso)).toBe('2026-12-10T09:30');
    expect(fromLocalInput('')).toBeUndefined();
    expect(toLocalInput(undefined)).toBe('');
  });

  it('sends trimmed texts, now as the start when none is given, no end when none is given', () => {
    const now = new Date('2026-12-06T10:00:00Z');
    expect(newsContentOf({ ...filled, frTitle: ' Titre ' }, now)).toEqual({
      title: { fr: 'Titre', nl: 'Nieuwe opleiding' },
      body: { fr: 'Texte', nl: 'Tekst' },
      publishFrom: '2026-12-06T10:00:00.000Z',
    });
    const item = {
      title: { fr: 'A', nl: 'B' },
      body: { fr: 'C', nl: 'D' },
      publishFrom: '2026-12-06T10:00:00.000Z',
    } as AdminNewsItem;
    expect(draftOf(item)).toMatchObject({ frTitle: 'A', nlBody: 'D', until: '' });
  });

  it('reads a text in the reader’s language, else the other one', () => {
    expect(newsText({ fr: 'Bonjour', nl: 'Hallo' }, 'nl')).toEqual({ text: 'Hallo', lang: 'nl' });
    expect(newsText({ fr: 'Bonjour' }, 'nl')).toEqual({ text: 'Bonjour', lang: 'fr' });
  });
});
