import type { Logger } from 'pino';
import type { ControlMessage } from '../../src/sir/control-message';
import type { ParsedFichero } from '../../src/sir/fichero';
import {
  ackOf, codigoOf, confirmationOf, errorOf, forwardedConfirmationOf, madridDateTime, scenarioOf, wsSir9Envelope,
} from './callback-messages';
import { newGeneration, postSoap, wait } from './delivery';
import { hopBackXml, type HopType } from './hops';
import { ficheroUrlFrom, wsSir8Envelope } from './ws-sir8';

/**
 * The CIR's asynchronous answers: after it accepts a NEW fichero, the simulator sends control
 * messages to pasarela's WS_SIR9 endpoint (`callbackUrl`) and, for `[sim:reject]` and
 * `[sim:return]`, a fichero to its WS_SIR8_B endpoint, never delaying the `00`. A failed
 * delivery (refused, HTTP error, non-`00` answer) is retried with exponential backoff, then given
 * up. Every attempt is recorded. `reset()` and `stop()` cancel whatever is still pending.
 */

/** Office the `[sim:forward]` entry goes on to inside the simulated network. */
export const DEFAULT_FORWARD_OFFICE = 'O00099999';

export interface CallbackOptions {
  /** Delay between the `00` and the ACK (or ERROR). @defaultValue 50 */
  ackDelayMs?: number;
  /** Delay between the ACK's delivery (or give-up) and what follows: the CONFIRMACION, or the RECHAZO/REENVÍO fichero. @defaultValue 100 */
  confirmDelayMs?: number;
  /** Retries after a failed attempt. @defaultValue 5 */
  retries?: number;
  /** First retry delay; doubles on each retry. @defaultValue 200 */
  retryBaseMs?: number;
  /** pasarela's WS_SIR8_B endpoint. @defaultValue `callbackUrl` with its last segment `WS_SIR9` made `WS_SIR8_B` */
  ficheroCallbackUrl?: string;
  /** `[sim:forward]`: the DIR3 office the entry is forwarded to, which sends the CONFIRMACION. @defaultValue {@link DEFAULT_FORWARD_OFFICE} */
  forwardOffice?: string;
}

/** Which of pasarela's services a delivery went to. */
export type CallbackService = 'WS_SIR9' | 'WS_SIR8_B';

/** One delivery attempt (also `GET /_sim/callbacks`). */
export interface CallbackRecord {
  service: CallbackService;
  /** WS_SIR9: `Tipo_Mensaje` `01` ACK, `02` ERROR, `03` CONFIRMACION. WS_SIR8_B: `Tipo_Anotacion` `03` REENVÍO, `04` RECHAZO. */
  type: string;
  exchangeId: string;
  status: 'sent' | 'failed';
  /** The RespuestaWS `codigo` pasarela answered, when it answered one. */
  codigo?: string;
  /** 1 for the first try. */
  attempt: number;
  /** On the last failed attempt: no more retries. */
  gaveUp?: true;
  /** Why an attempt failed, when there is no `codigo` (e.g. `ECONNREFUSED`, `HTTP 500`, `NO_URL`). */
  reason?: string;
}

export interface Callbacks {
  url(): string | undefined;
  setUrl(url: string | undefined): void;
  /** pasarela's WS_SIR8_B URL in effect: the one set, or the one derived from `url()`. */
  ficheroUrl(): string | undefined;
  /** Set (or clear, to derive it again) the WS_SIR8_B URL. */
  setFicheroUrl(url: string | undefined): void;
  /** Hook for the WS_SIR6_B operation: schedules the scenario's answers for a new fichero. */
  onAccepted(fichero: ParsedFichero, isNew: boolean): void;
  list(): CallbackRecord[];
  /** Forget the records and cancel pending deliveries. */
  reset(): void;
  /** Cancel pending deliveries for good. */
  stop(): void;
}

/** One thing to deliver: its record fields and the SOAP request. */
interface Delivery {
  service: CallbackService;
  type: string;
  exchangeId: string;
  body: string;
}

interface Targets {
  sir9: string;
  sir8b: string | undefined;
}

const control = (m: ControlMessage): Delivery => ({ service: 'WS_SIR9', type: m.type, exchangeId: m.exchangeId, body: wsSir9Envelope(m) });

