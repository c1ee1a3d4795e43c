import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBounded } from '../sir/http-util';
import { CODES, type Operation, type OperationContext } from './context';
import { sendSoap, type FaultInjector, type Plan } from './injector';
import type { Endpoint } from './operations';
import { MAX_REQUEST_BYTES, readSoapRequest, type SoapRequest } from './soap-request';
import { XmlRefused, type XmlElement } from './xml-read';
import { envelope, faultEnvelope } from './xml-write';

/**
 * One SOAP POST to a simulated endpoint, in the order the real service would meet it: read
 * (bounded), the fault draw (reset, server error, latency), parse (hostile XML refused with a
 * `soapenv:Client` fault), authenticate (`apiKey` header, else HTTP 401), dispatch by the Body
 * element (its namespace must be the operation's), then answer, or not, as the plan says. A
 * simulated timeout or lost answer still runs the operation: its envíos exist.
 */

export interface SoapFrontDeps {
  ctx: OperationContext;
  apiKeys: ReadonlySet<string>;
  injector: FaultInjector;
}

const FATAL_REASON = 'Petición rechazada (fallo simulado: no es un error de validación)';

function clientFault(res: ServerResponse, reason: string, status = 500): void {
  sendSoap(res, status, faultEnvelope('soapenv:Client', reason));
}

/** The endpoint's operation for this Body element, or why there is none. */
function operationFor(endpoint: Endpoint, el: XmlElement): Operation | string {
  const op = endpoint.operations.find((o) => o.name === el.name);
  if (op === undefined) return `Operación desconocida en ${endpoint.path}: ${el.name.slice(0, 60)}`;
  if (el.ns !== op.ns) return `${op.name} debe estar en el espacio de nombres ${op.ns}`;
  return op;
}

/** Answer per plan; timeouts hold the connection open, lost answers destroy it. */
function finish(req: IncomingMessage, res: ServerResponse, plan: Plan, xml: string, deps: SoapFrontDeps): void {
  if (plan === 'timeout') {
    deps.ctx.stats.fault('timeouts');
    return deps.injector.hold(req.socket);
  }
  if (plan === 'lost-answer') {
    deps.ctx.stats.fault('lostAnswers');
    return void req.socket.destroy();
  }
  sendSoap(res, 200, envelope(xml));
}

async function handle(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, deps: SoapFrontDeps): Promise<void> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return clientFault(res, 'No se admiten cuerpos comprimidos', 415);
  const body = await readBounded(req, MAX_REQUEST_BYTES);
  if (body === undefined) return clientFault(res, `La petición supera ${MAX_REQUEST_BYTES} bytes`, 413);
  const plan = await deps.injector.draw(req, res);
  if (plan === undefined) return;
  let request: SoapRequest;
  try {
    request = readSoapRequest(body.toString('utf8'));
  } catch (e) {
    if (e instanceof XmlRefused) return clientFault(res, `Petición no válida: ${e.message}`);
    throw e;
  }
  if (request.apiKey === undefined || !deps.apiKeys.has(request.apiKey)) {
    deps.ctx.stats.authFailure();
    deps.ctx.logger.warn({ endpoint: endpoint.path, present: request.apiKey !== undefined }, 'Notific@ simulator refused a request without a valid apiKey');
    return clientFault(res, 'apiKey no válida', 401);
  }
  const op = operationFor(endpoint, request.operation);
  if (typeof op === 'string') return clientFault(res, op);
  deps.ctx.stats.operation(op.name);
  if (plan === 'fatal') {
    deps.ctx.stats.fault('fatals');
    return sendSoap(res, 200, envelope(op.refuse(CODES.invalid, FATAL_REASON)));
  }
  finish(req, res, plan, await op.handle(request.operation, deps.ctx), deps);
}

/** Handle one POST; a failure of the simulator itself is a `soapenv:Server` fault. */
export function handleSoapPost(req: IncomingMessage, res: ServerResponse, endpoint: Endpoint, deps: SoapFrontDeps): void {
  handle(req, res, endpoint, deps).catch((e: unknown) => {
    deps.ctx.logger.error({ endpoint: endpoint.path, err: e instanceof Error ? e.name : 'unknown' }, 'Notific@ simulator failed on a request');
    if (!res.headersSent && !req.socket.destroyed) sendSoap(res, 500, faultEnvelope('soapenv:Server', 'Error interno del simulador'));
    else res.destroy();
  });
}
