import { UNTHROTTLED } from '../../src/intake/key-limits';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { buildApp, type App, type Role } from '../../src/app';
import { projectPath } from '../../src/core/paths';
import { loadConfig } from '../../src/config/load';
import type { Config } from '../../src/config/types';
import { ensureDevCertificate } from '../../src/connectors/sir/dev-cert';
import { generateApiKey } from '../../src/intake/api-keys';
import type { ApiKeyGrants } from '../../src/journal/journal';
import { silentLogger } from '../../src/observability/logger';
import { createTrustStore } from '../../src/wssec/trust';
import type { TrustStore } from '../../src/wssec/types';
import { startSirSimulator, type SirSimulator } from '../../simulators/sir';
import { startNotificaSimulator, type NotificaSimulator, type NotificaSimulatorOptions } from '../../simulators/notifica';
import { startCarpetaSimulator, type CarpetaSimulator, type CarpetaSimulatorOptions } from '../../simulators/carpeta';
import { createTestDatabase } from './postgres';
import { createTestVhost } from './rabbit';

export type JournalKind = 'sqlite' | 'postgres';

/** A second tenant, so tenancy can be tested. Fictitious DIR3 codes. */
export const OTHER_TENANT = { code: 'L01230001', name: 'Ayuntamiento de Ejemplo', offices: ['O00007001'], units: ['L01230001'] };

export interface TestStack {
  app: App;
  sim: SirSimulator;
  config: Config;
  url: string;
  /** A key of the demo tenant L02000023. */
  key: string;
  /** A key of OTHER_TENANT. */
  otherKey: string;
  /** The stack's Notific@ simulator, when `notifica` was asked for; its callbacks go to the stack. */
  notifica?: NotificaSimulator;
  /** The Notific@ API key the stack's tenants use (the simulator accepts only it). */
  notificaKey: string;
  /** The stack's Carpeta simulator, when `carpeta` was asked for: pushes go to it, its pulls to the stack. */
  carpeta?: CarpetaSimulator;
  /** The token of the stack's Carpeta pull client. */
  carpetaToken: string;
  stop(): Promise<void>;
}

/**
 * pasarela on real parts, isolated: its own RabbitMQ vhost, its own journal (an SQLite file in a
 * temp folder or a fresh PostgreSQL database), a SIR simulator on a free port that requires a
 * WS-Security signature by the stack's key (pasarela signs by default). `stop()` removes all of
 * it but the key pair, which the worker process keeps for its other stacks.
 */
export interface StackOptions {
  journal?: JournalKind;
  role?: Role;
  sir?: SirSimulator;
  /** Fields replacing those of routes/registry-entry-to-sir.yaml (top-level keys replaced whole); the stack then runs that route only. */
  route?: Record<string, unknown>;
  /** Every shipped route, with these fields replaced in the named ones (e.g. a shorter retry ladder). */
  routeChanges?: Record<string, Record<string, unknown>>;
  /** SIR connector settings over the stack's (endpoint, timeoutMs 5000, wssec signing with the worker's key; a `wssec` given here replaces the stack's). */
  sirConnector?: Record<string, unknown>;
  /** Changes to the stack's configuration, applied last (e.g. a tenant's webhook or sirProxy). */
  configure?: (config: Config) => void;
  /**
   * Start a Notific@ simulator for the stack (its options over the stack's: the stack's API key,
   * callbacks to the stack's AdviserWsV2); `connector` settings go over connectors.notifica.
   * Without it, connectors.notifica points at a closed port.
   */
  notifica?: Partial<NotificaSimulatorOptions> & { connector?: Record<string, unknown> };
  /**
   * Start a Carpeta simulator for the stack (the stack's push secret; pulls with the stack's
   * client token); `connector` settings go over connectors.carpeta. Without it,
   * connectors.carpeta.url points at a closed port.
   */
  carpeta?: Partial<CarpetaSimulatorOptions> & { connector?: Record<string, unknown> };
}

/** A routes folder in `dir` holding the SIR route with `changes` applied. */
function writeRoutes(dir: string, changes: Record<string, unknown>): string {
  const folder = path.join(dir, 'routes');
  mkdirSync(folder);
  const route = { ...parseYaml(readFileSync(projectPath('routes', 'registry-entry-to-sir.yaml'), 'utf8')), ...changes };
  writeFileSync(path.join(folder, 'registry-entry-to-sir.yaml'), toYaml(route));
  return folder;
}

