import type { ReplayCache } from './types';

export interface MemoryReplayCacheOptions {
  /** Most signatures kept at once; beyond it the oldest entry is forgotten. @defaultValue 100000 */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

/** A process-local replay cache that also reports how many signatures it holds. */
export interface MemoryReplayCache extends ReplayCache {
  size(): number;
}

/**
 * An in-memory `ReplayCache` for the CLI and tests: each key is remembered until its expiry,
 * then forgotten. Expired entries are swept whenever the map has doubled since the last sweep,
 * so memory follows the number of still-valid signatures. It protects one process only; a
 * deployment with several processes uses the journal-backed cache.
 */
export function createMemoryReplayCache(options: MemoryReplayCacheOptions = {}): MemoryReplayCache {
  const maxEntries = options.maxEntries ?? 100_000;
  const clock = options.now ?? (() => new Date());
  const expiries = new Map<string, number>();
  let sweepAt = 1024;

  const sweep = (now: number): void => {
    for (const [key, expiry] of expiries) if (expiry <= now) expiries.delete(key);
    sweepAt = Math.max(1024, expiries.size * 2);
  };

  return {
    async remember(key, expiresAt) {
      const now = clock().getTime();
      const seen = expiries.get(key);
      if (seen !== undefined && seen > now) return false;
      if (expiries.size >= sweepAt) sweep(now);
      if (expiries.size >= maxEntries) expiries.delete(expiries.keys().next().value as string);
      expiries.delete(key);
      expiries.set(key, expiresAt.getTime());
      return true;
    },
    size: () => expiries.size,
  };
}
