import { Errors, PasarelaError, isPasarelaError, type ErrorDef } from '../../core/errors';

/**
 * The one place where a failed node-soap call becomes a catalog error with a retry verdict.
 * Shapes node-soap 1.13 produces (observed against real sockets):
 * - transport errors from axios/node with a `code` (`ECONNREFUSED`, `ECONNRESET` for "socket hang
 *   up", `ECONNABORTED` for axios time-outs, `ERR_CANCELED` for an aborted signal);
 * - a parsed SOAP fault: an `Error` whose `root.Envelope.Body.Fault` holds `faultcode`, with
 *   `response.status` (any status: node-soap passes `validateStatus: null` to axios);
 * - an unparseable body: a plain object `{ Fault: { faultstring: 'Invalid XML' }, response }`;
 * - an `Error` with `response` when the body parsed but held no usable answer.
 */

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export interface Facts {
  transportCode?: string;
  httpStatus?: number;
  faultCode?: string;
  faultString?: string;
}

function prop(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  const v = typeof value === 'object' ? prop(value, '$value') : value;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function factsOf(err: unknown): Facts {
  const fault = prop(prop(prop(prop(err, 'root'), 'Envelope'), 'Body'), 'Fault');
  const status = prop(prop(err, 'response'), 'status');
  const code = prop(err, 'code');
  return {
    transportCode: typeof code === 'string' ? code : undefined,
    httpStatus: typeof status === 'number' ? status : undefined,
    faultCode: text(prop(fault, 'faultcode')),
    faultString: text(prop(fault, 'faultstring'))?.slice(0, 200),
  };
}

/** `soapenv:Server.userException` -> `server`. */
function faultKind(faultCode: string): string {
  const local = faultCode.slice(faultCode.lastIndexOf(':') + 1);
  return local.split('.')[0].toLowerCase();
}

function statusDef(status: number | undefined): ErrorDef {
  if (status === undefined) return Errors.CONNECTOR_BAD_RESPONSE;
  if (status === 408) return Errors.CONNECTOR_TIMEOUT;
  if (status === 429 || status >= 500) return Errors.CONNECTOR_SERVER_ERROR;
  if (status >= 400) return Errors.CONNECTOR_CLIENT_FAULT;
  return Errors.CONNECTOR_BAD_RESPONSE;
}

/** Pick the catalog entry for the facts of one failure. */
export function classifyFacts(f: Facts): ErrorDef {
  if (f.transportCode === 'ERR_CANCELED' || (f.transportCode && TIMEOUT_CODES.has(f.transportCode))) {
    return Errors.CONNECTOR_TIMEOUT;
  }
  if (f.transportCode && UNREACHABLE_CODES.has(f.transportCode)) return Errors.CONNECTOR_UNREACHABLE;
  if (f.faultCode !== undefined) {
    const kind = faultKind(f.faultCode);
    if (kind === 'server' || kind === 'receiver') return Errors.CONNECTOR_SERVER_ERROR;
    if (kind === 'client' || kind === 'sender') return Errors.CONNECTOR_CLIENT_FAULT;
  }
  return statusDef(f.httpStatus);
}

function describe(service: string, f: Facts, def: ErrorDef): string {
  if (f.transportCode === 'ERR_CANCELED') return `The call to ${service} was aborted (time-out or shutdown)`;
  if (f.transportCode && f.httpStatus === undefined) return `${def.title}: ${service} (${f.transportCode})`;
  const fault = f.faultCode ? ` with fault ${f.faultCode}${f.faultString ? `: ${f.faultString}` : ''}` : '';
  return `${def.title}: ${service} answered HTTP ${f.httpStatus ?? '?'}${fault}`;
}

/**
 * Turn anything a node-soap call threw into a `PasarelaError` whose `retryable` comes from the
 * catalog: time-outs, unreachable hosts, HTTP 5xx and `Server` faults are retryable; `Client`
 * faults and HTTP 4xx are not; an unreadable answer is `CONNECTOR_BAD_RESPONSE` (retryable).
 */
export function classifySoapError(err: unknown, service: string, extra: Record<string, unknown> = {}): PasarelaError {
  if (isPasarelaError(err)) return err;
  const facts = factsOf(err);
  const def = classifyFacts(facts);
  const details = Object.fromEntries(Object.entries({ service, ...facts, ...extra }).filter(([, v]) => v !== undefined));
  return new PasarelaError(def, describe(service, facts, def), { cause: err, details });
}
