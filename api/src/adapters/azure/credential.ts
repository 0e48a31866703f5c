import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';

/**
 * The Function App's managed identity (DefaultAzureCredential), loaded on the first token request:
 * `@azure/identity` pulls in MSAL, which the cold start of every function would otherwise pay for,
 * and locally (emulators with keys) it is never loaded at all.
 */
export function lazyAzureCredential(options: { managedIdentityClientId?: string } = {}): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  const load = (): Promise<TokenCredential> => {
    credential ??= import('./identity-library').then(
      ({ DefaultAzureCredential }) =>
        new DefaultAzureCredential(
          options.managedIdentityClientId ? { managedIdentityClientId: options.managedIdentityClientId } : {},
        ),
    );
    return credential;
  };
  return {
    async getToken(
      scopes: string | string[],
      getTokenOptions?: GetTokenOptions,
    ): Promise<AccessToken | null> {
      return (await load()).getToken(scopes, getTokenOptions);
    },
  };
}
