import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * The local RabbitMQ, driven through `rabbitmqctl` (the chaos run needs the broker's own tool:
 * stopping the broker is not something a client can do). Host and credentials follow the test
 * helpers' variables, so `npm test` and `npm run chaos` use the same broker.
 */
const HOST = process.env.PASARELA_TEST_AMQP_HOST ?? '127.0.0.1:5672';
const USER = process.env.PASARELA_TEST_AMQP_USER ?? 'guest';
const PASSWORD = process.env.PASARELA_TEST_AMQP_PASSWORD ?? 'guest';

/** Set while `stop_app` may have left the broker stopped, so clean-up knows to start it. */
let stopInProgress = false;

export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await exec('rabbitmqctl', ['--quiet', ...args], { timeout: 120_000 });
  return stdout;
}

export function vhostUrl(vhost: string): string {
  return `amqp://${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}@${HOST}/${encodeURIComponent(vhost)}`;
}

/** A vhost with full permissions for the client user. */
export async function createVhost(vhost: string): Promise<void> {
  await rabbitmqctl('add_vhost', vhost);
  await rabbitmqctl('set_permissions', '-p', vhost, USER, '.*', '.*', '.*');
}

export async function deleteVhost(vhost: string): Promise<void> {
  await rabbitmqctl('delete_vhost', vhost);
}

/**
 * Stop the broker's application (the Erlang node stays up), wait `downMs`, start it again and
 * wait until it has booted. This stops the whole broker, every vhost included.
 */
export async function restartBrokerApp(downMs: number): Promise<void> {
  stopInProgress = true;
  await rabbitmqctl('stop_app');
  await new Promise((r) => setTimeout(r, downMs));
  await rabbitmqctl('start_app');
  await rabbitmqctl('await_startup');
  stopInProgress = false;
}

/** Clean-up: if a restart was interrupted, start the broker's application again. */
export async function ensureBrokerRunning(): Promise<void> {
  if (!stopInProgress) return;
  await rabbitmqctl('start_app');
  await rabbitmqctl('await_startup');
  stopInProgress = false;
}
