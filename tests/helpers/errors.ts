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

/** The catalog code a call throws; fails the test if it returns or throws uncoded. */
export function codeOfSync(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isPasarelaError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a throw');
}

/** Asserts the call throws a catalog error with this code. */
export function expectCode(fn: () => unknown, code: string): void {
  expect(codeOfSync(fn)).toBe(code);
}
