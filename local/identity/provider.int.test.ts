// The local identity provider end to end over HTTPS: discovery, authorization code + PKCE driven like
// MSAL browser does, JWT access tokens verified with jose against the JWKS, refresh token rotation, its grace
// window and reuse detection, sign-up, fr/nl pages, CORS, sign-out, restart persistence.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';
import { fetch, type Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../lib/service';
import {
  Browser,
  MSAL_SCOPES,
  REDIRECT_URI,
  SPA_ORIGIN,
  authorizeUrl,
  callbackParams,
  formAction,
  pkcePair,
  tlsAgent,
  tokenRequest,
  type AuthorizeOptions,
  type TokenResponse,
} from './oidc-test-client';
import {
  API_AUDIENCE,
  API_SCOPE,
  DEMO_USERS_FILE,
  startIdentityProvider,
  type IdentityProviderOptions,
  type RunningIdentityProvider,
} from './provider';

interface DemoSeed {
  sub: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: string;
  password: string;
}
const demo = JSON.parse(readFileSync(DEMO_USERS_FILE, 'utf8')) as DemoSeed[];
const marie = demo.find((d) => d.sub === 'demo-learner-marie');
const jan = demo.find((d) => d.sub === 'demo-learner-jan');
if (!marie || !jan) throw new Error('demo-users.json must contain Marie and Jan');

const SECOND_ORIGIN = 'http://127.0.0.1:4280';

async function start(
  dataDir: string,
  extra: Partial<IdentityProviderOptions> = {},
): Promise<{ idp: RunningIdentityProvider; agent: Agent; startedInMs: number }> {
  const port = extra.port ?? (await findFreePort());
  const t0 = performance.now();
  const idp = await startIdentityProvider({
    port,
    dataDir,
    spaOrigins: [SPA_ORIGIN, SECOND_ORIGIN],
    ...extra,
  });
  const startedInMs = Math.round(performance.now() - t0);
  return { idp, agent: tlsAgent(idp.caCertPath), startedInMs };
}

async function getJson<T>(agent: Agent, url: string): Promise<T> {
  const res = await fetch(url, { dispatcher: agent });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

interface Discovery {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string;
  code_challenge_methods_supported: string[];
  response_types_supported: string[];
  grant_types_supported: string[];
}

async function verifier(agent: Agent, issuer: string): Promise<ReturnType<typeof createLocalJWKSet>> {
  const discovery = await getJson<Discovery>(agent, `${issuer}/.well-known/openid-configuration`);
  return createLocalJWKSet(await getJson<JSONWebKeySet>(agent, discovery.jwks_uri));
}

async function verifyAccessToken(agent: Agent, issuer: string, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, await verifier(agent, issuer), {
    issuer,
    audience: API_AUDIENCE,
    algorithms: ['RS256'],
    typ: 'at+jwt',
  });
  return payload;
}

/** Runs /auth until the SPA gets its code: signs in with the form when the provider asks. */
async function authorize(
  browser: Browser,
  issuer: string,
  credentials: { email: string; password: string } | undefined,
  options: AuthorizeOptions = {},
): Promise<{ code: string; verifier: string; nonce: string; sawLoginPage: boolean }> {
  const pkce = pkcePair();
  const { url, state, nonce } = authorizeUrl(issuer, { challenge: pkce.challenge, ...options });
  let { res, external } = await browser.follow(await browser.request(url), issuer);
  let sawLoginPage = false;
  if (!external) {
    expect(res.status).toBe(200);
    const html = await res.text();
    sawLoginPage = true;
    if (!credentials) throw new Error('The provider asked for a sign-in');
    const action = formAction(html, '/login');
    ({ res, external } = await browser.follow(
      await browser.request(new URL(action, issuer).href, { form: { ...credentials, lang: 'fr' } }),
      issuer,
    ));
  }
  if (!external) throw new Error(`No redirect back to the SPA (status ${res.status})`);
  expect(external.startsWith(`${REDIRECT_URI}#`)).toBe(true);
  const params = callbackParams(external);
  expect(params.get('state')).toBe(new URL(url).searchParams.get('state'));
  expect(params.get('error')).toBeNull();
  expect(params.get('iss')).toBe(issuer);
  const code = params.get('code');
  if (!code) throw new Error('No code in the redirect');
  expect(state).toBeTruthy();
  return { code, verifier: pkce.verifier, nonce, sawLoginPage };
}

async function redeem(
  agent: Agent,
  issuer: string,
  code: string,
  codeVerifier: string,
): Promise<TokenResponse> {
  const { status, body } = await tokenRequest(agent, issuer, {
    grant_type: 'authorization_code',
    code,
    code_verifier: codeVerifier,
    redirect_uri: REDIRECT_URI,
    scope: MSAL_SCOPES,
  });
  expect(body.error_description ?? body.error).toBeUndefined();
  expect(status).toBe(200);
  return body;
}

function refresh(agent: Agent, issuer: string, refreshToken: string): ReturnType<typeof tokenRequest> {
  return tokenRequest(agent, issuer, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    scope: MSAL_SCOPES,
  });
}

