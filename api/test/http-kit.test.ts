import { HttpRequest, InvocationContext } from '@azure/functions';
import { problemSchema } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Logger } from '../src/domain/ports';
import {
  access,
  fallbackRoute,
  readJson,
  wrapRoute,
  type Authenticate,
  type RouteSpec,
} from '../src/functions/http-kit';
import { languageFrom } from '../src/functions/problems';

const lines: string[] = [];
const logger: Logger = {
  info: (event) => lines.push(event),
  warn: (event) => lines.push(event),
  error: (event) => lines.push(event),
};

const noAuthentication: Authenticate = () => Promise.reject(new Error('anonymous routes never authenticate'));

const echo: RouteSpec = {
  name: 'echo',
  methods: ['POST'],
  route: 'echo/{id}',
  access: access.anonymous,
  maxBodyBytes: 64,
  handle: async (ctx) => ({
    status: 201,
    body: { id: ctx.params.id, ...(await readJson(ctx, z.object({ n: z.number() }))) },
  }),
};

function call(
  route: RouteSpec,
  init: { body?: string; headers?: Record<string, string>; params?: Record<string, string> },
) {
  const request = new HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/echo/1',
    headers: init.headers ?? {},
    params: init.params ?? { id: '1' },
    ...(init.body === undefined ? {} : { body: { string: init.body } }),
  });
  return wrapRoute(route, {
    logger,
    maxBodyBytes: 1024,
    authenticate: noAuthentication,
    hasPendingLegal: () => Promise.resolve(false),
    reportError: (error, tags) => reported.push({ error, tags }),
  })(request, new InvocationContext());
}

const reported: { error: unknown; tags: Readonly<Record<string, string>> }[] = [];

function problem(response: { body?: unknown }) {
  return problemSchema.parse(JSON.parse(response.body as string));
}

describe('wrapRoute and readJson', () => {
  const json = { 'content-type': 'application/json' };

  it('returns the handler result with a request id and security headers', async () => {
    const response = await call(echo, { body: '{"n":3}', headers: json });
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body as string)).toEqual({ id: '1', n: 3 });
    const headers = response.headers as Record<string, string>;
    expect(headers['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('keeps a well-formed incoming request id', async () => {
    const response = await call(echo, {
      body: '{"n":3}',
      headers: { ...json, 'x-request-id': 'abc-12345678' },
    });
    expect((response.headers as Record<string, string>)['X-Request-Id']).toBe('abc-12345678');
  });

  it.each([
    ['malformed JSON', { body: '{"n":', headers: json }, 400, 'malformed_json'],
    ['schema violation', { body: '{"n":"x"}', headers: json }, 400, 'validation_failed'],
    [
      'wrong content type',
      { body: 'n=1', headers: { 'content-type': 'text/plain' } },
      415,
      'unsupported_media_type',
    ],
    ['missing content type', { body: '{"n":1}', headers: {} }, 415, 'unsupported_media_type'],
    [
      'body over the limit',
      { body: JSON.stringify({ n: 1, pad: 'x'.repeat(100) }), headers: json },
      413,
      'payload_too_large',
    ],
  ] as const)('maps %s to a %i problem', async (_label, init, status, code) => {
    const response = await call(echo, init);
    expect(response.status).toBe(status);
    expect((response.headers as Record<string, string>)['Content-Type']).toContain(
      'application/problem+json',
    );
    const body = problem(response);
    expect(body.code).toBe(code);
    expect(body.status).toBe(status);
  });

  it('lists field errors for schema violations', async () => {
    const body = problem(await call(echo, { body: '{}', headers: json }));
    expect(body.errors?.[0]?.path).toBe('n');
  });

  it('turns an unexpected exception into a 500 problem without the message or stack', async () => {
    const broken: RouteSpec = {
      ...echo,
      handle: () => Promise.reject(new Error('secret detail at /home/x.ts:1')),
    };
    const response = await call(broken, { body: '{"n":1}', headers: json });
    expect(response.status).toBe(500);
    expect(response.body as string).not.toContain('secret detail');
    expect(lines).toContain('http.unhandled_error');
    // The error itself goes to the failure reporter (Sentry), with the route and request id.
    expect(reported.at(-1)?.error).toBeInstanceOf(Error);
    expect(reported.at(-1)?.tags).toMatchObject({ route: 'echo' });
  });

  it('localizes problem titles from Accept-Language', async () => {
    const nl = problem(
      await call(echo, { body: '{', headers: { ...json, 'accept-language': 'nl-BE,nl;q=0.9' } }),
    );
    const fr = problem(await call(echo, { body: '{', headers: json }));
    expect(nl.title).not.toBe(fr.title);
    expect(languageFrom('de-DE, nl;q=0.5, fr;q=0.4')).toBe('nl');
    expect(languageFrom('en;q=0, nl;q=0.1')).toBe('nl');
    expect(languageFrom(undefined)).toBe('fr');
  });
});

