// Signs a user in at the local identity provider the way MSAL does (authorization code + PKCE, real
// login form), and returns the tokens. Used by api integration tests to call routes as real users.
import type { Agent } from 'undici';
import {
  Browser,
  MSAL_SCOPES,
  REDIRECT_URI,
  authorizeUrl,
  callbackParams,
  formAction,
  pkcePair,
  tokenRequest,
  type TokenResponse,
} from '../../local/identity/oidc-test-client';

export async function signIn(
  agent: Agent,
  issuer: string,
  credentials: { email: string; password: string },
): Promise<TokenResponse> {
  const browser = new Browser(agent);
  const pkce = pkcePair();
  const { url } = authorizeUrl(issuer, { challenge: pkce.challenge });
  let { res, external } = await browser.follow(await browser.request(url), issuer);
  if (!external) {
    const action = formAction(await res.text(), '/login');
    ({ res, external } = await browser.follow(
      await browser.request(new URL(action, issuer).href, { form: { ...credentials, lang: 'fr' } }),
      issuer,
    ));
  }
  if (!external)
    throw new Error(`sign-in for ${credentials.email} did not return to the SPA (${res.status})`);
  const code = callbackParams(external).get('code');
  if (!code) throw new Error('no authorization code');
  const { status, body } = await tokenRequest(agent, issuer, {
    grant_type: 'authorization_code',
    code,
    code_verifier: pkce.verifier,
    redirect_uri: REDIRECT_URI,
    scope: MSAL_SCOPES,
  });
  if (status !== 200) throw new Error(`token request failed: ${body.error ?? status}`);
  return body;
}
