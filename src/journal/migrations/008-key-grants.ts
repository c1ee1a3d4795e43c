import type { Kysely, Migration } from 'kysely';

/**
 * Issue 6: what an API key may do, besides its tenant. JSON arrays in text columns (both
 * dialects): `scopes` (NULL = a key from before scopes: every scope), `offices` and `units`
 * (NULL = every one of the tenant's); per-key limits (NULL = the configured default).
 */
export const keyGrantsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of ['scopes', 'offices', 'units']) {
      await db.schema.alterTable('api_keys').addColumn(column, 'text').execute();
    }
    for (const column of ['rate_per_second', 'rate_burst', 'max_body_bytes']) {
      await db.schema.alterTable('api_keys').addColumn(column, 'integer').execute();
    }
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const column of ['scopes', 'offices', 'units', 'rate_per_second', 'rate_burst', 'max_body_bytes']) {
      await db.schema.alterTable('api_keys').dropColumn(column).execute();
    }
  },
};
