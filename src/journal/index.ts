import { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { projectRoot } from '../core/paths';
import { silentLogger } from '../observability/logger';
import { createDialect, loggableUrl, parseJournalUrl } from './dialect';
import type { Journal } from './journal';
import { KyselyJournal } from './kysely-journal';
import type { JournalDatabase } from './tables';

export type {
  ApiKeyGrants, ApiKeyRow, Hop, HopInput, HopOutcome, Journal, MessageRow, MessageStatus, NewMessage, ParkedRow, ParkInput, TransitionOptions,
} from './journal';
export { MESSAGE_STATUSES } from './journal';
export { ACCEPTED_JOURNAL_URLS, loggableUrl, parseJournalUrl } from './dialect';

export interface CreateJournalOptions {
  /** Receives migration and pool messages. @defaultValue a silent logger */
  logger?: Logger;
}

/**
 * Build the journal for a URL: `sqlite:<path>` (relative to the project root, like every other
 * configured path, so processes started from different folders share one journal; the folder is
 * created), `sqlite::memory:`, or `postgres://…` / `postgresql://…`. Nothing connects until the
 * first call; run `migrate()` before use and `close()` at the end. A URL in any other form
 * throws CONFIG_INVALID (the message never shows the password).
 */
export function createJournal(url: string, opts: CreateJournalOptions = {}): Journal {
  const target = parseJournalUrl(url, projectRoot());
  const logger = (opts.logger ?? silentLogger()).child({ component: 'journal' });
  const db = new Kysely<JournalDatabase>({ dialect: createDialect(target, logger) });
  return new KyselyJournal(db, { kind: target.kind, url: loggableUrl(url), logger });
}