export function createCallbacks(initialUrl: string | undefined, opts: CallbackOptions, logger: Logger): Callbacks {
  const ackDelayMs = opts.ackDelayMs ?? 50;
  const confirmDelayMs = opts.confirmDelayMs ?? 100;
  const retries = opts.retries ?? 5;
  const retryBaseMs = opts.retryBaseMs ?? 200;
  const forwardOffice = opts.forwardOffice ?? DEFAULT_FORWARD_OFFICE;
  let url = initialUrl;
  let ficheroUrl = opts.ficheroCallbackUrl;
  let records: CallbackRecord[] = [];
  let confirmations = 0;
  // One controller per generation: reset/stop abort it, ending every pending wait and request.
  let generation = newGeneration();
  let stopped = false;

  /** Deliver with retries; false when cancelled (the chain stops). */
  async function deliver(target: string | undefined, d: Delivery, signal: AbortSignal): Promise<boolean> {
    const base = { service: d.service, type: d.type, exchangeId: d.exchangeId };
    if (target === undefined) {
      records.push({ ...base, status: 'failed', attempt: 1, gaveUp: true, reason: 'NO_URL' });
      logger.warn({ exchangeId: d.exchangeId, service: d.service }, 'SIR simulator has no URL for this callback; set ficheroCallbackUrl');
      return true;
    }
    for (let attempt = 1; ; attempt++) {
      const answer = await postSoap(target, d.body, signal);
      if (signal.aborted) return false;
      const codigo = answer.ok ? codigoOf(answer.text) : undefined;
      if (answer.ok && answer.status === 200 && codigo === '00') {
        records.push({ ...base, status: 'sent', codigo, attempt });
        return true;
      }
      const why = codigo !== undefined ? { codigo } : { reason: answer.ok ? `HTTP ${answer.status}` : answer.reason };
      const gaveUp = attempt > retries;
      records.push({ ...base, status: 'failed', ...why, attempt, ...(gaveUp ? { gaveUp: true } : {}) });
      if (gaveUp) {
        logger.warn({ exchangeId: d.exchangeId, service: d.service, type: d.type, attempts: attempt }, 'SIR simulator gave up a callback');
        return true;
      }
      if (!(await wait(retryBaseMs * 2 ** (attempt - 1), signal))) return false;
    }
  }

  function confirmationFor(f: ParsedFichero, forwarded: boolean): ControlMessage {
    const now = madridDateTime(new Date());
    const number = `SIM/${now.slice(0, 4)}/${++confirmations}`;
    return forwarded ? forwardedConfirmationOf(f, forwardOffice, number, now) : confirmationOf(f, number, now);
  }

  function hopBack(f: ParsedFichero, type: HopType): Delivery {
    const exchangeId = f.control?.Identificador_Intercambio ?? '';
    return { service: 'WS_SIR8_B', type, exchangeId, body: wsSir8Envelope(hopBackXml(f, type)) };
  }

  async function run(to: Targets, f: ParsedFichero, signal: AbortSignal): Promise<void> {
    const scenario = scenarioOf(f);
    if (scenario === 'silent') return;
    if (!(await wait(ackDelayMs, signal))) return;
    if (scenario === 'error') {
      answeredWithError.add(f.control?.Identificador_Intercambio ?? '');
      return void (await deliver(to.sir9, control(errorOf(f)), signal));
    }
    if (!(await deliver(to.sir9, control(ackOf(f)), signal)) || scenario === 'ack-only') return;
    if (!(await wait(confirmDelayMs, signal))) return;
    if (scenario === 'reject') return void (await deliver(to.sir8b, hopBack(f, '04'), signal));
    if (scenario === 'return') return void (await deliver(to.sir8b, hopBack(f, '03'), signal));
    await deliver(to.sir9, control(confirmationFor(f, scenario === 'forward')), signal);
  }

  /** Exchanges whose last answer was an ERROR: the next copy is a corrected re-send, answered anew. */
  const answeredWithError = new Set<string>();

  const currentFicheroUrl = (): string | undefined => ficheroUrl ?? ficheroUrlFrom(url);

  return {
    url: () => url,
    setUrl(next) {
      url = next;
    },
    ficheroUrl: currentFicheroUrl,
    setFicheroUrl(next) {
      ficheroUrl = next;
    },
    onAccepted(f, isNew) {
      // The URLs in effect when the fichero is taken are where its answers go.
      // A repeat is answered only when it follows our ERROR: the corrected re-send of §8.1 flow 6.
      const corrected = !isNew && answeredWithError.delete(f.control?.Identificador_Intercambio ?? '');
      if ((!isNew && !corrected) || url === undefined || stopped) return;
      run({ sir9: url, sir8b: currentFicheroUrl() }, f, generation.signal).catch((e: unknown) => {
        logger.error({ err: e instanceof Error ? e.name : 'unknown' }, 'SIR simulator callback chain failed');
      });
    },
    list: () => records.map((r) => ({ ...r })),
    reset() {
      generation.abort();
      generation = newGeneration();
      records = [];
      answeredWithError.clear();
    },
    stop() {
      stopped = true;
      generation.abort();
    },
  };
}
