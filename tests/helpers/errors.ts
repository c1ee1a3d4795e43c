import { isPasarelaError } from '../../src/core/errors';

/** The catalog code a promise rejects with; fails the test if it resolves or throws uncoded. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isPasarelaError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a rejection');
}
