import { afterAll, describe, expect, it, vi } from 'vitest';
import { clarityEvent, isClarityLoaded, leaveClarityBehind, runClarity } from './clarity';

// No DOM in unit tests: a minimal window and document record what the tag loader does.
const appended: { src: string }[] = [];
vi.stubGlobal('window', {});
vi.stubGlobal('document', {
  createElement: () => ({ async: false, src: '', dataset: {} }),
  head: {
    appendChild: (element: { src: string }) => {
      appended.push(element);
    },
  },
});
afterAll(() => {
  vi.unstubAllGlobals();
});

describe('Clarity in staff spaces', () => {
  it('lets the navigation go on when the tag was never loaded', async () => {
    const reload = vi.fn();
    await expect(leaveClarityBehind('/admin', reload)).resolves.toBeUndefined();
    expect(reload).not.toHaveBeenCalled();
  });

  it('stops recording and reloads into the staff page once the tag was loaded on a learner page', async () => {
    runClarity('soinstest');
    expect(isClarityLoaded()).toBe(true);
    expect(appended.map((script) => script.src)).toEqual(['https://www.clarity.ms/tag/soinstest']);
    const reload = vi.fn();
    const navigation = leaveClarityBehind('/admin/diplomas', reload);
    expect(reload).toHaveBeenCalledWith('/admin/diplomas');
    const calls = (window.clarity?.q ?? []).map((args) => args[0]);
    expect(calls).toEqual(['consent', 'stop']);
    expect(clarityEvent('subscription_confirmed')).toBe(false);
    const settled = await Promise.race([navigation.then(() => 'settled'), Promise.resolve('pending')]);
    expect(settled).toBe('pending');
  });
});
