/** Expected failures travel as values with a stable code; only bugs throw. */
export type Result<T, E extends DomainError = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export interface DomainError {
  readonly code: string;
  readonly message: string;
}

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <E extends DomainError>(error: E): { ok: false; error: E } => ({ ok: false, error });
