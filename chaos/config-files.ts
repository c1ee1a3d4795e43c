import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { projectPath } from '../src/core/paths';

/** The shipped route whose retry, breaker and flow settings the chaos run tightens. */
const ROUTE_FILE = 'registry-entry-to-sir.yaml';

/** SIR connector time-out: short, so the simulator's unanswered requests turn into retries quickly. */
export const SIR_TIMEOUT_MS = 2000;

/**
 * The shipped route with settings that let a run of a few minutes go through many retries and
 * breaker cycles: more, shorter retries, quick probes, no rate limit, a larger prefetch.
 */
export function chaosRoute(shipped: Record<string, unknown>): Record<string, unknown> {
  const route: Record<string, unknown> = {
    ...shipped,
    retry: { attempts: 10, initialDelayMs: 200, maxDelayMs: 3000 },
    breaker: { failureThreshold: 5, probeInitialMs: 200, probeMaxMs: 2000 },
    prefetch: 16,
    deliveryLimit: 50,
  };
  delete route.rateLimit;
  return route;
}

export interface ConfigInputs {
  amqpUrl: string;
  journalUrl: string;
  /** The simulator's WS_SIR6_B URL. */
  sirEndpoint: string;
  routesDir: string;
}

/** Settings deep-merged over config/default.yaml (PASARELA_CONFIG); each process gets its port from PASARELA_PORT. */
export function chaosConfig(i: ConfigInputs): Record<string, unknown> {
  return {
    http: { host: '127.0.0.1' },
    // A few attempts at start-up: a worker restarted while the broker boots must not give up.
    amqp: { url: i.amqpUrl, initialMaxRetries: 10 },
    journal: { url: i.journalUrl },
    log: { level: 'warn' },
    routesDir: i.routesDir,
    connectors: { sir: { endpoint: i.sirEndpoint, timeoutMs: SIR_TIMEOUT_MS, wssec: { sign: false } } },
  };
}

/** Write the route folder and the config file into `dir`; resolves the config file's path. */
export function writeConfigFiles(dir: string, inputs: Omit<ConfigInputs, 'routesDir'>): string {
  const routesDir = path.join(dir, 'routes');
  mkdirSync(routesDir, { recursive: true });
  const shipped = parseYaml(readFileSync(projectPath('routes', ROUTE_FILE), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(routesDir, ROUTE_FILE), toYaml(chaosRoute(shipped)));
  const file = path.join(dir, 'config.yaml');
  writeFileSync(file, toYaml(chaosConfig({ ...inputs, routesDir })));
  return file;
}
