import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The maintenance database tests create their own databases from; override with PASARELA_TEST_PG_URL. */
export function baseTestPgUrl(): string {
  return process.env.PASARELA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  /** URL of the fresh, empty database. */
  url: string;
  /** Terminate its connections and drop it. Idempotent. */
  drop(): Promise<void>;
}

/** A fresh PostgreSQL database `pasarela_test_<random>` for one test run. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = baseTestPgUrl();
  const name = `pasarela_test_${randomBytes(6).toString('hex')}`;
  await withClient(base, (c) => c.query(`create database ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    drop: () => (dropped ??= dropDatabase(base, name)),
  };
}

async function dropDatabase(base: string, name: string): Promise<void> {
  await withClient(base, async (c) => {
    await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    await c.query(`drop database if exists ${name}`);
  });
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
