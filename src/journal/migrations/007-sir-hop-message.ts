import type { Kysely, Migration } from 'kysely';

/**
 * Issue 5: the message that carries the REENVÍO (`03`) or RECHAZO (`04`) we sent for an incoming
 * exchange. With no ACK in time it is sent again, as ENVÍOs are (reference §8.4: SIGEM re-sends
 * ENVÍO, REENVÍO and RECHAZO alike).
 */
export const sirHopMessageMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sir_exchanges').addColumn('hop_message_id', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('sir_exchanges').dropColumn('hop_message_id').execute();
  },
};
