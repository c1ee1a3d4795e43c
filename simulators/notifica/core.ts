import type { Logger } from 'pino';
import type { OperationContext } from './context';
import { createDriver, type Driver } from './driver';
import { createEnvioStore, type EnvioStore } from './envios';
import type { NotificaFaults } from './faults';
import { createFaultInjector, type FaultInjector } from './injector';
import type { ScenarioRule } from './scenarios';
import type { NotificaSimulatorOptions } from './simulator-api';
import { createStatsLedger, type StatsLedger } from './stats';

/** The simulator's state and machinery, apart from its listener: what the operations and the control routes share. */
export interface NotificaCore {
  ctx: OperationContext;
  stats: StatsLedger;
  store: EnvioStore;
  injector: FaultInjector;
  driver: Driver;
  rules(): readonly ScenarioRule[];
  /** Replace the rules (already validated) for envíos created from now on. */
  setRules(rules: ScenarioRule[]): void;
  setCallbackUrl(url: string | undefined): void;
  /** Forget envíos, stats and callback records; cancel pending steps and callbacks. */
  reset(): void;
}

const DEFAULT_STEP_DELAY_MS: [number, number] = [50, 150];

/** Build the core from options already checked (`faults` and `rules` validated). */
export function createCore(opts: NotificaSimulatorOptions, faults: NotificaFaults, initialRules: ScenarioRule[], logger: Logger): NotificaCore {
  let rules = initialRules;
  let callbackUrl = opts.callbackUrl;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => new Date());
  const stats = createStatsLedger();
  const store = createEnvioStore();
  const injector = createFaultInjector(faults, stats, random);
  const driver = createDriver({
    store, stats, logger, random, now, faults: injector.faults, callbackUrl: () => callbackUrl,
    style: opts.callbackStyle ?? 'qualified', apiKey: opts.callbackApiKey,
    retries: opts.callbackRetries ?? 5, retryBaseMs: opts.callbackRetryBaseMs ?? 200, stepDelayMs: opts.stepDelayMs ?? DEFAULT_STEP_DELAY_MS,
  });
  return {
    ctx: { store, stats, driver, logger, now, rules: () => rules, faults: injector.faults },
    stats, store, injector, driver,
    rules: () => rules,
    setRules(next) {
      rules = next;
      logger.info({ rules: next.length }, 'Notific@ simulator scenario rules set');
    },
    setCallbackUrl(url) {
      callbackUrl = url;
    },
    reset() {
      driver.reset();
      store.reset();
      stats.reset();
    },
  };
}
