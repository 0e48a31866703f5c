// Microsoft Entra External ID (the production identity provider): the shapes of its v2.0 access tokens.
// For an api registration whose tokens are v2 (`requestedAccessTokenVersion: 2`), an access token the
// SPA obtains for the scope `api://<api client id>/access_as_user` carries:
//   iss  https://<tenant id>.ciamlogin.com/<tenant id>/v2.0
//   aud  <api client id>            (a GUID, not the Application ID URI)
//   azp  <SPA client id>            (v1 tokens carry `appid` instead)
//   scp  access_as_user             (space-separated scope names, without the api:// prefix)
//   tid  <tenant id>,  ver  "2.0"
// v1 tokens (`iss` https://sts.windows.net/<tenant id>/, `aud` the Application ID URI, `appid`,
// `ver` "1.0") are what the api registration issues until its manifest asks for v2: they are refused.

export const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const v2IssuerPattern =
  /^https:\/\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.ciamlogin\.com\/([0-9a-f-]{36})\/v2\.0$/i;

/** The tenant id of an Entra External ID v2.0 issuer, or undefined for any other issuer. */
export function entraV2TenantOf(issuer: string): string | undefined {
  const match = v2IssuerPattern.exec(issuer);
  if (!match?.[1] || match[1].toLowerCase() !== match[2]?.toLowerCase()) return undefined;
  return match[1].toLowerCase();
}

/** The scope the SPA requests for this api: `api://<api client id>/access_as_user`. */
export const entraApiScope = (apiClientId: string): string => `api://${apiClientId}/access_as_user`;
