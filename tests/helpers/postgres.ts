import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '../../chaos/database';

export interface TestDatabase {
  /** URL of the fresh, empty database. */
  url: string;
  /** Terminate its connections and drop it. Idempotent. */
  drop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database `pasarela_test_<random>` for one test run, made from the
 * maintenance database (PASARELA_TEST_PG_URL; the chaos run shares this code).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pasarela_test_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(name);
  let dropped: Promise<void> | undefined;
  return { url, drop: () => (dropped ??= dropDatabase(name)) };
}
