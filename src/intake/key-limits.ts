import { Transform, type TransformCallback } from 'node:stream';
import { Errors, PasarelaError } from '../core/errors';
import type { ApiKeyRow } from '../journal/journal';

/**
 * Per-key limits at intake: a request rate (token bucket per key, per process) and a body size
 * (checked on the declared Content-Length, then counted as the body streams in, so an oversized
 * body is cut off without ever being buffered whole).
 */

export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * Without `intake.rateLimit`: generous enough for a registry book's batch uploads and any
 * interactive use, low enough that a runaway client cannot starve the other municipalities.
 */
export const DEFAULT_KEY_RATE_LIMIT: RateLimit = { perSecond: 100, burst: 200 };

interface Bucket {
  tokens: number;
  last: number;
}

/** Past this many buckets, full ones (idle keys) are dropped: a dropped bucket restarts full anyway. */
const PRUNE_AT = 10_000;

/** Buckets per key id; a key's own `rateLimit` wins over `fallback`. */
export function createKeyRateLimiter(fallback: RateLimit | undefined, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket & { limit: RateLimit }>();
  const prune = (t: number) => {
    for (const [id, b] of buckets) if (b.tokens + ((t - b.last) / 1000) * b.limit.perSecond >= b.limit.burst) buckets.delete(id);
  };
  return {
    /** Buckets held now (for tests: idle keys do not accumulate). */
    size: () => buckets.size,
    /** Take one token for the key or throw INTAKE_RATE_LIMITED with the seconds until the next. */
    take(key: ApiKeyRow): void {
      const limit = key.rateLimit ?? fallback;
      if (!limit) return;
      const t = now();
      if (buckets.size >= PRUNE_AT && !buckets.has(key.id)) prune(t);
      const b = buckets.get(key.id) ?? { tokens: limit.burst, last: t, limit };
      b.limit = limit;
      b.tokens = Math.min(limit.burst, b.tokens + ((t - b.last) / 1000) * limit.perSecond);
      b.last = t;
      buckets.set(key.id, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      const retryAfterSeconds = (1 - b.tokens) / limit.perSecond;
      throw new PasarelaError(Errors.INTAKE_RATE_LIMITED, `This key may make ${limit.perSecond} requests a second (bursts of ${limit.burst}); retry later`, {
        details: { retryAfterSeconds },
      });
    },
  };
}

export type KeyRateLimiter = ReturnType<typeof createKeyRateLimiter>;

function tooLarge(limit: number): PasarelaError {
  return new PasarelaError(Errors.INTAKE_BODY_TOO_LARGE, `The body exceeds this key's limit of ${limit} bytes`, { details: { limitBytes: limit } });
}

/** Refuse a declared Content-Length over the key's limit before reading anything. */
export function checkDeclaredLength(key: ApiKeyRow, contentLength: string | undefined): void {
  if (key.maxBodyBytes === null || contentLength === undefined) return;
  const declared = Number(contentLength);
  if (Number.isFinite(declared) && declared > key.maxBodyBytes) throw tooLarge(key.maxBodyBytes);
}

/** Pass the body through, failing the stream as soon as more than `limit` bytes arrived. */
export function limitBody(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(tooLarge(limit));
      else done(null, chunk);
    },
  });
}

/** A rate no client reaches: for keys of load tests and benchmarks. */
export const UNTHROTTLED: RateLimit = { perSecond: 1_000_000, burst: 1_000_000 };
