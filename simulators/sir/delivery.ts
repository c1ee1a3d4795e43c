import { setMaxListeners } from 'node:events';

/**
 * How the simulator calls pasarela (WS_SIR9 and WS_SIR8_B): one SOAP 1.1 POST, bounded in time
 * and in the answer it reads, cancellable; plus the cancellable waits between steps. What an
 * answer means is the caller's business (./callbacks.ts retries, ./originator.ts reports).
 */

/** One attempt must not hang a chain: pasarela answers in milliseconds. */
export const ATTEMPT_TIMEOUT_MS = 10_000;
/** A RespuestaWS is a few hundred bytes; anything longer is not one. */
const MAX_ANSWER_CHARS = 64 * 1024;

/** pasarela answered something (any HTTP status), or the call failed with `reason` (e.g. `ECONNREFUSED`, `TimeoutError`). */
export type Answer = { ok: true; status: number; text: string } | { ok: false; reason: string };

export async function postSoap(url: string, body: string, signal: AbortSignal, timeoutMs = ATTEMPT_TIMEOUT_MS): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    return { ok: true, status: res.status, text: (await res.text()).slice(0, MAX_ANSWER_CHARS) };
  } catch (e) {
    const cause = (e as { cause?: { code?: unknown } }).cause;
    return { ok: false, reason: typeof cause?.code === 'string' ? cause.code : (e as Error).name };
  }
}

/** Every pending wait and request listens on it: hundreds in flight is normal, not a leak. */
export function newGeneration(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Resolves true after `ms`, false at once if `signal` is aborted (the chain stops). */
export function wait(ms: number, signal: AbortSignal): Promise<boolean> {
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
