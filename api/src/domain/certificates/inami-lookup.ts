// What the certificates module needs of the learner's INAMI number: whether one is stored (the hours
// ledger) and its formatted value (printed on the PDF).
import type { GetInami, InamiStore } from '../inami-use-cases';
import type { InamiLookup } from './ports';

/**
 * A stored number that cannot be decrypted (a retired key version, tampering). Thrown, not swallowed:
 * the workflow activity is retried and then fails visibly, rather than printing a certificate without
 * the number for good. The message names the failure, never the number.
 */
export class InamiUnreadableError extends Error {
  constructor(reason: string) {
    super(`the stored INAMI number cannot be read (${reason})`);
    this.name = 'InamiUnreadableError';
  }
}

export class StoredInamiLookup implements InamiLookup {
  constructor(
    private readonly deps: {
      /** Presence only: reads the record without decrypting it. */
      store: Pick<InamiStore, 'read'>;
      getInami: Pick<GetInami, 'execute'>;
    },
  ) {}

  async has(userId: string): Promise<boolean> {
    return (await this.deps.store.read(userId)).value !== undefined;
  }

  async formattedFor(userId: string): Promise<string | undefined> {
    // The system reads on the learner's behalf, as the owner (the only reader given the full number).
    const view = await this.deps.getInami.execute({ actor: { id: userId, roles: [] }, userId });
    if (!view.ok) throw new InamiUnreadableError(view.error.code);
    if (!view.value.present) return undefined;
    if (!view.value.number) throw new InamiUnreadableError('number withheld');
    return view.value.number;
  }
}
