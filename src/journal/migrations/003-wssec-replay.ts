import type { Kysely, Migration } from 'kysely';

/** Signatures already accepted, kept until their timestamp expires (WS-Security replay cache). */
export const wssecReplayMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('wssec_replay')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('wssec_replay_expires_idx').on('wssec_replay').column('expires_at').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('wssec_replay').execute();
  },
};
