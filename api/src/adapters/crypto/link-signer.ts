// Signed links (the reminders' one-click unsubscribe): HMAC-SHA-256 over a short payload.
//
// No new secret: the key of each version is derived with HKDF-SHA-256 from the blind-index keyring
// (INAMI_INDEX_KEYS, a secret HMAC keyring already in Key Vault) with the purpose as HKDF info, so the
// derived keys are independent of the index key and of each other (a signature for one purpose is
// useless for another, and reveals nothing about the index key). The token names its key version:
// tokens signed before an index-key rotation keep working while the old version stays in the keyring;
// once it is retired they answer "invalid link" (the person can still change reminders in the profile).
//
// Token: `v<version>.<base64url(payload)>.<base64url(HMAC)>`.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { LinkSigner } from '../../domain/reminders/use-cases';
import { parseKeyring, type InamiKeySettings, type Keyring } from './field-cipher';

export type LinkPurpose = 'reminders-unsubscribe';

const tokenPattern = /^v([1-9]\d{0,8})\.([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/;

export class HmacLinkSigner implements LinkSigner {
  private readonly derived = new Map<number, Buffer>();

  constructor(
    private readonly keyring: Keyring,
    private readonly purpose: LinkPurpose,
  ) {}

  sign(payload: string): string {
    const version = this.keyring.current;
    const body = Buffer.from(payload, 'utf8').toString('base64url');
    return `v${String(version)}.${body}.${this.mac(version, body)?.toString('base64url') ?? ''}`;
  }

  verify(token: string): string | undefined {
    const match = tokenPattern.exec(token);
    if (!match) return undefined;
    const [, versionText = '', body = '', signature = ''] = match;
    const expected = this.mac(Number(versionText), body);
    const given = Buffer.from(signature, 'base64url');
    if (!expected || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const payload = Buffer.from(body, 'base64url');
    // Canonical encodings only: no second spelling of the same payload.
    return payload.toString('base64url') === body ? payload.toString('utf8') : undefined;
  }

  private mac(version: number, body: string): Buffer | undefined {
    let key = this.derived.get(version);
    if (!key) {
      const root = this.keyring.key(version);
      if (!root) return undefined;
      key = Buffer.from(hkdfSync('sha256', root, 'soins-plus/signed-links', this.purpose, 32));
      this.derived.set(version, key);
    }
    return createHmac('sha256', key)
      .update(`v${String(version)}.${body}`, 'utf8')
      .digest();
  }
}

/** The unsubscribe-link signer from the api settings (the INAMI index keyring). */
export function createLinkSigner(settings: InamiKeySettings, purpose: LinkPurpose): HmacLinkSigner {
  const keyring = parseKeyring(
    { name: 'INAMI_INDEX_KEYS', value: settings.INAMI_INDEX_KEYS?.toString() },
    { name: 'INAMI_INDEX_CURRENT', value: settings.INAMI_INDEX_CURRENT },
    'inami-index',
  );
  return new HmacLinkSigner(keyring, purpose);
}
