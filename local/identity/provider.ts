// Local identity provider: oidc-provider over HTTPS (self-signed certificate for `localhost`), standing
// in for Microsoft Entra External ID. One public client (`soins-spa`, authorization code + PKCE S256
// only), one API resource (`api://soins-api`, scope `api://soins-api/access_as_user`) that receives
// RS256 JWT access tokens, rotating refresh tokens, fr/nl sign-in and sign-up pages, RP-initiated
// sign-out. State (certificate, signing keys, users, sessions, grants, refresh tokens) lives in
// `dataDir` and survives restarts.
//
//   GET  /.well-known/openid-configuration   discovery
//   GET  /jwks                               public signing keys
//   GET  /auth                               authorization endpoint (then /interaction/:uid pages)
//   POST /token                              token endpoint (CORS for the SPA origins)
//   GET  /session/end                        end_session_endpoint
//   GET  /interaction/:uid[/signup]          sign-in / sign-up pages (?lang=fr|nl)
//   GET  /health                             { status: 'ok' }
import { timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type {
  Account,
  Configuration,
  ErrorOut,
  Grant,
  KoaContextWithOIDC,
  Provider,
  ResourceServer,
} from 'oidc-provider';
import { HttpError, readBody } from '../lib/http-helpers';
import { repoRoot, type RunningService } from '../lib/service';
import { FileStore } from './adapter';
import { ensureCookieKeys, ensureSigningKeys, ensureTlsCertificate } from './keys';
import {
  LOGOUT_SCRIPT,
  STYLESHEET,
  errorPage,
  homePage,
  localeFromAcceptLanguage,
  localeFromUiLocales,
  loginPage,
  logoutPage,
  signedOutPage,
  signupPage,
  strings,
  type FieldErrors,
  type LoginField,
  type SignupField,
} from './pages';
import {
  MIN_PASSWORD_LENGTH,
  UserStore,
  displayName,
  isLocale,
  isValidEmail,
  loadDemoUsers,
  type Locale,
  type UserAccount,
} from './users';

export interface IdentityProviderOptions {
  /** 8443 by default in `npm start`. */
  port: number;
  /** e.g. .data/identity: certificate, signing keys, users, sessions, grants. */
  dataDir: string;
  /** e.g. ['http://localhost:4280']; redirect URIs are `${origin}/auth/callback`, post-logout `${origin}/`. */
  spaOrigins: string[];
  /** Access token lifetime; default 900. */
  accessTokenTtlSeconds?: number;
  /** Refresh token lifetime (from sign-in; rotation keeps the remaining time); default 604800. */
  refreshTokenTtlSeconds?: number;
  /** Listen address; default 127.0.0.1. The issuer host is always `localhost`. */
  host?: string;
  /**
   * Bearer key of the management endpoint `DELETE /manage/accounts/{sub}` (the api's erasure deletes
   * the account there, as it does in Entra through Microsoft Graph); the endpoint is off without it.
   */
  managementKey?: string;
  /**
   * How long a rotated refresh token may be redeemed again (a page reload during a renewal); default 60. Entra
   * never revokes a rotated refresh token; after this window a reuse revokes the grant (replay detection).
   */
  refreshReuseGraceSeconds?: number;
}

export interface RunningIdentityProvider extends RunningService {
  /** `https://localhost:${port}` (no trailing slash). */
  issuer: string;
  /** PEM of the self-signed certificate, for Node clients (`ca`, or NODE_EXTRA_CA_CERTS). */
  caCertPath: string;
}

export const SPA_CLIENT_ID = 'soins-spa';
export const API_AUDIENCE = 'api://soins-api';
export const API_SCOPE = `${API_AUDIENCE}/access_as_user`;
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 900;
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
export const DEMO_USERS_FILE = join(repoRoot(), 'local', 'seed', 'demo-users.json');

/** A rotated refresh token stays redeemable this long (a page reload during a renewal; see the adapter). */
export const REFRESH_REUSE_GRACE_SECONDS = 60;
const ID_TOKEN_TTL_SECONDS = 3600;
const INTERACTION_TTL_SECONDS = 3600;
const MAX_NAME_LENGTH = 100;

/** Interaction prompts the sign-in page resolves (select_account and create come from MSAL). */
const SIGN_IN_PROMPTS = new Set(['login', 'select_account', 'create']);

type OidcModule = typeof import('oidc-provider');

/**
 * Imports oidc-provider, hiding its import-time notice that Node.js 20 is not an LTS line it tests
 * (it works on Node 20.19+, which the repository requires).
 */
async function loadOidcProvider(): Promise<OidcModule> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    original(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = original;
  }
}

