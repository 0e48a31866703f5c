import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from './adapter';

describe('FileStore adapter', () => {
  let dir: string;
  let opened: FileStore[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'soins-oidc-store-'));
    opened = [];
  });
  afterEach(() => {
    // A store's debounced write would otherwise land after the removal and leave the folder behind.
    for (const store of opened) store.flush();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = (...args: ConstructorParameters<typeof FileStore>): FileStore => {
    const store = new FileStore(...args);
    opened.push(store);
    return store;
  };

  it('persists entries, consumption and session uids across instances', async () => {
    const store = open(dir);
    const rt = store.adapterFactory()('RefreshToken');
    const session = store.adapterFactory()('Session');
    await rt.upsert('r1', { grantId: 'g1', jti: 'r1' }, 3600);
    await session.upsert('s1', { uid: 'u1', accountId: 'a' }, 3600);
    await rt.consume('r1');
    store.flush();

    const reopened = open(dir).adapterFactory();
    expect((await reopened('RefreshToken').find('r1'))?.consumed).toEqual(expect.any(Number));
    expect(await reopened('Session').findByUid('u1')).toMatchObject({ accountId: 'a' });
    expect(await reopened('Client').find('soins-spa')).toBeUndefined();
  });

  it('revokes a grant model by model and forgets expired entries', async () => {
    const store = open(dir);
    const factory = store.adapterFactory();
    await factory('RefreshToken').upsert('r1', { grantId: 'g1' }, 3600);
    await factory('RefreshToken').upsert('r2', { grantId: 'g2' }, 3600);
    await factory('AccessToken').upsert('a1', { grantId: 'g1' }, 3600);
    await factory('Grant').upsert('g1', { accountId: 'x' }, 3600);
    await factory('RefreshToken').upsert('old', { grantId: 'g3' }, -1);

    await factory('RefreshToken').revokeByGrantId('g1');
    expect(await factory('RefreshToken').find('r1')).toBeUndefined();
    expect(await factory('RefreshToken').find('r2')).toBeDefined();
    expect(await factory('AccessToken').find('a1')).toBeDefined();
    await factory('AccessToken').revokeByGrantId('g1');
    expect(await factory('AccessToken').find('a1')).toBeUndefined();
    expect(await factory('Grant').find('g1')).toBeDefined();
    expect(await factory('RefreshToken').find('old')).toBeUndefined();
  });

  it('presents a rotated refresh token as unused within the grace window, and never extends the window', async () => {
    const store = open(dir, 100, 60);
    const rt = store.adapterFactory()('RefreshToken');
    await rt.upsert('r1', { grantId: 'g1', jti: 'r1', consumed: Math.floor(Date.now() / 1000) - 30 }, 3600);
    expect((await rt.find('r1'))?.consumed).toBeUndefined();
    // Redeemed again inside the window: consumption keeps its first time.
    await rt.consume('r1');
    store.flush();
    // The window started at the first rotation, 30 s ago: a 30 s window is over.
    expect((await open(dir, 100, 30).adapterFactory()('RefreshToken').find('r1'))?.consumed).toEqual(
      expect.any(Number),
    );
    // Other models are untouched by the window.
    const code = store.adapterFactory()('AuthorizationCode');
    await code.upsert('c1', { grantId: 'g1', consumed: Math.floor(Date.now() / 1000) }, 60);
    expect((await code.find('c1'))?.consumed).toEqual(expect.any(Number));
  });
});
