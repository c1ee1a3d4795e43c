import { Client } from 'pg';

/**
 * The chaos run's own PostgreSQL database, created from the maintenance database the test
 * helpers use (PASARELA_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
function baseUrl(): string {
  return process.env.PASARELA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
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

/** Create database `name` (letters, digits and underscores only); resolves its URL. */
export async function createDatabase(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  await withClient(baseUrl(), (c) => c.query(`create database ${name}`));
  const url = new URL(baseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Close its connections and drop it. */
export async function dropDatabase(name: string): Promise<void> {
  await withClient(baseUrl(), async (c) => {
    await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    await c.query(`drop database if exists ${name}`);
  });
}
