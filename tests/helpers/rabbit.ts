import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Broker host and credentials for tests; override with PASARELA_TEST_AMQP_HOST/USER/PASSWORD. */
const HOST = process.env.PASARELA_TEST_AMQP_HOST ?? '127.0.0.1:5672';
const USER = process.env.PASARELA_TEST_AMQP_USER ?? 'guest';
const PASSWORD = process.env.PASARELA_TEST_AMQP_PASSWORD ?? 'guest';

/** A throw-away vhost for one test file. */
export interface TestVhost {
  vhost: string;
  /** amqp URL of the vhost (name URL-encoded). */
  url: string;
  /** Delete the vhost with everything in it. Idempotent. */
  delete(): Promise<void>;
}

async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['--quiet', ...args], { timeout: 60000 });
  return stdout;
}

/** The URL for a vhost on the test broker. */
export function vhostUrl(vhost: string, user = USER, password = PASSWORD): string {
  return `amqp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${HOST}/${encodeURIComponent(vhost)}`;
}

/** Create `pasarela-test-<random>` with full permissions for the test user. */
export async function createTestVhost(): Promise<TestVhost> {
  const vhost = `pasarela-test-${randomBytes(6).toString('hex')}`;
  await rabbitmqctl('add_vhost', vhost);
  await grantAccess(vhost);
  let deleted = false;
  return {
    vhost,
    url: vhostUrl(vhost),
    async delete() {
      if (deleted) return;
      deleted = true;
      await rabbitmqctl('delete_vhost', vhost);
    },
  };
}

/**
 * Force-close client connections, like a broker restart or a network cut would: only those of
 * `vhost` when given, otherwise every connection on the node.
 */
export async function closeAllConnections(vhost?: string): Promise<void> {
  const scope = vhost === undefined ? ['--global'] : ['--vhost', vhost];
  await rabbitmqctl('close_all_connections', ...scope, 'pasarela test: forced close');
}

/** Number of client connections open on `vhost`. */
export async function countConnections(vhost: string): Promise<number> {
  const out = await rabbitmqctl('list_connections', 'vhost', '--no-table-headers');
  return out.split('\n').filter((line) => line.trim() === vhost).length;
}

/** Queues of `vhost` as `{ name, type, durable }` (from `rabbitmqctl list_queues`). */
export async function listQueues(vhost: string): Promise<{ name: string; type: string; durable: boolean }[]> {
  const out = await rabbitmqctl('list_queues', '-p', vhost, 'name', 'type', 'durable', '--no-table-headers');
  return rows(out).map(([name, type, durable]) => ({ name, type, durable: durable === 'true' }));
}

/** Bindings of `vhost` as `{ source, destination, routingKey }`. */
export async function listBindings(vhost: string): Promise<{ source: string; destination: string; routingKey: string }[]> {
  const out = await rabbitmqctl('list_bindings', '-p', vhost, 'source_name', 'destination_name', 'routing_key', '--no-table-headers');
  return rows(out).map(([source, destination, routingKey]) => ({ source, destination, routingKey }));
}

function rows(out: string): string[][] {
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

/** Revoke the test user's permissions on `vhost`, so reconnects fail until `grantAccess`. */
export async function revokeAccess(vhost: string): Promise<void> {
  await rabbitmqctl('clear_permissions', '-p', vhost, USER);
}

/** Give the test user full permissions on `vhost` again. */
export async function grantAccess(vhost: string): Promise<void> {
  await rabbitmqctl('set_permissions', '-p', vhost, USER, '.*', '.*', '.*');
}

/** Messages (ready + unacked) in each queue of `vhost`, by queue name. */
export async function queueMessages(vhost: string): Promise<Record<string, number>> {
  const out = await rabbitmqctl('list_queues', '-p', vhost, 'name', 'messages', '--no-table-headers');
  return Object.fromEntries(rows(out).map(([name, messages]) => [name, Number(messages)]));
}