describe('fallbackRoute', () => {
  const fallback = fallbackRoute([echo, { ...echo, name: 'get', methods: ['GET'], route: 'things' }]);

  it('answers 405 with Allow when the path exists for another method', async () => {
    const response = await call(fallback, { params: { path: 'echo/9' } });
    expect(response.status).toBe(405);
    expect((response.headers as Record<string, string>).Allow).toBe('POST');
  });

  it('answers 404 for unknown paths', async () => {
    const response = await call(fallback, { params: { path: 'nope' } });
    expect(response.status).toBe(404);
    expect(problem(response).code).toBe('not_found');
  });
});

describe('access rules', () => {
  const profile = (id: string, roles: ('learner' | 'trainer' | 'admin')[]) => ({
    id,
    issuer: 'https://idp',
    subject: id,
    email: `${id}@example.be`,
    displayName: id,
    roles,
    language: 'fr' as const,
    status: 'active' as const,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  const callers = {
    owner: profile('u_owner', ['learner']),
    other: profile('u_other', ['learner']),
    admin: profile('u_admin', ['learner', 'admin']),
  };
  const authenticateAs: Authenticate = (request) => {
    const who = request.headers.get('x-test-caller');
    if (who === 'disabled')
      return Promise.resolve({ ok: false, error: { code: 'account_disabled', message: 'x' } });
    const caller = who ? callers[who as keyof typeof callers] : undefined;
    return Promise.resolve(
      caller ? { ok: true, value: caller } : { ok: false, error: { code: 'unauthorized', message: 'x' } },
    );
  };
  const route = (rule: RouteSpec['access']): RouteSpec => ({
    name: 'owned',
    methods: ['GET'],
    route: 'users/{userId}/things',
    access: rule,
    handle: (ctx) => Promise.resolve({ body: { caller: ctx.caller?.id ?? null } }),
  });
  const callAs = (rule: RouteSpec['access'], who: string | undefined, userId = 'u_owner') =>
    wrapRoute(route(rule), {
      logger,
      maxBodyBytes: 1024,
      authenticate: authenticateAs,
      hasPendingLegal: () => Promise.resolve(false),
    })(
      new HttpRequest({
        method: 'GET',
        url: `http://localhost/api/users/${userId}/things`,
        headers: who ? { 'x-test-caller': who } : {},
        params: { userId },
      }),
      new InvocationContext(),
    );

  it('owner-or-roles admits the owner and the role, refuses another user', async () => {
    const rule = access.ownerOr('userId', 'admin');
    expect((await callAs(rule, 'owner')).status).toBe(200);
    expect((await callAs(rule, 'admin')).status).toBe(200);
    expect((await callAs(rule, 'other')).status).toBe(403);
    expect((await callAs(rule, undefined)).status).toBe(401);
  });

  it('roles refuse users without the role, signed-in admits any active user', async () => {
    expect((await callAs(access.roles('admin'), 'owner')).status).toBe(403);
    expect((await callAs(access.roles('admin'), 'admin')).status).toBe(200);
    expect((await callAs(access.signedIn, 'other')).status).toBe(200);
  });

  it('a disabled account gets 403 account_disabled and an unknown one 401 with a Bearer challenge', async () => {
    const disabled = await callAs(access.signedIn, 'disabled');
    expect(disabled.status).toBe(403);
    expect(problem(disabled).code).toBe('account_disabled');
    const anonymous = await callAs(access.signedIn, undefined);
    expect((anonymous.headers as Record<string, string>)['WWW-Authenticate']).toBe('Bearer');
  });

  it('refuses product use until legal documents are accepted when the route requires it', async () => {
    const gated: RouteSpec = { ...route(access.signedIn), requiresLegalAcceptance: true };
    const response = await wrapRoute(gated, {
      logger,
      maxBodyBytes: 1024,
      authenticate: authenticateAs,
      hasPendingLegal: () => Promise.resolve(true),
    })(
      new HttpRequest({
        method: 'GET',
        url: 'http://localhost/api/x',
        headers: { 'x-test-caller': 'owner' },
        params: { userId: 'u_owner' },
      }),
      new InvocationContext(),
    );
    expect(response.status).toBe(403);
    expect(problem(response).code).toBe('legal_acceptance_required');
  });
});
