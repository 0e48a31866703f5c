// The access token a signed-in tab keeps for its next page load, in sessionStorage beside MSAL's own cache (which
// holds the same token, for the same tab only). A reload then calls the api at once instead of first downloading and
// starting MSAL (~70 KB gzip, then its cache reads): MSAL loads when it is needed, to renew the token, to sign out,
// or when the api refuses the token. Never kept across sign-out, a sign-in callback or a failed renewal.
import type { AuthAccount } from './auth';

const KEY = 'soins.token';

export interface KeptToken {
  readonly value: string;
  /** Epoch ms from which MSAL must renew it (its expiry less the renewal offset). */
  readonly renewAt: number;
  /** Who it belongs to, shown in the header until MSAL is loaded. */
  readonly account: AuthAccount;
}

type ReadableStorage = Pick<Storage, 'getItem'>;

/** Whether a token may still be used as it is: not yet at the time MSAL must renew it. */
export function beforeRenewal(token: { readonly renewAt: number }, now = Date.now()): boolean {
  return now < token.renewAt;
}

function isKeptToken(value: unknown): value is KeptToken {
  if (typeof value !== 'object' || value === null) return false;
  const { value: token, renewAt, account } = value as Record<string, unknown>;
  if (typeof token !== 'string' || token === '' || typeof renewAt !== 'number' || !Number.isFinite(renewAt)) {
    return false;
  }
  if (typeof account !== 'object' || account === null) return false;
  const { name, username } = account as Record<string, unknown>;
  return typeof username === 'string' && (name === undefined || typeof name === 'string');
}

/** The kept token if there is one for this tab and it is not yet due for renewal. */
export function readKeptToken(storage: ReadableStorage | undefined, now = Date.now()): KeptToken | null {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return null;
    const kept: unknown = JSON.parse(raw);
    return isKeptToken(kept) && beforeRenewal(kept, now) ? kept : null;
  } catch {
    return null;
  }
}

export function keepToken(storage: Pick<Storage, 'setItem'> | undefined, token: KeptToken): void {
  try {
    storage?.setItem(
      KEY,
      JSON.stringify({
        value: token.value,
        renewAt: token.renewAt,
        account: { name: token.account.name, username: token.account.username },
      }),
    );
  } catch {
    // Storage full or denied: the next page load goes through MSAL, as without a kept token.
  }
}

export function forgetKeptToken(storage: Pick<Storage, 'removeItem'> | undefined): void {
  try {
    storage?.removeItem(KEY);
  } catch {
    // Nothing was kept, or storage is denied: nothing to forget either.
  }
}
