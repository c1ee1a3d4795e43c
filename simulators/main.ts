import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { ensureDevApiKey } from '../src/connectors/notifica/keys';
import { Errors, PasarelaError } from '../src/core/errors';
import { createLogger } from '../src/observability/logger';
import { CARPETA_FAULT_ENV_VARS, carpetaFaultsFromEnv, DEFAULT_CARPETA_PORT, ensureDevSecret, startCarpetaSimulator, type CarpetaFaults, type CarpetaSimulator } from './carpeta';
import {
  DEFAULT_NOTIFICA_PORT, NOTIFICA_FAULT_ENV_VARS, notificaFaultsFromEnv, startNotificaSimulator,
  type CallbackStyle, type NotificaFaults, type NotificaSimulator,
} from './notifica';
import { faultsFromEnv, startSirSimulator, type Faults, type SirSimulator } from './sir';

/** The local stand-ins for the State's services, started together. */
export interface Simulators {
  sir: SirSimulator;
  notifica: NotificaSimulator;
  carpeta: CarpetaSimulator;
  /** Stop every simulator; idempotent. */
  stop(): Promise<void>;
}

export interface SimulatorsOptions {
  /** @defaultValue 8091 (0 picks a free port) */
  sirPort?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  logger?: Logger;
  /** Faults the SIR simulator starts with (missing fields: no fault). */
  sirFaults?: Partial<Faults>;
  /** pasarela's WS_SIR9 endpoint for the SIR simulator's callbacks (none: no callbacks). */
  sirCallbackUrl?: string;
  /**
   * @defaultValue 8092, or 0 (a free port) when `sirPort` is 0: callers that ask for a free SIR
   * port (tests) must not collide on the Notific@ one.
   */
  notificaPort?: number;
  /** Faults the Notific@ simulator starts with (missing fields: no fault). */
  notificaFaults?: Partial<NotificaFaults>;
  /** pasarela's AdviserWsV2 endpoint for the Notific@ simulator's callbacks (none: no callbacks). */
  notificaCallbackUrl?: string;
  /**
   * The API keys the Notific@ simulator accepts. @defaultValue the development key in
   * data/keys/notifica-dev.apikey, the one pasarela's default configuration sends (created when
   * missing, as pasarela does on first use)
   */
  notificaApiKeys?: string[];
  /** Sent as the `apiKey` header of every Notific@ callback, when set. */
  notificaCallbackApiKey?: string;
  /** @defaultValue 'qualified' */
  notificaCallbackStyle?: CallbackStyle;
  /** @defaultValue 8093, or 0 (a free port) when `sirPort` is 0, as for Notific@. */
  carpetaPort?: number;
  /** Faults the Carpeta simulator's push endpoint starts with (missing fields: no fault). */
  carpetaFaults?: Partial<CarpetaFaults>;
  /** The HMAC secret Carpeta pushes must be signed with. @defaultValue the development secret in data/keys/carpeta-dev.secret (created when missing) */
  carpetaSecret?: string;
  /** pasarela's origin for the Carpeta pull API (none: set later with `carpeta.setPull`). */
  carpetaPullUrl?: string;
  /** The bearer token the Carpeta simulator sends to pasarela's pull API. */
  carpetaPullToken?: string;
}

/** Start one simulator after others; when it fails, stop those already started and rethrow. */
async function startAfter<T>(started: { stop(): Promise<void> }[], start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (e) {
    await Promise.all(started.map((sim) => sim.stop()));
    throw e;
  }
}

/** Start the simulators in this process (the demo and tests use this). */
export async function startSimulators(opts: SimulatorsOptions = {}): Promise<Simulators> {
  const sir = await startSirSimulator({ port: opts.sirPort ?? 8091, host: opts.host, logger: opts.logger, faults: opts.sirFaults, callbackUrl: opts.sirCallbackUrl });
  const freePort = opts.sirPort === 0;
  const notifica = await startAfter([sir], () => startNotificaSimulator({
    port: opts.notificaPort ?? (freePort ? 0 : DEFAULT_NOTIFICA_PORT),
    host: opts.host,
    logger: opts.logger,
    apiKeys: opts.notificaApiKeys ?? [readFileSync(ensureDevApiKey(), 'utf8').trim()],
    faults: opts.notificaFaults,
    callbackUrl: opts.notificaCallbackUrl,
    callbackApiKey: opts.notificaCallbackApiKey,
    callbackStyle: opts.notificaCallbackStyle,
  }));
  const carpeta = await startAfter([sir, notifica], () => startCarpetaSimulator({
    port: opts.carpetaPort ?? (freePort ? 0 : DEFAULT_CARPETA_PORT),
    host: opts.host,
    logger: opts.logger,
    secret: opts.carpetaSecret ?? readFileSync(ensureDevSecret(), 'utf8').trim(),
    faults: opts.carpetaFaults,
    pullUrl: opts.carpetaPullUrl,
    pullToken: opts.carpetaPullToken,
  }));
  let stopping: Promise<void> | undefined;
  return { sir, notifica, carpeta, stop: () => (stopping ??= Promise.all([sir.stop(), notifica.stop(), carpeta.stop()]).then(() => undefined)) };
}

function portFromEnv(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `${name}='${value.slice(0, 40)}' is not a TCP port`);
  }
  return port;
}

