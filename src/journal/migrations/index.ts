import { Migrator, type Kysely, type Migration } from 'kysely';
import type { Logger } from 'pino';
import type { DialectKind } from '../tables';
import { initialMigration } from './001-initial';
import { uniqueExchangeIdMigration } from './002-unique-exchange-id';
import { wssecReplayMigration } from './003-wssec-replay';
import { parkingIdempotencyMigration } from './004-parking-idempotency';
import { sirExchangesMigration } from './005-sir-exchanges';
import { sirFicheroMigration } from './006-sir-fichero';
import { sirHopMessageMigration } from './007-sir-hop-message';
import { keyGrantsMigration } from './008-key-grants';
import { operationsMigration } from './009-operations';
import { notificaMigration } from './010-notifica';
import { expedientesMigration } from './011-expedientes';
import { expedienteOrderMigration } from './012-expediente-order';
import { atomicMigration } from './atomic';

/**
 * The journal's migrations, in order. Names sort lexically and, once released, never change:
 * add a new `NNN-what.ts` and one line here.
 */
export function journalMigrations(kind: DialectKind): Record<string, Migration> {
  const all: Record<string, Migration> = {
    '001-initial': initialMigration(kind),
    '002-unique-exchange-id': uniqueExchangeIdMigration,
    '003-wssec-replay': wssecReplayMigration,
    '004-parking-idempotency': parkingIdempotencyMigration,
    '005-sir-exchanges': sirExchangesMigration,
    '006-sir-fichero': sirFicheroMigration,
    '007-sir-hop-message': sirHopMessageMigration,
    '008-key-grants': keyGrantsMigration,
    '009-operations': operationsMigration,
    '010-notifica': notificaMigration(kind),
    '011-expedientes': expedientesMigration,
    '012-expediente-order': expedienteOrderMigration,
  };
  if (kind === 'postgres') return all; // PostgreSQL: kysely runs them in one transaction.
  return Object.fromEntries(Object.entries(all).map(([name, m]) => [name, atomicMigration(m)]));
}

/**
 * Apply every pending migration. kysely's Migrator serialises concurrent runs (an advisory lock
 * on PostgreSQL, a `BEGIN IMMEDIATE` held by ../sqlite.ts on SQLite). Throws the first failure unchanged.
 */
export async function migrateToLatest(db: Kysely<unknown>, kind: DialectKind, logger: Logger): Promise<void> {
  const migrations = journalMigrations(kind);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'Journal migration applied');
    if (r.status === 'Error') logger.error({ migration: r.migrationName }, 'Journal migration failed');
  }
  if (error !== undefined) throw error;
}
