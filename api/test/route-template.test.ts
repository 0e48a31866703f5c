import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute } from '../src/functions/route-template';

describe('route templates', () => {
  it('extracts parameters and decodes them', () => {
    expect(
      matchRoute(compileRoute('trainings/{trainingId}/chapters/{chapterId}'), '/trainings/t%201/chapters/c2'),
    ).toEqual({
      trainingId: 't 1',
      chapterId: 'c2',
    });
  });

  it('matches literals case-insensitively and refuses extra segments', () => {
    const route = compileRoute('healthz');
    expect(matchRoute(route, 'HEALTHZ')).toEqual({});
    expect(matchRoute(route, 'healthz/more')).toBeUndefined();
  });

  it('supports optional, constrained and catch-all parameters', () => {
    expect(matchRoute(compileRoute('news/{lang?}'), 'news')).toEqual({});
    expect(matchRoute(compileRoute('news/{lang?}'), 'news/nl')).toEqual({ lang: 'nl' });
    expect(matchRoute(compileRoute('items/{id:int}'), 'items/7')).toEqual({ id: '7' });
    expect(matchRoute(compileRoute('files/{*path}'), 'files/a/b/c.pdf')).toEqual({ path: 'a/b/c.pdf' });
    expect(matchRoute(compileRoute('{*path}'), '')).toEqual({});
  });

  it('ranks literals over parameters over catch-alls', () => {
    const literal = compileRoute('items/new');
    const param = compileRoute('items/{id}');
    const catchAll = compileRoute('{*path}');
    expect(literal.precedence).toBeGreaterThan(param.precedence);
    expect(param.precedence).toBeGreaterThan(catchAll.precedence);
  });
});
