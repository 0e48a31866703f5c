import type { ApiClient } from '../api/client';
import { isApiError } from '../api/client';

/** The last body received, for runtimeConfig(). */
let lastConfig: unknown;

/**
 * The runtime auth configuration (`GET /api/auth/config`, anonymous), fetched before MSAL is created so the same
 * build runs locally, in e2e on random ports and in Azure. Retries network failures and 5xx twice. The body is
 * validated with the shared schema by the MSAL chunk (zod stays out of the initial bundle).
 */
export async function fetchAuthConfig(api: ApiClient, attempts = 3): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      const config = await api.request<unknown>('/auth/config', { anonymous: true });
      lastConfig = config;
      return config;
    } catch (error) {
      const retriable = isApiError(error) && (error.status === 0 || error.status >= 500);
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

/**
 * The runtime config for features that read more than MSAL's part of it (e.g. `clarityProjectId`): the body the
 * bootstrap already fetched when there is one, so its request is not repeated.
 */
export function runtimeConfig(api: ApiClient): Promise<unknown> {
  return lastConfig === undefined ? fetchAuthConfig(api) : Promise.resolve(lastConfig);
}

/**
 * The identity provider's origin (the config's `authority`) when it is another https origin than the page's, the
 * one connection worth opening early; undefined otherwise.
 */
export function authorityOrigin(config: unknown, pageOrigin: string): string | undefined {
  const authority =
    typeof config === 'object' && config !== null && 'authority' in config ? config.authority : undefined;
  if (typeof authority !== 'string') return undefined;
  let origin: string;
  try {
    origin = new URL(authority).origin;
  } catch {
    return undefined;
  }
  return origin !== pageOrigin && origin.startsWith('https://') ? origin : undefined;
}

/**
 * Opens the connection to the identity provider before MSAL needs it: MSAL's first call there (the provider's
 * metadata) comes once its ~70 KB chunk has downloaded, and would then start with a TCP and TLS handshake. Only
 * worth it when the tab may hold a session (MSAL loads at once).
 */
export function preconnectToAuthority(config: unknown): void {
  const origin = authorityOrigin(config, window.location.origin);
  if (!origin) return;
  const link = document.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  // MSAL's requests there are CORS requests without credentials: the connection must be opened the same way.
  link.crossOrigin = 'anonymous';
  document.head.append(link);
}
