// The erasure's last word at the identity provider: the person's account is deleted there too.
// Entra External ID: Microsoft Graph `DELETE /v1.0/users/{object id}` with the Function App's managed
// identity, which needs the `User.ReadWrite.All` application permission on Microsoft Graph (granted by a
// tenant admin of the external tenant: docs/deployment.md). Local: the local provider's management
// endpoint `DELETE /manage/accounts/{sub}`, behind a bearer key. Both treat "already gone" (404) as done.
import type { TokenCredential } from '@azure/core-auth';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IdentityAccounts } from '../../domain/privacy/erasure';

const GRAPH = 'https://graph.microsoft.com';

export class GraphIdentityAccounts implements IdentityAccounts {
  constructor(
    private readonly deps: {
      credential: TokenCredential;
      fetch?: typeof fetch;
    },
  ) {}

  async delete(identity: { issuer: string; subject: string; objectId?: string }): Promise<void> {
    // Entra's `sub` is per application; Graph names the user by its object id (`oid`), captured when
    // the erasure was requested.
    if (!identity.objectId) throw new Error('the Entra object id (oid) of the account is unknown');
    const token = await this.deps.credential.getToken(`${GRAPH}/.default`);
    if (!token) throw new Error('no Microsoft Graph token for the managed identity');
    const response = await (this.deps.fetch ?? fetch)(
      `${GRAPH}/v1.0/users/${encodeURIComponent(identity.objectId)}`,
      { method: 'DELETE', headers: { authorization: `Bearer ${token.token}` } },
    );
    if (response.status === 204 || response.status === 404) return;
    throw new Error(`Microsoft Graph answered ${String(response.status)} to the account deletion`);
  }
}

export class LocalIdentityAccounts implements IdentityAccounts {
  private readonly ca: string | undefined;

  constructor(
    private readonly deps: {
      issuer: string;
      managementKey: string | undefined;
      caCertPath?: string | undefined;
    },
  ) {
    this.ca = deps.caCertPath ? readFileSync(deps.caCertPath, 'utf8') : undefined;
  }

  delete(identity: { issuer: string; subject: string }): Promise<void> {
    const key = this.deps.managementKey;
    if (!key) return Promise.reject(new Error('LOCAL_IDP_MANAGEMENT_KEY is not set'));
    const url = new URL(`/manage/accounts/${encodeURIComponent(identity.subject)}`, this.deps.issuer);
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          method: 'DELETE',
          headers: { authorization: `Bearer ${key}` },
          timeout: 5_000,
          ...(this.ca ? { ca: this.ca } : {}),
        },
        (response) => {
          response.resume();
          const status = response.statusCode ?? 500;
          if (status === 204 || status === 404) resolve();
          else reject(new Error(`the local identity provider answered ${String(status)}`));
        },
      );
      request.on('timeout', () => request.destroy(new Error('identity provider timeout')));
      request.on('error', reject);
      request.end();
    });
  }
}