async function signInTokens(
  agent: Agent,
  issuer: string,
  credentials: { email: string; password: string },
  browser = new Browser(agent),
): Promise<TokenResponse> {
  const { code, verifier: v } = await authorize(browser, issuer, credentials);
  return redeem(agent, issuer, code, v);
}

describe('local identity provider', () => {
  let idp: RunningIdentityProvider;
  let agent: Agent;
  let issuer: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'soins-idp-'));
    const started = await start(dataDir);
    ({ idp, agent } = started);
    issuer = idp.issuer;
    console.info(`identity provider first start (new certificate and keys): ${started.startedInMs} ms`);
  });

  afterAll(async () => {
    await idp.stop();
    await agent.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('publishes a discovery document for https://localhost:<port>', async () => {
    expect(issuer).toMatch(/^https:\/\/localhost:\d+$/);
    const d = await getJson<Discovery>(agent, `${issuer}/.well-known/openid-configuration`);
    expect(d.issuer).toBe(issuer);
    expect(d.jwks_uri).toBe(`${issuer}/jwks`);
    expect(d.authorization_endpoint).toBe(`${issuer}/auth`);
    expect(d.token_endpoint).toBe(`${issuer}/token`);
    expect(d.end_session_endpoint).toBe(`${issuer}/session/end`);
    expect(d.code_challenge_methods_supported).toEqual(['S256']);
    expect(d.response_types_supported).toEqual(['code']);
    expect(d.grant_types_supported.sort()).toEqual(['authorization_code', 'refresh_token']);
    const jwks = await getJson<JSONWebKeySet>(agent, d.jwks_uri);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('signs in with authorization code + PKCE and issues an RS256 JWT access token for the api', async () => {
    const browser = new Browser(agent);
    const { code, verifier: v, nonce, sawLoginPage } = await authorize(browser, issuer, marie);
    expect(sawLoginPage).toBe(true);
    const tokens = await redeem(agent, issuer, code, v);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(900);
    expect(tokens.scope?.split(' ')).toContain(API_SCOPE);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.refresh_token_expires_in).toBeGreaterThan(604_700);
    expect(tokens.refresh_token_expires_in).toBeLessThanOrEqual(604_800);

    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeProtectedHeader(tokens.access_token).kid).toBeTruthy();
    const at = await verifyAccessToken(agent, issuer, tokens.access_token);
    expect(at).toMatchObject({
      iss: issuer,
      aud: API_AUDIENCE,
      sub: marie.sub,
      client_id: 'soins-spa',
      email: marie.email,
      name: `${marie.firstName} ${marie.lastName}`,
      locale: 'fr',
    });
    expect(String(at.scope).split(' ')).toContain(API_SCOPE);
    expect(at).toMatchObject({ scp: 'access_as_user', azp: 'soins-spa' });
    expect((at.exp ?? 0) - (at.iat ?? 0)).toBe(900);
    expect(at.nbf).toBe(at.iat);

    if (!tokens.id_token) throw new Error('no id_token');
    const { payload: id } = await jwtVerify(tokens.id_token, await verifier(agent, issuer), {
      issuer,
      audience: 'soins-spa',
      algorithms: ['RS256'],
    });
    expect(id).toMatchObject({
      sub: marie.sub,
      email: marie.email,
      name: `${marie.firstName} ${marie.lastName}`,
      locale: 'fr',
      nonce,
    });

    // The same browser signs in again without the form (single sign-on, as MSAL's loginRedirect).
    const again = await authorize(browser, issuer, undefined);
    expect(again.sawLoginPage).toBe(false);
    const second = await redeem(agent, issuer, again.code, again.verifier);
    expect((await verifyAccessToken(agent, issuer, second.access_token)).sub).toBe(marie.sub);
  });

  it('gives a stable sub per user and the user language in the tokens', async () => {
    const tokens = await signInTokens(agent, issuer, jan);
    const at = await verifyAccessToken(agent, issuer, tokens.access_token);
    expect(at).toMatchObject({ sub: jan.sub, locale: 'nl', email: jan.email });
  });

  it('refuses an authorization request without PKCE or with plain PKCE', async () => {
    const browser = new Browser(agent);
    for (const options of [{ omitPkce: true }, { challengeMethod: 'plain' }]) {
      const { url } = authorizeUrl(issuer, options);
      const res = await browser.request(url);
      expect(res.status).toBe(303);
      const location = res.headers.get('location') ?? '';
      expect(location.startsWith(REDIRECT_URI)).toBe(true);
      const params = callbackParams(location);
      expect(params.get('error')).toBe('invalid_request');
      expect(params.get('code')).toBeNull();
    }
  });

  it('refuses a code redeemed with the wrong code_verifier', async () => {
    const { code } = await authorize(new Browser(agent), issuer, marie);
    const { status, body } = await tokenRequest(agent, issuer, {
      grant_type: 'authorization_code',
      code,
      code_verifier: pkcePair().verifier,
      redirect_uri: REDIRECT_URI,
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('shows an accessible fr/nl error on a wrong password and does not redirect', async () => {
    const cases: { browser: Browser; extra: Record<string, string>; lang: string; message: string }[] = [
      { browser: new Browser(agent), extra: {}, lang: 'fr', message: 'E-mail ou mot de passe incorrect' },
      {
        browser: new Browser(agent),
        extra: { ui_locales: 'nl-BE' },
        lang: 'nl',
        message: 'E-mailadres of wachtwoord onjuist',
      },
      {
        browser: new Browser(agent, 'nl-BE,nl;q=0.9,en;q=0.5'),
        extra: {},
        lang: 'nl',
        message: 'E-mailadres of wachtwoord onjuist',
      },
    ];
    for (const c of cases) {
      const { url } = authorizeUrl(issuer, { extra: c.extra });
      const { res } = await c.browser.follow(await c.browser.request(url), issuer);
      const page = await res.text();
      expect(page).toContain(`<html lang="${c.lang}">`);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page).not.toMatch(/<script(?![^>]*\ssrc=)/);
      const action = formAction(page, '/login');
      const failed = await c.browser.request(new URL(action, issuer).href, {
        form: { email: marie.email, password: 'not-the-password', lang: c.lang },
      });
      expect(failed.status).toBe(401);
      expect(failed.headers.get('location')).toBeNull();
      const html = await failed.text();
      expect(html).toContain(`<html lang="${c.lang}">`);
      expect(html).toContain(c.message);
      expect(html).toMatch(
        /<input id="email"[^>]*aria-describedby="email-error"[^>]*aria-invalid="true"[^>]*autofocus/,
      );
      expect(html).toContain('id="email-error"');
      expect(html).toContain(`value="${marie.email}"`);
      expect(html).not.toContain('not-the-password');
    }
    // An unknown e-mail gets the very same message.
    const browser = new Browser(agent);
    const { res } = await browser.follow(await browser.request(authorizeUrl(issuer).url), issuer);
    const action = formAction(await res.text(), '/login');
    const unknown = await browser.request(new URL(action, issuer).href, {
      form: { email: 'nobody@demo.soins.plus', password: 'whatever-password', lang: 'fr' },
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('E-mail ou mot de passe incorrect');
  });

  it('switches the sign-in page between fr and nl without losing the interaction', async () => {
    const browser = new Browser(agent);
    const pkce = pkcePair();
    const { url } = authorizeUrl(issuer, { challenge: pkce.challenge });
    const { res } = await browser.follow(await browser.request(url), issuer);
    const fr = await res.text();
    const nlHref = /<a href="([^"]+\?lang=nl)"/.exec(fr)?.[1];
    if (!nlHref) throw new Error('no nl switch');
    const nlRes = await browser.request(new URL(nlHref, issuer).href);
    const nl = await nlRes.text();
    expect(nl).toContain('<html lang="nl">');
    expect(nl).toContain('Aanmelden');
    const action = formAction(nl, '/login');
    const { external } = await browser.follow(
      await browser.request(new URL(action, issuer).href, {
        form: { email: jan.email, password: jan.password, lang: 'nl' },
      }),
      issuer,
    );
    expect(external && callbackParams(external).get('code')).toBeTruthy();
  });

  it('rotates refresh tokens and honours a rotated one again within the grace window (a reload mid-renewal)', async () => {
    const first = await signInTokens(agent, issuer, marie);
    const r1 = first.refresh_token ?? '';

    const second = await refresh(agent, issuer, r1);
    expect(second.status).toBe(200);
    const r2 = second.body.refresh_token ?? '';
    expect(r2).toBeTruthy();
    expect(r2).not.toBe(r1);
    const at2 = await verifyAccessToken(agent, issuer, second.body.access_token);
    expect(at2.sub).toBe(marie.sub);
    expect(String(at2.scope)).toContain(API_SCOPE);
    expect(second.body.id_token).toBeTruthy();

    const third = await refresh(agent, issuer, r2);
    expect(third.status).toBe(200);
    // Rotation keeps the family's end: the new token does not live longer than the first one.
    expect(third.body.refresh_token_expires_in).toBeLessThanOrEqual(first.refresh_token_expires_in ?? 0);
    expect(third.body.refresh_token_expires_in).toBeGreaterThan(604_700);
    const r3 = third.body.refresh_token ?? '';
    expect(new Set([r1, r2, r3]).size).toBe(3);

    // r1 was rotated seconds ago (its answer lost with a reloaded page, say): honoured, and the family lives on.
    const reload = await refresh(agent, issuer, r1);
    expect(reload.status).toBe(200);
    expect((await verifyAccessToken(agent, issuer, reload.body.access_token)).sub).toBe(marie.sub);
    expect((await refresh(agent, issuer, r3)).status).toBe(200);
  });

  it('allows the SPA origins (and only them) to call the token endpoint', async () => {
    const tokens = await signInTokens(agent, issuer, marie);
    const ok = await tokenRequest(
      agent,
      issuer,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', scope: MSAL_SCOPES },
      SECOND_ORIGIN,
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SECOND_ORIGIN);

    const preflight = await fetch(`${issuer}/token`, {
      method: 'OPTIONS',
      headers: {
        origin: SPA_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
      dispatcher: agent,
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);

    const evil = await tokenRequest(
      agent,
      issuer,
      { grant_type: 'refresh_token', refresh_token: ok.body.refresh_token ?? '' },
      'http://evil.example',
    );
    expect(evil.status).toBe(400);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('signs up a new account (fr/nl), signs it in and refuses a duplicate e-mail', async () => {
    const email = `New.Nurse.${Date.now()}@Example.be`;
    const browser = new Browser(agent);
    const pkce = pkcePair();
    const { url, state } = authorizeUrl(issuer, { challenge: pkce.challenge, extra: { ui_locales: 'nl' } });
    const { res } = await browser.follow(await browser.request(url), issuer);
    const login = await res.text();
    const signupHref = /<a href="([^"]+\/signup\?lang=nl)"/.exec(login)?.[1];
    if (!signupHref) throw new Error('no sign-up link');
    const signupPage = await (await browser.request(new URL(signupHref, issuer).href)).text();
    expect(signupPage).toContain('<html lang="nl">');
    const action = new URL(formAction(signupPage, '/signup'), issuer).href;

    const tooShort = await browser.request(action, {
      form: { firstName: 'Lien', lastName: 'Maes', email, password: 'short', locale: 'nl', lang: 'nl' },
    });
    expect(tooShort.status).toBe(400);
    const tooShortHtml = await tooShort.text();
    expect(tooShortHtml).toContain('Het wachtwoord moet minstens 12 tekens bevatten');
    expect(tooShortHtml).toMatch(
      /<input id="password"[^>]*aria-describedby="password-hint password-error"[^>]*aria-invalid="true"[^>]*autofocus/,
    );
    expect(tooShortHtml).toContain('value="Lien"');

    const created = await browser.request(action, {
      form: {
        firstName: 'Lien',
        lastName: 'Maes',
        email,
        password: 'een-lang-wachtwoord',
        locale: 'nl',
        lang: 'nl',
      },
    });
    const { external } = await browser.follow(created, issuer);
    if (!external) throw new Error('sign-up did not return to the SPA');
    const params = callbackParams(external);
    expect(params.get('state')).toBe(state);
    const tokens = await redeem(agent, issuer, params.get('code') ?? '', pkce.verifier);
    const at = await verifyAccessToken(agent, issuer, tokens.access_token);
    expect(at.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(at).toMatchObject({ email: email.toLowerCase(), name: 'Lien Maes', locale: 'nl' });

    const stored = readFileSync(join(dataDir, 'users.json'), 'utf8');
    expect(stored).toContain(email.toLowerCase());
    expect(stored).not.toContain('een-lang-wachtwoord');

    // Same address in other letter case, from another browser: refused in French.
    const other = new Browser(agent);
    const { res: otherLogin } = await other.follow(await other.request(authorizeUrl(issuer).url), issuer);
    const otherHtml = await otherLogin.text();
    const otherSignup = /<a href="([^"]+\/signup\?lang=fr)"/.exec(otherHtml)?.[1] ?? '';
    const otherPage = await (await other.request(new URL(otherSignup, issuer).href)).text();
    const duplicate = await other.request(new URL(formAction(otherPage, '/signup'), issuer).href, {
      form: {
        firstName: 'Autre',
        lastName: 'Personne',
        email: email.toUpperCase(),
        password: 'encore-un-mot-de-passe',
        locale: 'fr',
        lang: 'fr',
      },
    });
    expect(duplicate.status).toBe(400);
    const duplicateHtml = await duplicate.text();
    expect(duplicateHtml).toContain('Un compte existe déjà avec cette adresse e-mail');
    expect(duplicateHtml).toMatch(/<input id="email"[^>]*aria-invalid="true"[^>]*autofocus/);

    // The new account signs in with its password afterwards.
    const again = await signInTokens(agent, issuer, { email, password: 'een-lang-wachtwoord' });
    expect((await verifyAccessToken(agent, issuer, again.access_token)).sub).toBe(at.sub);
  });

  it('answers prompt=create with the sign-up page and prompt=select_account with the sign-in page', async () => {
    const browser = new Browser(agent);
    const { res } = await browser.follow(
      await browser.request(authorizeUrl(issuer, { extra: { prompt: 'create' } }).url),
      issuer,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('action="/interaction/');
    const signedIn = new Browser(agent);
    await authorize(signedIn, issuer, marie);
    const pkce = pkcePair();
    const { res: picker, external } = await signedIn.follow(
      await signedIn.request(
        authorizeUrl(issuer, { challenge: pkce.challenge, extra: { prompt: 'select_account' } }).url,
      ),
      issuer,
    );
    expect(external).toBeUndefined();
    const page = await picker.text();
    const action = formAction(page, '/login');
    const { external: back } = await signedIn.follow(
      await signedIn.request(new URL(action, issuer).href, {
        form: { email: jan.email, password: jan.password },
      }),
      issuer,
    );
    if (!back) throw new Error('no redirect back to the SPA');
    const tokens = await redeem(agent, issuer, callbackParams(back).get('code') ?? '', pkce.verifier);
    // Signing in as another account replaced Marie's session.
    expect((await verifyAccessToken(agent, issuer, tokens.access_token)).sub).toBe(jan.sub);
  });

  it('signs out MSAL browser 5 style (no id_token_hint, no client_id) back to the SPA origin', async () => {
    const browser = new Browser(agent);
    await signInTokens(agent, issuer, jan, browser);
    const params = new URLSearchParams({
      post_logout_redirect_uri: `${SECOND_ORIGIN}/`,
      'client-request-id': 'f0e1d2c3-0000-4000-8000-000000000000',
      state: 'msal-state',
      pocd: '1',
      ui_locales: 'nl',
    });
    const res = await browser.request(`${issuer}/session/end?${params.toString()}`);
    const page = await res.text();
    expect(page).toContain('<html lang="nl">');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const confirm = await browser.request(new URL(formAction(page, '/session/end/confirm'), issuer).href, {
      form: { xsrf, logout: 'yes' },
    });
    expect(confirm.headers.get('location')).toBe(`${SECOND_ORIGIN}/?state=msal-state`);
    // An unregistered target is not followed.
    const other = await browser.request(
      `${issuer}/session/end?${new URLSearchParams({ post_logout_redirect_uri: 'http://evil.example/' }).toString()}`,
    );
    const otherPage = await other.text();
    const otherXsrf = /name="(?:xsrf)" value="([^"]+)"/.exec(otherPage)?.[1] ?? '';
    const otherConfirm = await browser.request(
      new URL(formAction(otherPage, '/session/end/confirm'), issuer).href,
      {
        form: { xsrf: otherXsrf, logout: 'yes' },
      },
    );
    expect(otherConfirm.headers.get('location')).toBe(`${issuer}/session/end/success`);
  });

  it('signs out through end_session back to the SPA and ends the refresh tokens', async () => {
    const browser = new Browser(agent);
    const tokens = await signInTokens(agent, issuer, marie, browser);
    const params = new URLSearchParams({
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: `${SPA_ORIGIN}/`,
      state: 'bye',
      client_id: 'soins-spa',
    });
    const res = await browser.request(`${issuer}/session/end?${params.toString()}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('<script src="/assets/logout.js" defer></script>');
    expect(page).not.toMatch(/<script(?![^>]*\ssrc=)/);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const confirm = await browser.request(new URL(formAction(page, '/session/end/confirm'), issuer).href, {
      form: { xsrf, logout: 'yes' },
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe(`${SPA_ORIGIN}/?state=bye`);

    const after = await refresh(agent, issuer, tokens.refresh_token ?? '');
    expect(after.body.error).toBe('invalid_grant');
    // The session is gone: the next authorization request shows the sign-in page again.
    const { res: next, external } = await browser.follow(
      await browser.request(authorizeUrl(issuer).url),
      issuer,
    );
    expect(external).toBeUndefined();
    expect(await next.text()).toContain('action="/interaction/');
  });

  it('serves its stylesheet and the sign-out script from its own origin', async () => {
    for (const path of ['/assets/identity.css', '/assets/logout.js']) {
      const res = await fetch(`${issuer}${path}`, { dispatcher: agent });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const health = await getJson<{ status: string }>(agent, `${issuer}/health`);
    expect(health.status).toBe('ok');
  });
});

describe('local identity provider replay detection', () => {
  it('revokes the whole family when a refresh token comes back after the grace window', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'soins-idp-replay-'));
    const { idp, agent } = await start(dataDir, { refreshReuseGraceSeconds: 1 });
    try {
      const first = await signInTokens(agent, idp.issuer, marie);
      const r1 = first.refresh_token ?? '';
      const second = await refresh(agent, idp.issuer, r1);
      expect(second.status).toBe(200);
      const r2 = second.body.refresh_token ?? '';
      // Past the window (consumption is recorded in whole seconds).
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      const replay = await refresh(agent, idp.issuer, r1);
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      const newest = await refresh(agent, idp.issuer, r2);
      expect(newest.status).toBe(400);
      expect(newest.body.error).toBe('invalid_grant');
    } finally {
      await idp.stop();
      await agent.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('local identity provider restart', () => {
  it('keeps its certificate, signing key, users, sessions and refresh tokens across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'soins-idp-restart-'));
    try {
      const first = await start(dataDir);
      const browser = new Browser(first.agent);
      const jwksBefore = await getJson<JSONWebKeySet>(first.agent, `${first.idp.issuer}/jwks`);
      const tokens = await signInTokens(first.agent, first.idp.issuer, jan, browser);
      const certBefore = readFileSync(first.idp.caCertPath, 'utf8');
      await first.idp.stop();
      await first.agent.close();

      // Same port, so the issuer (https://localhost:<port>) is the same.
      const port = Number(new URL(first.idp.issuer).port);
      const second = await start(dataDir, { port, accessTokenTtlSeconds: 60 });
      console.info(`identity provider restart (existing certificate and keys): ${second.startedInMs} ms`);
      try {
        expect(readFileSync(second.idp.caCertPath, 'utf8')).toBe(certBefore);
        const jwksAfter = await getJson<JSONWebKeySet>(second.agent, `${second.idp.issuer}/jwks`);
        expect(jwksAfter.keys[0]?.kid).toBe(jwksBefore.keys[0]?.kid);

        // A token signed before the restart still verifies; the refresh token still works.
        expect((await verifyAccessToken(second.agent, second.idp.issuer, tokens.access_token)).sub).toBe(
          jan.sub,
        );
        const refreshed = await refresh(second.agent, second.idp.issuer, tokens.refresh_token ?? '');
        expect(refreshed.status).toBe(200);
        const at = await verifyAccessToken(second.agent, second.idp.issuer, refreshed.body.access_token);
        expect((at.exp ?? 0) - (at.iat ?? 0)).toBe(60);
        expect(refreshed.body.expires_in).toBe(60);

        // The browser session survived (no sign-in form), and the demo users were not duplicated.
        const sso = await authorize(new Browser(second.agent), second.idp.issuer, jan);
        expect(sso.sawLoginPage).toBe(true);
        browser.useAgent(second.agent);
        const again = await authorize(browser, second.idp.issuer, undefined);
        expect(again.sawLoginPage).toBe(false);
        const users = JSON.parse(readFileSync(join(dataDir, 'users.json'), 'utf8')) as {
          users: { sub: string }[];
        };
        expect(users.users.filter((u) => u.sub === jan.sub)).toHaveLength(1);
        expect(users.users).toHaveLength(demo.length);
      } finally {
        await second.idp.stop();
        await second.agent.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
