import { InvalidPageTokenError } from '../../domain/ports';

/** The HTTP status of a Cosmos SDK error (409 conflict, 412 precondition failed, 404 …), if any. */
export const cosmosStatus = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number'
    ? error.code
    : undefined;

/** Runs one page of a query; a continuation token Cosmos rejects becomes InvalidPageTokenError (a 400). */
export async function fetchPage<T>(token: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (token !== undefined && cosmosStatus(error) === 400) throw new InvalidPageTokenError();
    throw error;
  }
}
