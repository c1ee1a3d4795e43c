import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../src/core/errors';
import { createLogger } from '../src/observability/logger';
import { faultsFromEnv, startSirSimulator, type Faults, type SirSimulator } from './sir';

/** The local stand-ins for the State's services, started together. */
export interface Simulators {
  sir: SirSimulator;
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
}

/** Start the simulators in this process (the demo and tests use this). */
export async function startSimulators(opts: SimulatorsOptions = {}): Promise<Simulators> {
  const sir = await startSirSimulator({ port: opts.sirPort ?? 8091, host: opts.host, logger: opts.logger, faults: opts.sirFaults, callbackUrl: opts.sirCallbackUrl });
  return { sir, stop: () => sir.stop() };
}

function portFromEnv(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `PASARELA_SIM_SIR_PORT='${value.slice(0, 40)}' is not a TCP port`);
  }
  return port;
}

function callbackUrlFromEnv(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PasarelaError(Errors.CONFIG_INVALID, 'PASARELA_SIM_SIR_CALLBACK_URL is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PasarelaError(Errors.CONFIG_INVALID, 'PASARELA_SIM_SIR_CALLBACK_URL must be http(s)');
  return value;
}

/**
 * The simulators' options from `PASARELA_SIM_SIR_PORT` and the fault variables
 * (`PASARELA_SIM_SIR_ERROR_RATE`, `_FATAL_RATE`, `_TIMEOUT_RATE`, `_RESET_RATE`, `_LATENCY_MS`,
 * `_DOWN`, `_DOWN_FOR_MS`) and `PASARELA_SIM_SIR_CALLBACK_URL`. Throws, naming the variable, on an invalid value.
 */
export function simulatorsOptionsFromEnv(env: NodeJS.ProcessEnv): SimulatorsOptions {
  const sirCallbackUrl = callbackUrlFromEnv(env.PASARELA_SIM_SIR_CALLBACK_URL);
  return { sirPort: portFromEnv(env.PASARELA_SIM_SIR_PORT, 8091), sirFaults: faultsFromEnv(env), ...(sirCallbackUrl ? { sirCallbackUrl } : {}) };
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
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`Simulators failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