function callbackUrlFromEnv(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PasarelaError(Errors.CONFIG_INVALID, `${name} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PasarelaError(Errors.CONFIG_INVALID, `${name} must be http(s)`);
  return value;
}

/** The Notific@ options the `PASARELA_SIM_NOTIFICA_*` variables set; none set: none returned. */
function notificaOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<SimulatorsOptions> {
  const out: Partial<SimulatorsOptions> = {};
  const port = portFromEnv('PASARELA_SIM_NOTIFICA_PORT', env.PASARELA_SIM_NOTIFICA_PORT);
  if (port !== undefined) out.notificaPort = port;
  const callbackUrl = callbackUrlFromEnv('PASARELA_SIM_NOTIFICA_CALLBACK_URL', env.PASARELA_SIM_NOTIFICA_CALLBACK_URL);
  if (callbackUrl !== undefined) out.notificaCallbackUrl = callbackUrl;
  if (Object.values(NOTIFICA_FAULT_ENV_VARS).some((name) => (env[name] ?? '').trim() !== '')) out.notificaFaults = notificaFaultsFromEnv(env);
  const keys = (env.PASARELA_SIM_NOTIFICA_API_KEYS ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length > 0) out.notificaApiKeys = keys;
  const callbackKey = env.PASARELA_SIM_NOTIFICA_CALLBACK_API_KEY?.trim();
  if (callbackKey) out.notificaCallbackApiKey = callbackKey;
  const style = env.PASARELA_SIM_NOTIFICA_CALLBACK_STYLE?.trim();
  if (style) {
    if (style !== 'qualified' && style !== 'unqualified') throw new PasarelaError(Errors.CONFIG_INVALID, 'PASARELA_SIM_NOTIFICA_CALLBACK_STYLE must be qualified or unqualified');
    out.notificaCallbackStyle = style;
  }
  return out;
}

/** The Carpeta options the `PASARELA_SIM_CARPETA_*` variables set; none set: none returned. The secret and token are never quoted. */
function carpetaOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<SimulatorsOptions> {
  const out: Partial<SimulatorsOptions> = {};
  const port = portFromEnv('PASARELA_SIM_CARPETA_PORT', env.PASARELA_SIM_CARPETA_PORT);
  if (port !== undefined) out.carpetaPort = port;
  const pullUrl = callbackUrlFromEnv('PASARELA_SIM_CARPETA_PULL_URL', env.PASARELA_SIM_CARPETA_PULL_URL);
  if (pullUrl !== undefined) out.carpetaPullUrl = pullUrl;
  if (Object.values(CARPETA_FAULT_ENV_VARS).some((name) => (env[name] ?? '').trim() !== '')) out.carpetaFaults = carpetaFaultsFromEnv(env);
  const secret = env.PASARELA_SIM_CARPETA_SECRET?.trim();
  if (secret && secret.length < 16) throw new PasarelaError(Errors.CONFIG_INVALID, 'PASARELA_SIM_CARPETA_SECRET must have at least 16 characters');
  if (secret) out.carpetaSecret = secret;
  const token = env.PASARELA_SIM_CARPETA_PULL_TOKEN?.trim();
  if (token) out.carpetaPullToken = token;
  return out;
}

/**
 * The simulators' options from `PASARELA_SIM_SIR_PORT` and the fault variables
 * (`PASARELA_SIM_SIR_ERROR_RATE`, `_FATAL_RATE`, `_TIMEOUT_RATE`, `_RESET_RATE`, `_LATENCY_MS`,
 * `_DOWN`, `_DOWN_FOR_MS`) and `PASARELA_SIM_SIR_CALLBACK_URL`, and the Notific@ ones
 * (`PASARELA_SIM_NOTIFICA_PORT`, `_CALLBACK_URL`, `_API_KEYS`, `_CALLBACK_API_KEY`,
 * `_CALLBACK_STYLE` and the fault variables in simulators/README.md), and the Carpeta ones
 * (`PASARELA_SIM_CARPETA_PORT`, `_SECRET`, `_PULL_URL`, `_PULL_TOKEN` and the fault variables).
 * Throws, naming the variable, on an invalid value.
 */
export function simulatorsOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatorsOptions {
  const sirCallbackUrl = callbackUrlFromEnv('PASARELA_SIM_SIR_CALLBACK_URL', env.PASARELA_SIM_SIR_CALLBACK_URL);
  return {
    sirPort: portFromEnv('PASARELA_SIM_SIR_PORT', env.PASARELA_SIM_SIR_PORT) ?? 8091,
    sirFaults: faultsFromEnv(env),
    ...(sirCallbackUrl ? { sirCallbackUrl } : {}),
    ...notificaOptionsFromEnv(env),
    ...carpetaOptionsFromEnv(env),
  };
}

/** `npm run simulators`: run until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const options = simulatorsOptionsFromEnv(process.env);
  const logger = createLogger({ name: 'simulators' });
  const started = startSimulators({ ...options, logger });
  // Handlers go in before the "listening" line: whoever reads that line may signal at once.
  const shutdown = (): void => {
    started.then((sims) => sims.stop()).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const sims = await started;
  process.stdout.write(`SIR simulator listening on ${sims.sir.url}\n`);
  process.stdout.write(`Notific@ simulator listening on ${sims.notifica.url} (${sims.notifica.notificaWsUrl}, ${sims.notifica.sincronizarEnvioWsUrl})\n`);
  process.stdout.write(`Carpeta simulator listening on ${sims.carpeta.url} (push: ${sims.carpeta.pushUrl})\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`Simulators failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
