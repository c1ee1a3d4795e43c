import http, { type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../../src/core/errors';
import { silentLogger } from '../../src/observability/logger';
import { closeServer, createAvailability, listen, type Availability } from '../sir/availability';
import { createCore, type NotificaCore } from './core';
import { viewOf } from './envios';
import { checkFaults, checkRange, DEFAULT_DOWN_FOR_MS, type NotificaFaults } from './faults';
import { createFrontHandler } from './http-front';
import type { FaultInjector } from './injector';
import { NOTIFICA_WS_PATH, SINCRONIZAR_WS_PATH } from './operations';
import { checkScenarioRules, type ScenarioRule } from './scenarios';
import type { SimControl } from './sim-control';
import type { NotificaSimulator, NotificaSimulatorOptions } from './simulator-api';

export type { NotificaSimulator, NotificaSimulatorOptions } from './simulator-api';

export const DEFAULT_NOTIFICA_PORT = 8092;

const invalid = (what: string): PasarelaError => new PasarelaError(Errors.CONFIG_INVALID, `The Notific@ simulator ${what}`, { details: { component: 'notifica-simulator' } });

function validFaults(f: unknown): NotificaFaults {
  const check = checkFaults(f);
  if (!check.ok) throw invalid(`faults are not valid: ${check.detail}`);
  return check.faults;
}

function validRules(rules: unknown): ScenarioRule[] {
  const check = checkScenarioRules(rules);
  if (!check.ok) throw invalid(`scenario rules are not valid: ${check.detail}`);
  return check.rules;
}

function checkOptions(opts: NotificaSimulatorOptions): void {
  if (!Array.isArray(opts.apiKeys) || opts.apiKeys.length === 0 || opts.apiKeys.some((k) => typeof k !== 'string' || k.trim() === '')) {
    throw invalid('needs apiKeys: a non-empty list of non-empty strings');
  }
  if (opts.stepDelayMs !== undefined && typeof checkRange(opts.stepDelayMs, 'stepDelayMs') === 'string') throw invalid('stepDelayMs must be [min, max] integer ms up to 60000');
  const retries = opts.callbackRetries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 20)) throw invalid('callbackRetries must be an integer from 0 to 20');
  if (opts.callbackStyle !== undefined && opts.callbackStyle !== 'qualified' && opts.callbackStyle !== 'unqualified') throw invalid("callbackStyle must be 'qualified' or 'unqualified'");
}

/** Set the faults and open or close the listener to match; `answer` delays a close until it is sent. */
function faultApplier(injector: FaultInjector, availability: Availability, logger: Logger) {
  return (f: NotificaFaults, answer?: ServerResponse): Promise<void> => {
    injector.set(f);
    logger.info({ faults: f }, 'Notific@ simulator faults set');
    if (!f.down) return availability.up();
    const goDown = (): Promise<void> => availability.down(f.downForMs ?? DEFAULT_DOWN_FOR_MS);
    if (answer === undefined) return goDown();
    answer.once('close', () => void goDown());
    return Promise.resolve();
  };
}

/** The control routes' view of the core; `down` closes the listener once the answer is sent. */
function controlOf(core: NotificaCore, applyFaults: (f: NotificaFaults, answer?: ServerResponse) => Promise<void>): SimControl {
  return {
    store: core.store, stats: core.stats.stats, callbacks: core.driver.callbacks, reset: core.reset, faults: core.injector.faults,
    rules: core.rules, setRules: core.setRules, setFaults: (f, answer) => void applyFaults(f, answer),
  };
}

/** Start the simulator; resolves once it is listening (and closed again, if it starts `down`). */
export async function startNotificaSimulator(opts: NotificaSimulatorOptions): Promise<NotificaSimulator> {
  checkOptions(opts);
  const initial = validFaults(opts.faults ?? {});
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger();
  const core = createCore(opts, initial, validRules(opts.scenarios ?? []), logger);
  const { injector, store, driver } = core;
  const server = http.createServer();
  const port = await listen(server, opts.port ?? DEFAULT_NOTIFICA_PORT, host);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const availability = createAvailability({ server, port, host, logger, onUp: () => injector.set({ ...injector.faults(), down: false }) });
  const applyFaults = faultApplier(injector, availability, logger);
  const deps = { ctx: core.ctx, apiKeys: new Set(opts.apiKeys), injector };
  server.on('request', createFrontHandler({ origin, deps, control: controlOf(core, applyFaults) }));
  if (initial.down) await applyFaults(initial);
  let stopping: Promise<void> | undefined;
  return {
    url: origin,
    notificaWsUrl: `${origin}${NOTIFICA_WS_PATH}`,
    sincronizarEnvioWsUrl: `${origin}${SINCRONIZAR_WS_PATH}`,
    port,
    stats: core.stats.stats,
    faults: injector.faults,
    async setFaults(f) {
      await applyFaults(validFaults(f));
      return injector.faults();
    },
    setScenario: (next) => core.setRules(validRules(next)),
    setCallbackUrl: core.setCallbackUrl,
    reset: core.reset,
    envio(identificador) {
      const r = store.get(identificador);
      return r === undefined ? undefined : viewOf(r);
    },
    envios: (referencia) => store.list(referencia).map(viewOf),
    callbacks: driver.callbacks,
    stop() {
      stopping ??= (async () => {
        driver.stop();
        await availability.stop();
        injector.releaseHeld();
        await closeServer(server);
      })();
      return stopping;
    },
  };
}