function validateOrigins(origins: readonly string[]): string[] {
  if (origins.length === 0) throw new Error('startIdentityProvider: spaOrigins must not be empty');
  return origins.map((origin) => {
    const parsed = URL.parse(origin);
    if (
      !parsed ||
      (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') ||
      parsed.origin !== origin
    ) {
      throw new Error(`startIdentityProvider: "${origin}" is not an origin like http://localhost:4280`);
    }
    return origin;
  });
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`startIdentityProvider: ${name} must be a positive integer`);
  return value;
}

export async function startIdentityProvider(
  options: IdentityProviderOptions,
): Promise<RunningIdentityProvider> {
  const host = options.host ?? '127.0.0.1';
  const spaOrigins = validateOrigins(options.spaOrigins);
  const accessTtl = positiveInteger(
    options.accessTokenTtlSeconds,
    DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    'accessTokenTtlSeconds',
  );
  const refreshTtl = positiveInteger(
    options.refreshTokenTtlSeconds,
    DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    'refreshTokenTtlSeconds',
  );
  const { port } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error('startIdentityProvider: port must be an integer between 1 and 65535');
  }
  const issuer = `https://localhost:${port}`;
  const dataDir = options.dataDir;
  // Owner-only when we create it: it holds private keys, password hashes and refresh tokens.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const users = new UserStore(dataDir);
  const demoUsers = loadDemoUsers(DEMO_USERS_FILE);
  // Key material, the oidc-provider import and the demo seeding (scrypt, on the thread pool) overlap.
  const [tls, jwks, oidc, seeded] = await Promise.all([
    ensureTlsCertificate(dataDir),
    ensureSigningKeys(dataDir),
    loadOidcProvider(),
    users.seedDemoUsers(demoUsers),
  ]);
  const cookieKeys = ensureCookieKeys(dataDir);
  for (const sub of seeded.skipped) {
    process.stderr.write(`identity: demo account ${sub} not seeded: its e-mail belongs to another account\n`);
  }
  const store = new FileStore(
    dataDir,
    undefined,
    options.refreshReuseGraceSeconds ?? REFRESH_REUSE_GRACE_SECONDS,
  );

  const appUrl = `${spaOrigins[0] ?? ''}/`;
  const csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    `form-action 'self' ${spaOrigins.join(' ')}; base-uri 'none'; frame-ancestors 'none'`;

  const resourceServer: ResourceServer = {
    scope: API_SCOPE,
    audience: API_AUDIENCE,
    accessTokenTTL: accessTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };

  const accountClaims = (user: UserAccount): Record<string, unknown> => ({
    sub: user.sub,
    email: user.email,
    email_verified: true,
    preferred_username: user.email,
    name: displayName(user),
    given_name: user.firstName,
    family_name: user.lastName,
    locale: user.locale,
  });

  /** Language of a page rendered by oidc-provider: ui_locales, the account's language, Accept-Language, fr. */
  const ctxLocale = (ctx: KoaContextWithOIDC): Locale => {
    const params = ctx.oidc.params;
    const fromParams = localeFromUiLocales(params?.ui_locales);
    if (fromParams) return fromParams;
    const accountId = ctx.oidc.session?.accountId;
    const account = accountId ? users.findBySub(accountId) : undefined;
    return account?.locale ?? localeFromAcceptLanguage(ctx.get('accept-language')) ?? 'fr';
  };

  const requestsApi = (scope: unknown): boolean =>
    typeof scope === 'string' && scope.split(' ').some((s) => s.startsWith(`${API_AUDIENCE}/`));

  /** Adds what the SPA requests to its grant: it is first-party, so there is no consent screen. */
  const grantEverythingRequested = (ctx: KoaContextWithOIDC, grant: Grant): void => {
    const oidcScopes = [...ctx.oidc.requestParamOIDCScopes];
    if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
    const claims = [...ctx.oidc.requestParamClaims];
    if (claims.length) grant.addOIDCClaims(claims);
    for (const [indicator, server] of Object.entries(ctx.oidc.resourceServers ?? {})) {
      const scopes = [...ctx.oidc.requestParamScopes].filter((s) => server.scopes.has(s));
      grant.addResourceScope(indicator, scopes.join(' '));
    }
  };

  const configuration: Configuration = {
    adapter: store.adapterFactory(),
    clients: [
      {
        client_id: SPA_CLIENT_ID,
        client_name: 'SOINS+',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: spaOrigins.map((o) => `${o}/auth/callback`),
        post_logout_redirect_uris: spaOrigins.flatMap((o) => [`${o}/`, o]),
      },
    ],
    jwks: { keys: jwks.keys },
    cookies: { keys: cookieKeys },
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      // MSAL requests `openid profile`: the e-mail comes with the profile so the ID token always has it.
      profile: [
        'name',
        'given_name',
        'family_name',
        'locale',
        'preferred_username',
        'email',
        'email_verified',
      ],
    },
    conformIdTokenClaims: false,
    extraParams: {
      // OIDC Core drops `offline_access` unless prompt=consent. MSAL always requests it (and sends it
      // again when refreshing, where oidc-provider would then answer invalid_scope), and Entra keeps
      // it for first-party apps: put it back for the SPA. Runs after oidc-provider's scope checks.
      x_soins_offline_access: (ctx, _value, client) => {
        if (client.clientId !== SPA_CLIENT_ID) return;
        const raw: unknown = ctx.method === 'POST' ? ctx.oidc.body?.scope : ctx.query.scope;
        const scope = ctx.oidc.params?.scope;
        if (typeof raw !== 'string' || typeof scope !== 'string') return;
        const requested = raw.split(' ');
        const kept = scope.split(' ');
        if (requested.includes('offline_access') && !kept.includes('offline_access')) {
          (ctx.oidc.params as Record<string, unknown>).scope = [...kept, 'offline_access'].join(' ');
        }
      },
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      claimsParameter: { enabled: false },
      introspection: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: (ctx, client, token) => Promise.resolve(token.clientId === client.clientId),
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.set('content-security-policy', csp);
          ctx.type = 'html';
          ctx.body = logoutPage(ctxLocale(ctx), form);
          return Promise.resolve();
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.set('content-security-policy', csp);
          ctx.type = 'html';
          ctx.body = signedOutPage(ctxLocale(ctx), appUrl);
          return Promise.resolve();
        },
      },
      resourceIndicators: {
        enabled: true,
        // MSAL sends Entra-style scopes and no `resource`: an `api://soins-api/...` scope selects the API.
        defaultResource: (ctx, _client, oneOf) => {
          if (oneOf) return Promise.resolve(oneOf.includes(API_AUDIENCE) ? API_AUDIENCE : oneOf);
          return Promise.resolve(requestsApi(ctx.oidc.params?.scope) ? API_AUDIENCE : undefined);
        },
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== API_AUDIENCE || client.clientId !== SPA_CLIENT_ID) {
            return Promise.reject(new oidc.errors.InvalidTarget());
          }
          return Promise.resolve(resourceServer);
        },
        useGrantedResource: () => Promise.resolve(true),
      },
    },
    interactions: {
      policy: (() => {
        const policy = oidc.interactionPolicy.base();
        // MSAL may send prompt=select_account (account picker) or prompt=create (Entra External ID
        // sign-up); both are answered by the sign-in / sign-up page.
        policy.add(new oidc.interactionPolicy.Prompt({ name: 'select_account', requestable: true }));
        policy.add(new oidc.interactionPolicy.Prompt({ name: 'create', requestable: true }));
        return policy;
      })(),
      url: (_ctx, interaction) => Promise.resolve(`/interaction/${interaction.uid}`),
    },
    findAccount: (_ctx, sub) => {
      const user = users.findBySub(sub);
      if (!user) return Promise.resolve(undefined);
      const account: Account = {
        accountId: user.sub,
        claims: () => Promise.resolve({ ...accountClaims(user), sub: user.sub }),
      };
      return Promise.resolve(account);
    },
    extraTokenClaims: (ctx, token) => {
      const accountId = 'accountId' in token ? token.accountId : undefined;
      const user = typeof accountId === 'string' ? users.findBySub(accountId) : undefined;
      if (!user) return Promise.resolve(undefined);
      // Entra-style extras for parity with production: `scp` (scope names without the resource
      // prefix) and `azp` (the client), besides the standard `scope` and `client_id`.
      const scp = (token.scope ?? '')
        .split(' ')
        .filter((x) => x.startsWith(`${API_AUDIENCE}/`))
        .map((x) => x.slice(API_AUDIENCE.length + 1))
        .join(' ');
      // When the person last typed their password (the code or refresh token carries it): the api asks
      // for a recent one before an erasure (Entra: the `auth_time` optional claim of the access token).
      const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
      const authTime = source?.authTime;
      return Promise.resolve({
        email: user.email,
        name: displayName(user),
        locale: user.locale,
        ...(typeof authTime === 'number' ? { auth_time: authTime } : {}),
        ...(scp ? { scp } : {}),
        azp: token.clientId,
      });
    },
    formats: {
      customizers: {
        jwt: (_ctx, _token, jwt) => {
          const iat = jwt.payload.iat;
          if (typeof iat === 'number') jwt.payload.nbf = iat;
        },
      },
    },
    issueRefreshToken: (_ctx, client, code) =>
      Promise.resolve(
        client.grantTypeAllowed('refresh_token') &&
          (client.clientId === SPA_CLIENT_ID || code.scopes.has('offline_access')),
      ),
    // Sign-out (or the end of the 7-day sign-in session) ends the refresh tokens too.
    expiresWithSession: () => Promise.resolve(true),
    rotateRefreshToken: true,
    loadExistingGrant: async (ctx) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      let grant = grantId ? await provider.Grant.find(grantId) : undefined;
      if (client.clientId !== SPA_CLIENT_ID) return grant;
      if (!grant || grant.accountId !== session.accountId) {
        grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      }
      grantEverythingRequested(ctx, grant);
      await grant.save();
      return grant;
    },
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === SPA_CLIENT_ID && spaOrigins.includes(origin),
    renderError: (ctx, out: ErrorOut) => {
      ctx.set('content-security-policy', csp);
      ctx.type = 'html';
      ctx.body = errorPage({
        lang: ctxLocale(ctx),
        kind: 'error',
        code: out.error,
        description: out.error_description,
        appUrl,
      });
      return Promise.resolve();
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTtl,
      AuthorizationCode: () => 60,
      IdToken: () => ID_TOKEN_TTL_SECONDS,
      Interaction: () => INTERACTION_TTL_SECONDS,
      Session: () => refreshTtl,
      Grant: () => refreshTtl,
      // Rotation keeps the family's remaining lifetime: the sign-in lasts refreshTtl, like a session.
      RefreshToken: (ctx, token) => {
        const rotated = ctx.oidc.entities.RotatedRefreshToken;
        if (rotated && rotated !== token) return Math.max(1, rotated.remainingTTL);
        return refreshTtl;
      },
    },
  };

  const provider: Provider = new oidc.Provider(issuer, configuration);

  // MSAL browser 5's logoutRedirect sends neither id_token_hint nor client_id, so oidc-provider would
  // not know the client and would drop post_logout_redirect_uri. A redirect registered for the SPA
  // identifies it (there is no other client).
  const postLogoutUris = new Set(configuration.clients?.flatMap((c) => c.post_logout_redirect_uris ?? []));
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/session/end') {
      const q = ctx.query;
      const uri = q.post_logout_redirect_uri;
      if (
        q.id_token_hint === undefined &&
        q.client_id === undefined &&
        typeof uri === 'string' &&
        postLogoutUris.has(uri)
      ) {
        ctx.query = { ...q, client_id: SPA_CLIENT_ID };
      }
    }
    await next();
    // Like Entra, tell the SPA when its refresh token ends (MSAL caches it as the token's expiry).
    const oidcCtx = (ctx as { oidc?: KoaContextWithOIDC['oidc'] }).oidc;
    if (
      oidcCtx?.route === 'token' &&
      ctx.status === 200 &&
      typeof ctx.body === 'object' &&
      ctx.body !== null
    ) {
      const body = ctx.body as Record<string, unknown>;
      const refreshToken = oidcCtx.entities.RefreshToken;
      if (typeof body.refresh_token === 'string' && refreshToken) {
        body.refresh_token_expires_in = refreshToken.remainingTTL;
      }
    }
  });

  // --- pages and interactions ---------------------------------------------------------------------

  const sendPage = (res: http.ServerResponse, status: number, html: string): void => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(html);
  };

  const sendAsset = (res: http.ServerResponse, type: string, body: string): void => {
    res.writeHead(200, {
      'content-type': `${type}; charset=utf-8`,
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    res.end(body);
  };

  const readForm = async (req: http.IncomingMessage): Promise<URLSearchParams> => {
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new HttpError(415, 'Expected a form submission');
    }
    return new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
  };

  const requestLocale = (req: http.IncomingMessage, explicit: string | null, uiLocales?: unknown): Locale => {
    if (isLocale(explicit)) return explicit;
    return localeFromUiLocales(uiLocales) ?? localeFromAcceptLanguage(req.headers['accept-language']) ?? 'fr';
  };

  const demoHints = demoUsers.map((d) => ({ email: d.email, role: d.role }));
  const demoPassword = demoUsers.every((d) => d.password === demoUsers[0]?.password)
    ? demoUsers[0]?.password
    : undefined;

  const renderLogin = (
    res: http.ServerResponse,
    status: number,
    uid: string,
    lang: Locale,
    email: string,
    errors: FieldErrors<LoginField> = {},
  ): void => {
    sendPage(
      res,
      status,
      loginPage({
        uid,
        lang,
        email,
        errors,
        demoAccounts: demoHints,
        ...(demoPassword ? { demoPassword } : {}),
      }),
    );
  };

  const finishLogin = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    accountId: string,
  ): Promise<void> => {
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId, remember: true, amr: ['pwd'] }, select_account: {}, create: {} },
      { mergeWithLastSubmission: false },
    );
  };

  const autoConsent = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    details: Awaited<ReturnType<Provider['interactionDetails']>>,
  ): Promise<void> => {
    const accountId = details.session?.accountId;
    const clientId = details.params.client_id;
    if (!accountId || typeof clientId !== 'string') throw new HttpError(400, 'No signed-in account');
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { consent: existing ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  };

  const validateSignup = (
    form: URLSearchParams,
    s: ReturnType<typeof strings>,
  ): {
    errors: FieldErrors<SignupField>;
    values: { firstName: string; lastName: string; email: string; locale: string };
    password: string;
  } => {
    const values = {
      firstName: (form.get('firstName') ?? '').trim(),
      lastName: (form.get('lastName') ?? '').trim(),
      email: (form.get('email') ?? '').trim(),
      locale: form.get('locale') ?? '',
    };
    const password = form.get('password') ?? '';
    const errors: FieldErrors<SignupField> = {};
    if (!values.firstName) errors.firstName = s.firstNameRequired;
    else if (values.firstName.length > MAX_NAME_LENGTH) errors.firstName = s.tooLong;
    if (!values.lastName) errors.lastName = s.lastNameRequired;
    else if (values.lastName.length > MAX_NAME_LENGTH) errors.lastName = s.tooLong;
    if (!values.email) errors.email = s.emailRequired;
    else if (!isValidEmail(values.email.toLowerCase())) errors.email = s.emailInvalid;
    if (!password) errors.password = s.passwordRequired;
    else if (Array.from(password).length < MIN_PASSWORD_LENGTH)
      errors.password = s.passwordTooShort(MIN_PASSWORD_LENGTH);
    if (!isLocale(values.locale)) errors.locale = s.languageRequired;
    return { errors, values, password };
  };

  const handleInteraction = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
  ): Promise<void> => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|signup|abort))?\/?$/.exec(url.pathname);
    if (!match?.[1]) throw new HttpError(404, 'Not found');
    const uid = match[1];
    const action = match[2];
    const method = req.method ?? 'GET';
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch (err) {
      if (err instanceof oidc.errors.SessionNotFound) {
        sendPage(
          res,
          400,
          errorPage({ lang: requestLocale(req, url.searchParams.get('lang')), kind: 'expired', appUrl }),
        );
        return;
      }
      throw err;
    }
    if (details.uid !== uid) {
      sendPage(
        res,
        400,
        errorPage({ lang: requestLocale(req, url.searchParams.get('lang')), kind: 'expired', appUrl }),
      );
      return;
    }
    const promptName = details.prompt.name;
    const uiLocales = details.params.ui_locales;
    const requestedPrompts =
      typeof details.params.prompt === 'string' ? details.params.prompt.split(' ') : [];
    const loginHint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';

    if (method === 'GET' && !action) {
      const lang = requestLocale(req, url.searchParams.get('lang'), uiLocales);
      if (promptName === 'consent') {
        await autoConsent(req, res, details);
        return;
      }
      if (!SIGN_IN_PROMPTS.has(promptName)) throw new HttpError(400, `Unsupported prompt ${promptName}`);
      if ((promptName === 'create' || requestedPrompts.includes('create')) && !url.searchParams.has('lang')) {
        sendPage(
          res,
          200,
          signupPage({ uid, lang, values: { email: loginHint }, minPasswordLength: MIN_PASSWORD_LENGTH }),
        );
        return;
      }
      renderLogin(res, 200, uid, lang, loginHint);
      return;
    }
    if (method === 'GET' && action === 'signup') {
      if (!SIGN_IN_PROMPTS.has(promptName)) throw new HttpError(400, `Unsupported prompt ${promptName}`);
      const lang = requestLocale(req, url.searchParams.get('lang'), uiLocales);
      sendPage(res, 200, signupPage({ uid, lang, minPasswordLength: MIN_PASSWORD_LENGTH }));
      return;
    }
    if (method !== 'POST' || !action) throw new HttpError(405, 'Method not allowed');

    const form = await readForm(req);
    const lang = requestLocale(req, form.get('lang'), uiLocales);
    const s = strings(lang);

    if (action === 'abort') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (!SIGN_IN_PROMPTS.has(promptName)) throw new HttpError(400, `Unsupported prompt ${promptName}`);

    if (action === 'login') {
      const email = (form.get('email') ?? '').trim();
      const password = form.get('password') ?? '';
      const errors: FieldErrors<LoginField> = {};
      if (!email) errors.email = s.emailRequired;
      if (!password) errors.password = s.passwordRequired;
      if (errors.email || errors.password) {
        renderLogin(res, 400, uid, lang, email, errors);
        return;
      }
      const user = await users.authenticate(email, password);
      if (!user) {
        // One message for both fields, shown with the e-mail field, which receives focus.
        renderLogin(res, 401, uid, lang, email, { email: s.badCredentials });
        return;
      }
      await finishLogin(req, res, user.sub);
      return;
    }

    // action === 'signup'
    const { errors, values, password } = validateSignup(form, s);
    if (Object.keys(errors).length === 0 && isLocale(values.locale)) {
      const created = await users.create({
        firstName: values.firstName,
        lastName: values.lastName,
        email: values.email,
        locale: values.locale,
        password,
      });
      if (created.ok) {
        await finishLogin(req, res, created.user.sub);
        return;
      }
      errors.email = s.emailTaken;
    }
    sendPage(res, 400, signupPage({ uid, lang, values, errors, minPasswordLength: MIN_PASSWORD_LENGTH }));
  };

  const handleOwn = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    if (url.pathname === '/health' && (method === 'GET' || method === 'HEAD')) {
      const body = JSON.stringify({ status: 'ok', issuer });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : body);
      return;
    }
    const managed = /^\/manage\/accounts\/([\w-]{1,128})$/.exec(url.pathname);
    if (managed?.[1] && method === 'DELETE') {
      const key = options.managementKey;
      const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '');
      const expected = Buffer.from(key ?? '');
      if (!key || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
        return;
      }
      // Idempotent like Graph's second DELETE would not be: an unknown account is a 404 the api accepts.
      res.writeHead(users.delete(managed[1]) ? 204 : 404).end();
      return;
    }
    if (url.pathname === '/assets/identity.css' && method === 'GET') {
      sendAsset(res, 'text/css', STYLESHEET);
      return;
    }
    if (url.pathname === '/assets/logout.js' && method === 'GET') {
      sendAsset(res, 'text/javascript', LOGOUT_SCRIPT);
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=86400' });
      res.end();
      return;
    }
    if (url.pathname === '/' && method === 'GET') {
      sendPage(res, 200, homePage(requestLocale(req, url.searchParams.get('lang')), issuer, appUrl));
      return;
    }
    await handleInteraction(req, res, url);
  };

  const providerCallback = provider.callback();

  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const own =
      url.pathname === '/' ||
      url.pathname === '/health' ||
      url.pathname === '/favicon.ico' ||
      url.pathname.startsWith('/assets/') ||
      url.pathname.startsWith('/manage/accounts/') ||
      url.pathname.startsWith('/interaction/');
    if (!own) {
      void providerCallback(req, res);
      return;
    }
    handleOwn(req, res, url).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const status = err instanceof HttpError ? err.status : 500;
      if (status >= 500) {
        process.stderr.write(
          `identity: ${req.method ?? 'GET'} ${url.pathname} failed: ${err instanceof Error ? err.message : String(err)}\n`,
        );
      }
      const lang = requestLocale(req, url.searchParams.get('lang'));
      sendPage(
        res,
        status,
        errorPage({
          lang,
          kind: status === 404 ? 'not_found' : 'error',
          ...(status === 404 ? {} : { code: String(status) }),
          appUrl,
        }),
      );
    });
  });
  // Keep-alive sockets would otherwise delay stop().
  server.keepAliveTimeout = 5000;

  provider.on('server_error', (_ctx: unknown, err: unknown) => {
    process.stderr.write(`identity: server error: ${err instanceof Error ? err.message : String(err)}\n`);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  if (actualPort !== port) throw new Error('unexpected port');

  let stopped = false;
  return {
    name: 'identity',
    url: issuer,
    issuer,
    caCertPath: tls.certPath,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve, reject) => {
        server.close((err) => {
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
        setTimeout(() => {
          server.closeAllConnections();
        }, 1000).unref();
      });
      store.flush();
    },
  };
}
