import type { Logger } from 'pino';
import { newGeneration, wait } from '../sir/delivery';
import { deliverCallback, type CallbackRecord, type DeliveryOptions } from './callback-delivery';
import { callbackEnvelope, type CallbackStyle } from './callback-message';
import type { EnvioRecord, EnvioState, EnvioStore } from './envios';
import { delayIn, pickCallbackFault, type NotificaFaults } from './faults';
import { statesOf } from './scenarios';
import type { StatsLedger } from './stats';

/**
 * Moves each envío through its scenario's states, one step delay apart, and queues a callback
 * for each state. Callbacks of one envío go out in order: each waits for the one before to be
 * delivered or given up. States do not wait for callbacks (the service's clock does not wait for
 * the organism's endpoint), so a slow endpoint sees its callbacks queue up. A `stuck` envío
 * never changes state nor calls back; with no callback URL, states still advance.
 */

export interface DriverOptions {
  store: EnvioStore;
  stats: StatsLedger;
  logger: Logger;
  callbackUrl(): string | undefined;
  style: CallbackStyle;
  apiKey?: string;
  retries: number;
  retryBaseMs: number;
  stepDelayMs: [number, number];
  random(): number;
  now(): Date;
  faults(): NotificaFaults;
}

export interface Driver {
  /**
   * Start a new envío's scenario. With `firstNow` its creation-state callback goes out at once
   * and the promise resolves when that callback's first attempt has an outcome (so an answer
   * written afterwards is later than that callback); otherwise it resolves at once.
   */
  start(record: EnvioRecord, stepDelayMs: [number, number] | undefined, firstNow: boolean): Promise<void>;
  /** A state the organism set (sincronizarEnvioOE): recorded and called back like any other. False once final. */
  push(record: EnvioRecord, estado: string): boolean;
  /** Delivery attempts, in order. */
  callbacks(): CallbackRecord[];
  /** Cancel every pending step and callback and forget the records. */
  reset(): void;
  /** Cancel every pending step and callback for good. */
  stop(): void;
}

export function createDriver(o: DriverOptions): Driver {
  let generation = newGeneration();
  let stopped = false;
  let records: CallbackRecord[] = [];
  const queues = new Map<string, Promise<void>>();
  const delivery: DeliveryOptions = { retries: o.retries, retryBaseMs: o.retryBaseMs, stats: o.stats, logger: o.logger, record: (r) => records.push(r) };

  /** Queue the callback of `state`; `onFirst` hears when its first attempt is over (at once when nothing is sent). */
  function enqueue(r: EnvioRecord, state: EnvioState, signal: AbortSignal, onFirst: () => void = () => undefined): void {
    const url = o.callbackUrl();
    if (r.scenario === 'stuck' || url === undefined || stopped || signal.aborted) return onFirst();
    const fate = pickCallbackFault(o.faults(), o.random());
    if (fate === 'lost') {
      o.stats.callback('lost');
      o.logger.info({ identificador: r.identificador, estado: state.estado }, 'Notific@ simulator lost a callback on purpose');
      return onFirst();
    }
    const job = { url, body: callbackEnvelope(r, state, o.style, o.apiKey), identificador: r.identificador, estado: state.estado };
    const run = async (): Promise<void> => {
      await deliverCallback({ ...job, copy: 1, onFirstAttempt: onFirst }, delivery, signal);
      if (fate !== 'duplicate' || signal.aborted) return;
      o.stats.callback('duplicated');
      await deliverCallback({ ...job, copy: 2 }, delivery, signal);
    };
    const next = (queues.get(r.identificador) ?? Promise.resolve()).then(run).catch((e: unknown) => {
      o.logger.error({ identificador: r.identificador, err: e instanceof Error ? e.name : 'unknown' }, 'Notific@ simulator callback chain failed');
    });
    queues.set(r.identificador, next);
    void next.then(() => {
      if (queues.get(r.identificador) === next) queues.delete(r.identificador);
    });
  }

  async function advance(r: EnvioRecord, stepDelayMs: [number, number], firstSent: boolean, signal: AbortSignal): Promise<void> {
    const step = (): Promise<boolean> => wait(delayIn(stepDelayMs, o.random()), signal);
    if (!firstSent) {
      if (!(await step())) return;
      // Skip the creation callback if the organism changed the state meanwhile: it would arrive out of order.
      if (r.history.length === 1) enqueue(r, r.history[0], signal);
    }
    for (const estado of statesOf(r.scenario, r.tipoEnvio).slice(1)) {
      if (!(await step()) || !o.store.setState(r, estado, o.now())) return;
      enqueue(r, r.history[r.history.length - 1], signal);
    }
  }

  return {
    start(r, stepDelayMs, firstNow) {
      if (stopped || r.scenario === 'stuck') return Promise.resolve();
      const signal = generation.signal;
      const first = firstNow ? new Promise<void>((resolve) => enqueue(r, r.history[0], signal, resolve)) : Promise.resolve();
      advance(r, stepDelayMs ?? o.stepDelayMs, firstNow, signal).catch((e: unknown) => {
        o.logger.error({ identificador: r.identificador, err: e instanceof Error ? e.name : 'unknown' }, 'Notific@ simulator state chain failed');
      });
      return first;
    },
    push(r, estado) {
      if (!o.store.setState(r, estado, o.now())) return false;
      enqueue(r, r.history[r.history.length - 1], generation.signal);
      return true;
    },
    callbacks: () => records.map((r) => ({ ...r })),
    reset() {
      generation.abort();
      generation = newGeneration();
      queues.clear();
      records = [];
    },
    stop() {
      stopped = true;
      generation.abort();
    },
  };
}
