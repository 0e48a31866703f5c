// MSAL configuration from the runtime auth config (`GET /api/auth/config`), so one build runs locally (oidc-provider,
// OIDC protocol mode), in e2e (random ports) and in Azure (Entra External ID, AAD protocol mode).
import {
  BrowserCacheLocation,
  LogLevel,
  ProtocolMode,
  type Configuration,
  type ILoggerCallback,
} from '@azure/msal-browser';
import type { AuthConfig } from '@soins/shared';

/**
 * Renew an access token this many seconds before it expires (MSAL's default, 300 s, is meant for 60–90 min tokens;
 * ours live 15 min). A token the api still rejects (clock skew) is renewed once by the api client.
 */
export const TOKEN_RENEWAL_OFFSET_SECONDS = 60;

export function buildMsalConfiguration(
  config: AuthConfig,
  origin: string,
  loggerCallback: ILoggerCallback = () => undefined,
  /** The provider's discovery document kept by the tab (authority-metadata.ts): MSAL then does not fetch it. */
  authorityMetadata?: string,
): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      ...(authorityMetadata ? { authorityMetadata } : {}),
      redirectUri: new URL(config.redirectPath, origin).href,
      postLogoutRedirectUri: new URL(config.postLogoutPath, origin).href,
    },
    // sessionStorage: tokens never outlive the tab and are not shared with other tabs; a new tab signs in again
    // through the provider's own session (no password asked while it lasts). See web/README.md.
    cache: { cacheLocation: BrowserCacheLocation.SessionStorage },
    system: {
      protocolMode: config.protocolMode === 'OIDC' ? ProtocolMode.OIDC : ProtocolMode.AAD,
      tokenRenewalOffsetSeconds: TOKEN_RENEWAL_OFFSET_SECONDS,
      loggerOptions: { logLevel: LogLevel.Warning, piiLoggingEnabled: false, loggerCallback },
    },
  };
}
