import { describe, expect, it } from 'vitest';
import { canEnter, ForbiddenError, homePath, homeSpace, isForbiddenError, spaceOfPath } from './access';

describe('spaces and roles', () => {
  it.each([
    [['learner'], 'learner', true],
    [['learner'], 'trainer', false],
    [['learner'], 'admin', false],
    [['trainer'], 'trainer', true],
    [['trainer'], 'admin', false],
    [['trainer'], 'learner', false],
    [['admin'], 'admin', true],
    [['admin'], 'trainer', true],
    [['admin'], 'learner', false],
    [['learner', 'trainer'], 'learner', true],
    [[], 'learner', false],
  ] as const)('%j may enter %s: %s', (roles, space, expected) => {
    expect(canEnter(roles, space)).toBe(expected);
  });

  it('sends each role to its own space: admin, then trainer, then learner', () => {
    expect(homeSpace({ roles: ['learner', 'admin', 'trainer'] })).toBe('admin');
    expect(homePath({ roles: ['learner', 'trainer'] })).toBe('/trainer');
    expect(homePath({ roles: ['admin'] })).toBe('/admin');
    expect(homePath({ roles: ['learner'] })).toBe('/dashboard');
    expect(homePath({ roles: [] })).toBe('/dashboard');
  });

  it('knows which space a path belongs to', () => {
    expect(spaceOfPath('/admin')).toBe('admin');
    expect(spaceOfPath('/admin?q=x')).toBe('admin');
    expect(spaceOfPath('/trainer/')).toBe('trainer');
    expect(spaceOfPath('/dashboard')).toBe('learner');
    expect(spaceOfPath('/')).toBeUndefined();
    expect(spaceOfPath('/administration')).toBeUndefined();
  });

  it('has a recognisable forbidden error', () => {
    const error = new ForbiddenError('admin', 'learner');
    expect(isForbiddenError(error)).toBe(true);
    expect(isForbiddenError(new Error('x'))).toBe(false);
    expect(error).toMatchObject({ space: 'admin', home: 'learner' });
  });
});
