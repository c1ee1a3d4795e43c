import { Errors, PasarelaError } from '../core/errors';
import type { ItemRef } from '../core/plugin';
import type { MessageStatus } from '../journal/journal';

/** One item of a batch answer: where it was, then its message or why it was refused. */
export interface BatchItemAnswer extends ItemRef {
  id?: string;
  status?: MessageStatus | 'not-attempted';
  replayed?: boolean;
  code?: string;
  /** Whether posting the batch again may succeed for this item (broker or journal trouble). */
  retryable?: boolean;
  errors?: { pointer: string; code: string; detail: string }[];
}

/**
 * An item's refusal from whatever it threw. Retryable failures (a journal or broker outage) say
 * only the catalog's title: their messages may name internal hosts, and the client can do
 * nothing with them but retry.
 */
export function refusal(ref: ItemRef, e: unknown): BatchItemAnswer {
  const err = e instanceof PasarelaError ? e : new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'Unexpected error; the item was not accepted', { cause: e });
  const detail = err.retryable ? err.title : err.message;
  const errors = err.problems.length
    ? err.problems.map((p) => ({ pointer: p.pointer, code: p.code, detail: p.message }))
    : [{ pointer: '', code: err.code, detail }];
  return { ...ref, code: err.code, ...(err.retryable && { retryable: true }), errors };
}

/** Run `fn` over `items` with at most `limit` at once, answers in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => R | Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
