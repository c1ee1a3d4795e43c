import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Issue 6: what an API key may do, besides its tenant. JSON arrays in text columns (both
 * dialects): `scopes`, `offices` and `units` (NULL = every one of the tenant's); per-key limits
 * (NULL = the configured default). The rate is fractional (`0.5` a second).
 *
 * Keys made before scopes existed could do everything there was then: they get exactly those
 * scopes, written out here, so a scope added by a later issue is never granted to them silently.
 */
const SCOPES_BEFORE_008 = ['registry:write', 'messages:read', 'inbox:read', 'inbox:write', 'sir:proxy'];

export const keyGrantsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    for (const column of ['scopes', 'offices', 'units']) {
      await db.schema.alterTable('api_keys').addColumn(column, 'text').execute();
    }
    await db.schema.alterTable('api_keys').addColumn('rate_per_second', 'double precision').execute();
    for (const column of ['rate_burst', 'max_body_bytes']) {
      await db.schema.alterTable('api_keys').addColumn(column, 'integer').execute();
    }
    await sql`update api_keys set scopes = ${JSON.stringify(SCOPES_BEFORE_008)} where scopes is null`.execute(db);
  },
  async down(db: Kysely<unknown>): Promise<void> {
    for (const column of ['scopes', 'offices', 'units', 'rate_per_second', 'rate_burst', 'max_body_bytes']) {
      await db.schema.alterTable('api_keys').dropColumn(column).execute();
    }
  },
};
