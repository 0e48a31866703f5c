// Test helper: a minimal "browser" (cookie jar, manual redirects) and an MSAL-like public client that
// drives the local identity provider with plain fetch over TLS trusted through the provider's CA.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, fetch, type Response } from 'undici';

export const SPA_ORIGIN = 'http://localhost:4280';
export const REDIRECT_URI = `${SPA_ORIGIN}/auth/callback`;
/** What MSAL browser requests for the API (it adds openid profile offline_access itself). */
export const MSAL_SCOPES = 'api://soins-api/access_as_user openid profile offline_access';

export function tlsAgent(caCertPath: string): Agent {
  return new Agent({ connect: { ca: readFileSync(caCertPath, 'utf8') } });
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface RequestInit {
  readonly method?: string;
  readonly form?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

/** Cookie jar (by name; paths ignored) plus fetch with manual redirects. */
export class Browser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private agent: Agent,
    private readonly acceptLanguage?: string,
  ) {}

  /** Keeps the cookies but talks through another dispatcher (e.g. after a restart). */
  useAgent(agent: Agent): void {
    this.agent = agent;
  }

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (this.acceptLanguage) headers['accept-language'] = this.acceptLanguage;
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
      dispatcher: this.agent,
    });
    for (const line of res.headers.getSetCookie()) this.storeCookie(line);
    return res;
  }

  /**
   * Follows redirects while they stay on `origin`; returns the last response and, when the chain
   * leaves the origin (e.g. back to the SPA), that location.
   */
  async follow(res: Response, origin: string): Promise<{ res: Response; external?: string }> {
    let current = res;
    for (let hops = 0; hops < 10; hops += 1) {
      const location = current.headers.get('location');
      if (current.status === 200 && !location) {
        // oidc-provider's own self-submitting form (e.g. ending the previous account's session when
        // another account signs in): submit it as a browser running that page's script would.
        const html = await current.text();
        const form = autoSubmittedForm(html);
        if (!form) return { res: new FakeTextResponse(current, html) as unknown as Response };
        current = await this.request(new URL(form.action, origin).href, { form: form.fields });
        continue;
      }
      if (current.status < 300 || current.status >= 400 || !location) return { res: current };
      await current.arrayBuffer();
      const next = new URL(location, current.url || origin);
      if (next.origin !== origin) return { res: current, external: next.href };
      current = await this.request(next.href);
    }
    throw new Error('Too many redirects');
  }

  private storeCookie(line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expires = attributes.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('expires='));
    const expired = expires !== undefined && Date.parse(expires.slice('expires='.length)) <= Date.now();
    if (!value || expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** A page whose inline script only submits its first form (oidc-provider's form_post pages). */
function autoSubmittedForm(html: string): { action: string; fields: Record<string, string> } | undefined {
  if (!html.includes('document.forms[0].submit()')) return undefined;
  const action = /<form[^>]*\saction="([^"]+)"/.exec(html)?.[1];
  if (!action) return undefined;
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) {
    fields[m[1] ?? ''] = (m[2] ?? '').replace(/&amp;/g, '&');
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}

/** A response whose body was already read, re-exposed for text(). */
class FakeTextResponse {
  readonly status: number;
  readonly headers: Response['headers'];
  readonly url: string;
  constructor(
    original: Response,
    private readonly body: string,
  ) {
    this.status = original.status;
    this.headers = original.headers;
    this.url = original.url;
  }
  text(): Promise<string> {
    return Promise.resolve(this.body);
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(new TextEncoder().encode(this.body).buffer);
  }
}

export interface AuthorizeOptions {
  readonly scope?: string;
  readonly challenge?: string;
  readonly challengeMethod?: string;
  readonly omitPkce?: boolean;
  readonly extra?: Record<string, string>;
}

/** The authorization URL MSAL browser would build (response_mode=fragment, client_info, ...). */
export function authorizeUrl(
  issuer: string,
  options: AuthorizeOptions = {},
): { url: string; state: string; nonce: string } {
  const state = randomBytes(8).toString('hex');
  const nonce = randomBytes(8).toString('hex');
  const params = new URLSearchParams({
    client_id: 'soins-spa',
    scope: options.scope ?? MSAL_SCOPES,
    redirect_uri: REDIRECT_URI,
    'client-request-id': 'f0e1d2c3-0000-4000-8000-000000000000',
    response_mode: 'fragment',
    response_type: 'code',
    'x-client-SKU': 'msal.js.browser',
    'x-client-VER': '5.30.0',
    client_info: '1',
    clidata: '1',
    nonce,
    state,
    ...options.extra,
  });
  if (!options.omitPkce) {
    params.set('code_challenge', options.challenge ?? pkcePair().challenge);
    params.set('code_challenge_method', options.challengeMethod ?? 'S256');
  }
  return { url: `${issuer}/auth?${params.toString()}`, state, nonce };
}

/** Parameters of a redirect back to the SPA (fragment or query). */
export function callbackParams(location: string): URLSearchParams {
  const url = new URL(location);
  return new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
}

/** The value of the `action` attribute of the first form whose action contains `contains`. */
export function formAction(html: string, contains: string): string {
  for (const match of html.matchAll(/<form[^>]*\saction="([^"]+)"/g)) {
    const action = (match[1] ?? '').replace(/&amp;/g, '&');
    if (action.includes(contains)) return action;
  }
  throw new Error(`No form with an action containing ${contains}`);
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  expires_in: number;
  token_type: string;
  scope?: string;
  error?: string;
  error_description?: string;
}

export async function tokenRequest(
  agent: Agent,
  issuer: string,
  form: Record<string, string>,
  origin: string = SPA_ORIGIN,
): Promise<{ status: number; body: TokenResponse; headers: Response['headers'] }> {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
      origin,
    },
    body: new URLSearchParams({ client_id: 'soins-spa', client_info: '1', ...form }).toString(),
    dispatcher: agent,
  });
  return { status: res.status, body: (await res.json()) as TokenResponse, headers: res.headers };
}