/** A routes folder in `dir` holding every shipped route, with `changes` applied to the named ones. */
function writeAllRoutes(dir: string, changes: Record<string, Record<string, unknown>>): string {
  const folder = path.join(dir, 'routes');
  mkdirSync(folder);
  for (const file of readdirSync(projectPath('routes')).filter((f) => f.endsWith('.yaml'))) {
    const route = parseYaml(readFileSync(projectPath('routes', file), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(folder, file), toYaml({ ...route, ...changes[String(route.name)] }));
  }
  return folder;
}

/** The signing pair every stack signs with, and the simulator's trust in it. */
interface StackSigning {
  keyFile: string;
  certFile: string;
  trust: TrustStore;
}

const KEYS_PREFIX = 'pasarela-stack-keys-';
let signing: StackSigning | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * ONE development pair per jest worker process (folder named after its pid), shared by the
 * worker's test files. Jest gives test code no exit hook, so folders of worker processes that
 * are gone are removed here, by the next run.
 */
function stackSigning(): StackSigning {
  if (signing) return signing;
  for (const name of readdirSync(os.tmpdir()).filter((n) => n.startsWith(KEYS_PREFIX))) {
    const pid = Number(name.slice(KEYS_PREFIX.length));
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  }
  const pair = ensureDevCertificate({ dir: path.join(os.tmpdir(), `${KEYS_PREFIX}${process.pid}`) });
  const trust = createTrustStore({ pinned: [readFileSync(pair.certFile, 'utf8')] });
  return (signing = { keyFile: pair.keyFile, certFile: pair.certFile, trust });
}

export async function startStack(opts: StackOptions = {}): Promise<TestStack> {
  const vhost = await createTestVhost();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-test-'));
  const cleanups: (() => Promise<unknown> | void)[] = [() => vhost.delete(), () => rmSync(tmp, { recursive: true, force: true })];
  const cleanUp = async () => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const db = opts.journal === 'postgres' ? await createTestDatabase() : undefined;
    if (db) cleanups.push(() => db.drop());
    // pasarela signs by default; the stack's own simulator then accepts only what that key signed
    // (and checks nothing for a test that asks for `wssec: { sign: false }`).
    const keys = stackSigning();
    const signs = (opts.sirConnector?.wssec as { sign?: boolean } | undefined)?.sign !== false;
    const requireSignature = signs ? keys.trust : undefined;
    const sim = opts.sir ?? (await startSirSimulator({ port: 0, logger: silentLogger(), requireSignature }));
    if (!opts.sir) cleanups.push(() => sim.stop());
    const notificaKey = `test-${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(path.join(tmp, 'notifica.apikey'), notificaKey + '\n');
    const { connector: notificaConnector, ...notificaSim } = opts.notifica ?? {};
    const notifica = opts.notifica ? await startNotificaSimulator({ port: 0, logger: silentLogger(), apiKeys: [notificaKey], ...notificaSim }) : undefined;
    if (notifica) cleanups.push(() => notifica.stop());
    const carpetaSecret = `carpeta-secret-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const carpetaToken = `carpeta-token-${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(path.join(tmp, 'carpeta.secret'), carpetaSecret + '\n');
    writeFileSync(path.join(tmp, 'carpeta.token'), carpetaToken + '\n');
    const { connector: carpetaConnector, ...carpetaSim } = opts.carpeta ?? {};
    const carpeta = opts.carpeta ? await startCarpetaSimulator({ port: 0, logger: silentLogger(), secret: carpetaSecret, ...carpetaSim }) : undefined;
    if (carpeta) cleanups.push(() => carpeta.stop());
    const config = loadConfig({
      env: {},
      overrides: {
        http: { port: 0, host: '127.0.0.1' },
        amqp: { url: vhost.url, initialMaxRetries: 1 },
        journal: { url: db ? db.url : `sqlite:${path.join(tmp, 'journal.db')}` },
        connectors: {
          sir: { endpoint: sim.url, timeoutMs: 5000, wssec: { sign: true, keyFile: keys.keyFile, certFile: keys.certFile }, ...opts.sirConnector },
          notifica: {
            endpoint: notifica?.notificaWsUrl ?? 'http://127.0.0.1:9/ws/notificaWsV21', syncEndpoint: notifica?.sincronizarEnvioWsUrl ?? 'http://127.0.0.1:9/ws/sincronizarEnvioWs',
            timeoutMs: 5000, apiKeyFile: path.join(tmp, 'notifica.apikey'), ...notificaConnector,
          },
          carpeta: { url: carpeta?.pushUrl ?? 'http://127.0.0.1:9/carpeta/v1/expedientes', secretFile: path.join(tmp, 'carpeta.secret'), timeoutMs: 5000, ...carpetaConnector },
        },
        carpeta: { pull: { clients: [{ name: 'stack', tokenFile: path.join(tmp, 'carpeta.token') }] } },
        routesDir: opts.route ? writeRoutes(tmp, opts.route) : opts.routeChanges ? writeAllRoutes(tmp, opts.routeChanges) : 'routes',
        tenants: [...loadConfig({ env: {} }).tenants, OTHER_TENANT],
      },
    });
    opts.configure?.(config);
    const app = buildApp(config, { role: opts.role ?? 'all', logger: silentLogger() });
    cleanups.push(() => app.stop());
    await app.start();
    notifica?.setCallbackUrl(`${app.url()}/notifica/AdviserWsV2`);
    carpeta?.setPull(app.url() ?? '', carpetaToken);
    const key = await newKey(app, 'L02000023');
    const otherKey = await newKey(app, OTHER_TENANT.code);
    return { app, sim, config, key, otherKey, notifica, notificaKey, carpeta, carpetaToken, url: app.url() ?? '', stop: cleanUp };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}

async function newKey(app: App, tenant: string): Promise<string> {
  // Unthrottled: tests post in bursts; the rate limit has tests of its own.
  return createKey(app, tenant, { rateLimit: UNTHROTTLED });
}

/** A new key of `tenant` with these grants (scopes, offices, units, limits); returns the secret. */
export async function createKey(app: App, tenant: string, grants: ApiKeyGrants = {}): Promise<string> {
  const { key, hash, prefix } = generateApiKey();
  await app.journal.createApiKey({ tenant, name: 'test-' + tenant, hash, prefix, ...grants });
  return key;
}

/** How many messages the stack's journal holds, whatever their status. */
export async function messageCount(stack: TestStack): Promise<number> {
  const counts = await stack.app.journal.countByStatus();
  return Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
}

export { exampleEntry } from './entries';

export async function post(stack: TestStack, body: unknown, key = stack.key, contentType = 'application/json') {
  const res = await fetch(`${stack.url}/v1/registry-entries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}

export async function getMessage(stack: TestStack, id: string, key = stack.key) {
  const res = await fetch(`${stack.url}/v1/messages/${id}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, body: (await res.json()) as any };
}

/** Poll until `check` holds or the time is up; returns the last value either way. */
export async function waitFor<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let v = await read();
  while (!check(v) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}
