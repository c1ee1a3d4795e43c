import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { WebhookHeaders } from '../../src/connectors/webhook/sign';
import { Errors, isPasarelaError } from '../../src/core/errors';
import { parseJsonBody } from '../../src/core/safe-json';
import { readBounded, sendJson } from '../sir/http-util';
import type { ExpedienteChange } from './change';
import { checkChange } from './change-check';
import type { FaultInjector } from './injector';
import { sendProblem } from './problem';
import { checkSignature, headerOf, SIGNATURE_DETAIL } from './signature';
import type { StatsLedger } from './stats';
import type { ExpedienteStore } from './store';

/**
 * `POST /carpeta/v1/expedientes`, the push variant, in the order a careful receiver meets it:
 * read (bounded, 413), the fault draw (reset, 503, latency), the signature and timestamp (401,
 * nothing stored), the headers and body against the contract (415, 400), a simulated refusal
 * (422), then de-duplication by `Pasarela-Delivery` and the sequence check, and `200
 * {"received": true}` for every change taken, applied or not, so pasarela never retries a
 * duplicate or a stale one. A simulated timeout takes the change and never answers.
 */

export const PUSH_PATH = '/carpeta/v1/expedientes';
/** The event pasarela names in `Pasarela-Event` for every change. */
export const PUSH_EVENT = 'expediente.status-changed';
/** A change is well under 64 KiB even with 100 interested parties; the bound leaves room and stops floods. */
export const MAX_PUSH_BYTES = 256 * 1024;

export interface PushDeps {
  secret: string;
  maxSkewSeconds: number;
  now(): Date;
  stats: StatsLedger;
  store: ExpedienteStore;
  injector: FaultInjector;
  logger: Logger;
}

type Refusal = { ok: false; kind: 'invalid' | 'mediaType'; detail: string };

function isJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const encoding = req.headers['content-encoding'];
  return type === 'application/json' && (encoding === undefined || encoding === 'identity');
}

const PARSE_DETAIL: Readonly<Record<string, string>> = {
  [Errors.INTAKE_TOO_DEEP.code]: 'the body nests too deep',
  [Errors.INTAKE_INVALID_ENCODING.code]: 'the body is not UTF-8',
};

function parse(body: Buffer): { ok: true; value: unknown } | Refusal {
  try {
    return { ok: true, value: parseJsonBody(body) };
  } catch (e) {
    // Fixed texts: a JSON.parse message quotes the body, which may carry personal data.
    const code = isPasarelaError(e) ? e.code : undefined;
    return { ok: false, kind: 'invalid', detail: PARSE_DETAIL[code ?? ''] ?? 'the body is not JSON, or has a __proto__ or constructor.prototype key' };
  }
}

/** The headers and body against the contract: JSON, the event name, a valid change whose `id` is the delivery id. */
function readChange(req: IncomingMessage, body: Buffer): { ok: true; change: ExpedienteChange } | Refusal {
  if (!isJson(req)) return { ok: false, kind: 'mediaType', detail: 'Content-Type must be application/json, uncompressed' };
  if (headerOf(req.headers, WebhookHeaders.event) !== PUSH_EVENT) return { ok: false, kind: 'invalid', detail: `${WebhookHeaders.event} must be ${PUSH_EVENT}` };
  const parsed = parse(body);
  if (!parsed.ok) return parsed;
  const check = checkChange(parsed.value);
  if (!check.ok) return { ok: false, kind: 'invalid', detail: check.problem };
  if (headerOf(req.headers, WebhookHeaders.delivery) !== check.change.id) return { ok: false, kind: 'invalid', detail: `${WebhookHeaders.delivery} must be the body's id` };
  return { ok: true, change: check.change };
}

/** Take a valid change: a repeated delivery is counted, not applied; a new one is applied unless stale. */
function take(change: ExpedienteChange, d: PushDeps): void {
  const fresh = d.stats.receive(change.id);
  const outcome = !fresh ? 'duplicate' : d.store.put(change);
  if (outcome === 'stale') d.stats.stale();
  d.logger.info({ expediente: change.expediente, sequence: change.sequence, deliveryId: change.id, outcome }, 'Carpeta simulator took an expediente change');
}

async function handle(req: IncomingMessage, res: ServerResponse, d: PushDeps): Promise<void> {
  const body = await readBounded(req, MAX_PUSH_BYTES);
  if (body === undefined) {
    d.stats.rejected();
    return sendProblem(res, 'tooLarge', `the body is larger than ${MAX_PUSH_BYTES} bytes`);
  }
  const plan = await d.injector.draw(req, res);
  if (plan === undefined) return;
  const signature = checkSignature({ headers: req.headers, body, secret: d.secret, maxSkewSeconds: d.maxSkewSeconds, nowMs: d.now().getTime() });
  if (!signature.ok) {
    d.stats.badSignature();
    d.logger.warn({ reason: signature.reason }, 'Carpeta simulator refused a push without a valid signature');
    return sendProblem(res, 'badSignature', SIGNATURE_DETAIL[signature.reason]);
  }
  const read = readChange(req, body);
  if (!read.ok) {
    d.stats.rejected();
    d.logger.info({ problem: read.detail }, 'Carpeta simulator refused an invalid push');
    return sendProblem(res, read.kind, read.detail);
  }
  if (plan === 'fatal') {
    d.stats.fault('fatals');
    return sendProblem(res, 'refused');
  }
  take(read.change, d);
  if (plan === 'timeout') {
    d.stats.fault('timeouts');
    return d.injector.hold(req.socket);
  }
  sendJson(res, 200, { received: true });
}

/** Handle one push; a failure of the simulator itself is a 500 problem. */
export function handlePush(req: IncomingMessage, res: ServerResponse, d: PushDeps): void {
  handle(req, res, d).catch((e: unknown) => {
    d.logger.error({ err: e instanceof Error ? e.name : 'unknown' }, 'Carpeta simulator failed on a push');
    if (!res.headersSent && !req.socket.destroyed) sendProblem(res, 'internal');
    else res.destroy();
  });
}
