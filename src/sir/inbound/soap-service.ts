import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isPasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import type { ControlAnswer } from './control-received';
import { MAX_INBOUND_SOAP_BYTES, readSoapCall, respuestaEnvelope, soapFault } from './soap';

/** One SOAP operation pasarela serves in SIR's style: rpc, string parameters, a `RespuestaWS` answer. */
export interface SoapService {
  path: string;
  /** Our own WSDL in schemas/wsdl, served at `?wsdl` with the caller's address in it. */
  wsdlFile: string;
  operation: string;
  /** Namespace of the RespuestaWS fields in the answer (reference §6). */
  answerNs: string;
  /** Before the body is read (e.g. authentication): a reply sent here ends the call. */
  onRequest?(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined>;
  /** After the body is read, before it is parsed: a reply sent here ends the call. */
  admit?(req: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
  /** The parameters by position. Throws when the call cannot be recorded: a Server fault, the caller calls again. */
  handle(params: string[], req: FastifyRequest): Promise<ControlAnswer>;
}

export function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).type('text/xml; charset=utf-8').send(xml);
}

/**
 * Serve `services` in their own Fastify scope: lenient as the CIR and its clients need (operation
 * by local name, parameters by position, SOAPAction ignored); an unreadable request is a SOAP
 * Client fault, a handler failure a Server fault (the caller calls again), anything else the
 * handler's `RespuestaWS`.
 */
export function registerSoapServices(app: FastifyInstance, services: readonly SoapService[], logger: Logger): void {
  app.register(async (scope) => {
    for (const type of ['text/xml', 'application/soap+xml']) {
      scope.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_INBOUND_SOAP_BYTES }, (_req, body, done) => done(null, body));
    }
    for (const service of services) register(scope, service, logger);
  });
}

function register(app: FastifyInstance, s: SoapService, logger: Logger): void {
  const wsdl = readFileSync(projectPath('schemas', 'wsdl', s.wsdlFile), 'utf8');
  // The WSDL describes the service and holds no secret: served to anyone, with the caller's address.
  app.get(s.path, async (req, reply) => sendXml(reply, 200, wsdl.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${req.protocol}://${req.host}${s.path}$2`)));
  const options = s.onRequest ? { onRequest: s.onRequest } : {};
  app.post(s.path, options, async (req, reply) => {
    const stop = s.admit?.(req, reply);
    if (stop) return stop;
    let params: string[];
    try {
      const call = readSoapCall(typeof req.body === 'string' ? req.body : '');
      if (call.operation !== s.operation) return sendXml(reply, 500, soapFault('Client', `Unknown operation ${call.operation.slice(0, 80)}`));
      params = call.params;
    } catch (e) {
      if (!isPasarelaError(e)) throw e;
      return sendXml(reply, 500, soapFault('Client', e.message));
    }
    try {
      const answer = await s.handle(params, req);
      return sendXml(reply, 200, respuestaEnvelope(s.operation, answer.codigo, answer.descripcion, s.answerNs));
    } catch (e) {
      logger.error({ err: e, service: s.path, tenant: req.apiKey?.tenant }, 'SIR call could not be recorded');
      return sendXml(reply, 500, soapFault('Server', 'The request could not be recorded; try again'));
    }
  });
}
