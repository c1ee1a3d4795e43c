import type { Logger } from 'pino';
import { wait } from '../sir/delivery';
import { codigoRespuestaOf } from './callback-message';
import type { StatsLedger } from './stats';

/**
 * One callback to pasarela's AdviserWsV2 endpoint, with retries: a POST of a SOAP 1.1 request
 * with SOAPAction `"sincronizarEnvio"` (reference §1.2, the bare action), bounded in time and in
 * the answer read. Anything but `codigoRespuesta` `000` (another code, an HTTP error, no answer)
 * fails the attempt; it is retried after a backoff that doubles from `retryBaseMs`, capped, up
 * to `retries` times, then given up. Every attempt is counted and recorded.
 */

/** One attempt must not hang an envío's chain: pasarela answers in milliseconds. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
export const RETRY_CAP_MS = 5_000;
const MAX_ANSWER_CHARS = 64 * 1024;

/** One delivery attempt (also `GET /_sim/callbacks`). */
export interface CallbackRecord {
  identificador: string;
  estado: string;
  /** 1 for the first try. */
  attempt: number;
  /** 2 for the second copy of a duplicated callback. */
  copy: 1 | 2;
  status: 'ok' | 'failed';
  /** The codigoRespuesta pasarela answered, when it answered one. */
  codigo?: string;
  /** Why an attempt failed when there is no codigo: `HTTP 500`, `ECONNREFUSED`, `TimeoutError`, `unreadable answer`. */
  reason?: string;
  /** On the last failed attempt: no more retries. */
  gaveUp?: true;
}

export interface DeliveryOptions {
  retries: number;
  retryBaseMs: number;
  stats: StatsLedger;
  logger: Logger;
  record(r: CallbackRecord): void;
}

export interface CallbackJob {
  url: string;
  body: string;
  identificador: string;
  estado: string;
  copy: 1 | 2;
  /** Called once the first attempt has an outcome (callbackBeforeAnswer waits for it). */
  onFirstAttempt?: () => void;
}

type Outcome = { codigo?: string; reason?: string };

async function attempt(url: string, body: string, signal: AbortSignal): Promise<Outcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"sincronizarEnvio"' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
    });
    const text = (await res.text()).slice(0, MAX_ANSWER_CHARS);
    if (res.status !== 200) return { reason: `HTTP ${res.status}` };
    const codigo = codigoRespuestaOf(text);
    return codigo === undefined ? { reason: 'unreadable answer' } : { codigo };
  } catch (e) {
    const cause = (e as { cause?: { code?: unknown } }).cause;
    return { reason: typeof cause?.code === 'string' ? cause.code : (e as Error).name };
  }
}

/** Deliver one callback with retries; resolves when it is delivered, given up, or cancelled by `signal`. */
export async function deliverCallback(job: CallbackJob, o: DeliveryOptions, signal: AbortSignal): Promise<void> {
  const base = { identificador: job.identificador, estado: job.estado, copy: job.copy };
  for (let n = 1; ; n++) {
    o.stats.callback('sent');
    const outcome = await attempt(job.url, job.body, signal);
    if (n === 1) job.onFirstAttempt?.();
    if (signal.aborted) return;
    if (outcome.codigo === '000') {
      o.stats.callback('ok');
      o.record({ ...base, attempt: n, status: 'ok', codigo: '000' });
      return;
    }
    o.stats.callback('failed');
    const gaveUp = n > o.retries;
    o.record({ ...base, attempt: n, status: 'failed', ...outcome, ...(gaveUp ? { gaveUp: true } : {}) });
    if (gaveUp) {
      o.stats.callback('gaveUp');
      o.logger.warn({ identificador: job.identificador, estado: job.estado, attempts: n }, 'Notific@ simulator gave up a callback');
      return;
    }
    if (!(await wait(Math.min(o.retryBaseMs * 2 ** (n - 1), RETRY_CAP_MS), signal))) return;
  }
}
