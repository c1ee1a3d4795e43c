import type { Journal } from '../journal/journal';
import type { ReplayCache } from './types';

/** The replay cache kept in the journal, shared by every pasarela process using it. */
export function journalReplayCache(journal: Journal): ReplayCache {
  return { remember: (key, expiresAt) => journal.rememberSignature(key, expiresAt) };
}
