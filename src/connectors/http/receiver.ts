import axios from 'axios';
import type http from 'node:http';
import type https from 'node:https';
import type { Readable } from 'node:stream';
import { isPasarelaError, PasarelaError, type ErrorDef } from '../../core/errors';

/**
 * A JSON receiver we POST signed calls to (a tenant's webhook, Carpeta Ciudadana's push
 * endpoint): one POST, and the one place where its answer becomes an outcome. 2xx: delivered.
 * 408, 429 and 5xx (busy or failing) and transport failures: `unavailable`, retryable. Any other
 * answer, redirects included (a signed POST is never re-sent elsewhere): `refused`, not
 * retryable, so the message is parked for an operator. Messages name the receiver by `label`
 * and the status, never the URL (it may hold a token).
 */
export interface ReceiverTarget {
  /** `details.service` of the errors. */
  service: string;
  /** How messages name the receiver: "The webhook of L01230505", "Carpeta Ciudadana". */
  label: string;
  unavailable: ErrorDef;
  refused: ErrorDef;
  details?: Record<string, unknown>;
}

/** At most this much of a receiver's answer is read (and thrown away) so its socket can be reused. */
const MAX_DISCARDED_BYTES = 64 * 1024;
const DISCARD_WINDOW_MS = 5_000;

/** undefined when `status` means delivered; otherwise the coded failure. */
export function classifyReceiverStatus(status: number, t: ReceiverTarget): PasarelaError | undefined {
  if (status >= 200 && status <= 299) return undefined;
  const details = { service: t.service, ...t.details, httpStatus: status };
  if (status === 408 || status === 429 || status >= 500 || status < 100) {
    return new PasarelaError(t.unavailable, `${t.label} answered HTTP ${status}; the event is sent again later`, { details });
  }
  const why = status >= 300 && status <= 399 ? ' (redirects are not followed: configure the final URL)' : '';
  return new PasarelaError(t.refused, `${t.label} refused the event with HTTP ${status}${why}`, { details });
}

/** A call that got no HTTP answer: always retryable (the receiver may be back later). */
export function classifyReceiverTransport(err: unknown, t: ReceiverTarget, f: { timedOut: boolean; timeoutMs: number }): PasarelaError {
  if (isPasarelaError(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const transportCode = typeof code === 'string' ? code : undefined;
  const details = Object.fromEntries(Object.entries({ service: t.service, ...t.details, transportCode, timeoutMs: f.timedOut ? f.timeoutMs : undefined })
    .filter(([, v]) => v !== undefined));
  let message: string;
  if (f.timedOut || transportCode === 'ECONNABORTED' || transportCode === 'ETIMEDOUT') message = `${t.label} did not answer within ${f.timeoutMs} ms`;
  else if (transportCode === 'ERR_CANCELED') message = `The call to ${t.label.replace(/^The /, 'the ')} was aborted (time-out or shutdown)`;
  else message = `${t.label} could not be reached (${transportCode ?? 'transport error'})`;
  return new PasarelaError(t.unavailable, message, { cause: err, details });
}

export interface PostOptions {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

/** One POST; resolves with the HTTP status (any), rejects with the target's coded transport failure. */
export async function postToReceiver(o: PostOptions, t: ReceiverTarget): Promise<number> {
  // axios' `timeout` only bounds socket inactivity; the deadline signal bounds the whole call.
  const deadline = AbortSignal.timeout(o.timeoutMs);
  try {
    const res = await axios.post<Readable>(o.url, o.body, {
      headers: o.headers, timeout: o.timeoutMs, signal: AbortSignal.any([o.signal, deadline]),
      maxRedirects: 0, validateStatus: () => true, responseType: 'stream', httpAgent: o.httpAgent, httpsAgent: o.httpsAgent,
    });
    discard(res.data);
    return res.status;
  } catch (e) {
    throw classifyReceiverTransport(e, t, { timedOut: deadline.aborted && !o.signal.aborted, timeoutMs: o.timeoutMs });
  }
}

/**
 * Only the status matters. The answer's body is read and dropped in the background so the socket
 * goes back to the pool; one too large or too slow is cut off instead.
 */
function discard(body: Readable): void {
  let seen = 0;
  const timer = setTimeout(() => body.destroy(), DISCARD_WINDOW_MS);
  timer.unref();
  body.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_DISCARDED_BYTES) body.destroy();
  });
  body.on('error', () => undefined);
  body.on('close', () => clearTimeout(timer));
  body.resume();
}
