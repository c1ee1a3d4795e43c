import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import type { ControlMessage, ControlMessageType } from '../../src/sir/control-message';
import type { ParsedFichero } from '../../src/sir/fichero';
import { ackOf, codigoOf, confirmationOf, errorOf, madridDateTime, scenarioOf, wsSir9Envelope } from './callback-messages';

/**
 * The CIR's asynchronous answers: after it accepts a NEW fichero, the simulator sends control
 * messages to pasarela's WS_SIR9 endpoint (`callbackUrl`), never delaying the `00`. A failed
 * delivery (refused, HTTP error, non-`00` answer) is retried with exponential backoff, then given
 * up. Every attempt is recorded. `reset()` and `stop()` cancel whatever is still pending.
 */

export interface CallbackOptions {
  /** Delay between the `00` and the ACK (or ERROR). @defaultValue 50 */
  ackDelayMs?: number;
  /** Delay between the ACK's delivery (or give-up) and the CONFIRMACION. @defaultValue 100 */
  confirmDelayMs?: number;
  /** Retries after a failed attempt. @defaultValue 5 */
  retries?: number;
  /** First retry delay; doubles on each retry. @defaultValue 200 */
  retryBaseMs?: number;
}

/** One delivery attempt (also `GET /_sim/callbacks`). */
export interface CallbackRecord {
  /** `Tipo_Mensaje`: `01` ACK, `02` ERROR, `03` CONFIRMACION. */
  type: ControlMessageType;
  exchangeId: string;
  status: 'sent' | 'failed';
  /** The RespuestaWS `codigo` pasarela answered, when it answered one. */
  codigo?: string;
  /** 1 for the first try. */
  attempt: number;
  /** On the last failed attempt: no more retries. */
  gaveUp?: true;
  /** Why an attempt failed, when there is no `codigo` (e.g. `ECONNREFUSED`, `HTTP 500`). */
  reason?: string;
}

export interface Callbacks {
  url(): string | undefined;
  setUrl(url: string | undefined): void;
  /** Hook for the WS_SIR6_B operation: schedules the scenario's messages for a new fichero. */
  onAccepted(fichero: ParsedFichero, isNew: boolean): void;
  list(): CallbackRecord[];
  /** Forget the records and cancel pending deliveries. */
  reset(): void;
  /** Cancel pending deliveries for good. */
  stop(): void;
}

/** One attempt must not hang a chain: pasarela answers in milliseconds. */
const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_ANSWER_CHARS = 64 * 1024;

type Attempt = { ok: true; codigo: string } | { ok: false; codigo?: string; reason?: string };

async function post(url: string, m: ControlMessage, signal: AbortSignal): Promise<Attempt> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body: wsSir9Envelope(m),
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
    });
    const codigo = codigoOf((await res.text()).slice(0, MAX_ANSWER_CHARS));
    if (res.status === 200 && codigo === '00') return { ok: true, codigo };
    return codigo === undefined ? { ok: false, reason: `HTTP ${res.status}` } : { ok: false, codigo };
  } catch (e) {
    const cause = (e as { cause?: { code?: unknown } }).cause;
    return { ok: false, reason: typeof cause?.code === 'string' ? cause.code : (e as Error).name };
  }
}

/** Every pending wait and request listens on it: hundreds in flight is normal, not a leak. */
function newGeneration(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

export function createCallbacks(initialUrl: string | undefined, opts: CallbackOptions, logger: Logger): Callbacks {
  const ackDelayMs = opts.ackDelayMs ?? 50;
  const confirmDelayMs = opts.confirmDelayMs ?? 100;
  const retries = opts.retries ?? 5;
  const retryBaseMs = opts.retryBaseMs ?? 200;
  let url = initialUrl;
  let records: CallbackRecord[] = [];
  let confirmations = 0;
  // One controller per generation: reset/stop abort it, ending every pending wait and request.
  let generation = newGeneration();
  let stopped = false;

  /** Resolves true after `ms`, false at once if the generation is cancelled. */
  function wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Deliver `m` with retries; false when cancelled (the chain stops). */
  async function deliver(target: string, m: ControlMessage, signal: AbortSignal): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const result = await post(target, m, signal);
      if (signal.aborted) return false;
      const base = { type: m.type, exchangeId: m.exchangeId, attempt };
      if (result.ok) {
        records.push({ ...base, status: 'sent', codigo: result.codigo });
        return true;
      }
      const gaveUp = attempt > retries;
      records.push({ ...base, status: 'failed', ...(result.codigo ? { codigo: result.codigo } : { reason: result.reason }), ...(gaveUp ? { gaveUp: true } : {}) });
      if (gaveUp) {
        logger.warn({ exchangeId: m.exchangeId, type: m.type, attempts: attempt }, 'SIR simulator gave up a WS_SIR9 callback');
        return true;
      }
      if (!(await wait(retryBaseMs * 2 ** (attempt - 1), signal))) return false;
    }
  }

  async function run(target: string, f: ParsedFichero, signal: AbortSignal): Promise<void> {
    const scenario = scenarioOf(f);
    if (scenario === 'silent') return;
    if (!(await wait(ackDelayMs, signal))) return;
    if (scenario === 'error') return void (await deliver(target, errorOf(f), signal));
    if (!(await deliver(target, ackOf(f), signal)) || scenario === 'ack-only') return;
    if (!(await wait(confirmDelayMs, signal))) return;
    const now = new Date();
    const number = `SIM/${madridDateTime(now).slice(0, 4)}/${++confirmations}`;
    await deliver(target, confirmationOf(f, number, madridDateTime(now)), signal);
  }

  return {
    url: () => url,
    setUrl(next) {
      url = next;
    },
    onAccepted(f, isNew) {
      // The URL in effect when the fichero is taken is where its answers go.
      if (!isNew || url === undefined || stopped) return;
      run(url, f, generation.signal).catch((e: unknown) => {
        logger.error({ err: e instanceof Error ? e.name : 'unknown' }, 'SIR simulator callback chain failed');
      });
    },
    list: () => records.map((r) => ({ ...r })),
    reset() {
      generation.abort();
      generation = newGeneration();
      records = [];
    },
    stop() {
      stopped = true;
      generation.abort();
    },
  };
}
