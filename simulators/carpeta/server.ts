import http, { type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../../src/core/errors';
import { silentLogger } from '../../src/observability/logger';
import { closeServer, createAvailability, listen, type Availability } from '../sir/availability';
import { checkFaults, DEFAULT_DOWN_FOR_MS, type CarpetaFaults } from './faults';
import { createFrontHandler } from './http-front';
import { createFaultInjector, type FaultInjector } from './injector';
import { checkPullTarget, pull, type PullTarget } from './pull';
import { PUSH_PATH, type PushDeps } from './push';
import type { SimControl } from './sim-control';
import type { CarpetaSimulator, CarpetaSimulatorOptions } from './simulator-api';
import { createStatsLedger, type StatsLedger } from './stats';
import { createExpedienteStore, type ExpedienteStore } from './store';

export type { CarpetaSimulator, CarpetaSimulatorOptions } from './simulator-api';

export const DEFAULT_CARPETA_PORT = 8093;
export const DEFAULT_MAX_SKEW_SECONDS = 300;
const MIN_SECRET_LENGTH = 16;

const invalid = (what: string): PasarelaError => new PasarelaError(Errors.CONFIG_INVALID, `The Carpeta simulator ${what}`, { details: { component: 'carpeta-simulator' } });

function validFaults(f: unknown): CarpetaFaults {
  const check = checkFaults(f);
  if (!check.ok) throw invalid(`faults are not valid: ${check.detail}`);
  return check.faults;
}

/** The options that are not faults nor the pull target; the messages never quote the secret. */
function checkOptions(opts: CarpetaSimulatorOptions): void {
  if (typeof opts.secret !== 'string' || opts.secret.length < MIN_SECRET_LENGTH) throw invalid(`needs a secret of at least ${MIN_SECRET_LENGTH} characters`);
  const skew = opts.maxSkewSeconds;
  if (skew !== undefined && (!Number.isInteger(skew) || skew < 1 || skew > 86_400)) throw invalid('maxSkewSeconds must be an integer from 1 to 86400');
}

/** Set the faults and open or close the listener to match; `answer` delays a close until it is sent. */
function faultApplier(injector: FaultInjector, availability: Availability, logger: Logger) {
  return (f: CarpetaFaults, answer?: ServerResponse): Promise<void> => {
    injector.set(f);
    logger.info({ faults: f }, 'Carpeta simulator faults set');
    if (!f.down) return availability.up();
    const goDown = (): Promise<void> => availability.down(f.downForMs ?? DEFAULT_DOWN_FOR_MS);
    if (answer === undefined) return goDown();
    answer.once('close', () => void goDown());
    return Promise.resolve();
  };
}

interface State {
  stats: StatsLedger;
  store: ExpedienteStore;
  target: () => PullTarget | undefined;
  logger: Logger;
}

/** The control routes' view of the simulator; a pull is counted whenever a call goes out. */
function controlOf(s: State, injector: FaultInjector, applyFaults: (f: CarpetaFaults, answer?: ServerResponse) => Promise<void>): SimControl {
  return {
    stats: () => s.stats.stats(s.store.size()),
    reset() {
      s.store.reset();
      s.stats.reset();
    },
    faults: injector.faults,
    setFaults: (f, answer) => void applyFaults(f, answer),
    expediente: s.store.get,
    citizen: s.store.byCitizen,
    async pull(document, id, query) {
      const target = s.target();
      if (target === undefined) return undefined;
      s.stats.pull();
      const answer = await pull(target, document, id, query);
      s.logger.info({ call: id === undefined ? 'list' : 'detail', status: answer.status }, 'Carpeta simulator asked pasarela for a citizen\'s expedientes');
      return answer;
    },
  };
}

/** Start the simulator; resolves once it is listening (and closed again, if it starts `down`). */
export async function startCarpetaSimulator(opts: CarpetaSimulatorOptions): Promise<CarpetaSimulator> {
  checkOptions(opts);
  const initial = validFaults(opts.faults ?? {});
  let target = opts.pullUrl === undefined ? undefined : checkPullTarget(opts.pullUrl, opts.pullToken);
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger();
  const state: State = { stats: createStatsLedger(), store: createExpedienteStore(), target: () => target, logger };
  const injector = createFaultInjector(initial, state.stats, opts.random ?? Math.random);
  const server = http.createServer();
  const port = await listen(server, opts.port ?? DEFAULT_CARPETA_PORT, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const availability = createAvailability({ server, port, host, logger, onUp: () => injector.set({ ...injector.faults(), down: false }) });
  const applyFaults = faultApplier(injector, availability, logger);
  const push: PushDeps = {
    secret: opts.secret, maxSkewSeconds: opts.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS, now: opts.now ?? (() => new Date()),
    stats: state.stats, store: state.store, injector, logger,
  };
  const control = controlOf(state, injector, applyFaults);
  server.on('request', createFrontHandler({ push, control }));
  if (initial.down) await applyFaults(initial);
  let stopping: Promise<void> | undefined;
  return {
    url: origin,
    pushUrl: `${origin}${PUSH_PATH}`,
    port,
    stats: control.stats,
    faults: injector.faults,
    async setFaults(f) {
      await applyFaults(validFaults(f));
      return injector.faults();
    },
    setPull(url, token) {
      target = checkPullTarget(url, token);
    },
    reset: control.reset,
    expediente: state.store.get,
    citizen: state.store.byCitizen,
    stop() {
      stopping ??= (async () => {
        await availability.stop();
        injector.releaseHeld();
        await closeServer(server);
      })();
      return stopping;
    },
  };
}
