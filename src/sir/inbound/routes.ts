import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config/types';
import { isPasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import type { Bus } from '../../bus/bus';
import type { Journal } from '../../journal/journal';
import { receiveControlMessage, type ControlAnswer } from './control-received';
import { createControlSender, type ControlSender } from './control-sender';
import { createTenantEvents } from '../../events';
import { receiveFichero } from './fichero-received';
import { configuredDirectory } from '../directory';
import { createSirProxyRelay } from '../proxy/relay';
import { MAX_INBOUND_SOAP_BYTES, readSoapCall, respuestaEnvelope, soapFault } from './soap';

/** Where pasarela serves the services the CIR calls (register these URLs for the offices with SIR). */
export const SIR_INBOUND_PATHS = { WS_SIR8_B: '/sir/WS_SIR8_B', WS_SIR9: '/sir/WS_SIR9' } as const;

interface Service {
  path: string;
  wsdlFile: string;
  operation: string;
  /** Namespace of the RespuestaWS fields in the answer (reference §6). */
  answerNs: string;
  handle(params: string[]): Promise<ControlAnswer>;
}

function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).type('text/xml; charset=utf-8').send(xml);
}

export interface SirInboundContext {
  config: Config;
  journal: Journal;
  /** For the messages SIR's calls make (relays, notices, REENVÍO/RECHAZO): src/pipeline/enqueue.ts. */
  bus: Bus;
  logger: Logger;
}

/**
 * The SOAP endpoints the CIR calls (reference §6), on the intake server: `WS_SIR8_B` (ficheros
 * for our offices) and `WS_SIR9` (control messages about exchanges we sent), each with its WSDL
 * at `?wsdl`. Lenient as the CIR needs (operation by local name, parameters by position,
 * SOAPAction ignored); an unreadable request is a SOAP Client fault, one we cannot take a
 * `RespuestaWS` error (as regweb3 answers), a journal outage a Server fault (the CIR tries again).
 */
export function registerSirInbound(app: FastifyInstance, ctx: SirInboundContext): ControlSender {
  const sender = createControlSender({ journal: ctx.journal, bus: ctx.bus, logger: ctx.logger, tenants: ctx.config.tenants });
  const events = createTenantEvents({ config: ctx.config, journal: ctx.journal, bus: ctx.bus, logger: ctx.logger });
  const proxy = createSirProxyRelay({ journal: ctx.journal, bus: ctx.bus, logger: ctx.logger });
  const directory = configuredDirectory(ctx.config, ctx.logger); // read once, here: a bad file stops start-up
  const services: Service[] = [
    {
      path: SIR_INBOUND_PATHS.WS_SIR8_B, wsdlFile: 'WS_SIR8_B.wsdl', operation: 'envioFicherosAAplicacion', answerNs: 'http://cir.impl.manager.cct.map.es',
      handle: (params) => receiveFichero({
        journal: ctx.journal, tenants: ctx.config.tenants, annexLimits: ctx.config.annexes, directory, sender, logger: ctx.logger, events, proxy,
      }, params[0] ?? ''),
    },
    {
      path: SIR_INBOUND_PATHS.WS_SIR9, wsdlFile: 'WS_SIR9.wsdl', operation: 'envioMensajeDatosControlAAplicacion', answerNs: 'http://bean.cct.map.es',
      handle: (params) => receiveControlMessage({ journal: ctx.journal, tenants: ctx.config.tenants, logger: ctx.logger, proxy }, params[0] ?? ''),
    },
  ];
  app.register(async (sir) => {
    for (const type of ['text/xml', 'application/soap+xml']) {
      sir.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_INBOUND_SOAP_BYTES }, (_req, body, done) => done(null, body));
    }
    for (const service of services) register(sir, service, ctx.logger);
  });
  return sender;
}

function register(app: FastifyInstance, s: Service, logger: Logger): void {
  const wsdl = readFileSync(projectPath('schemas', 'wsdl', s.wsdlFile), 'utf8');
  app.get(s.path, async (req, reply) => sendXml(reply, 200, wsdl.replace(`http://127.0.0.1:8080${s.path}`, `${req.protocol}://${req.host}${s.path}`)));
  app.post(s.path, async (req, reply) => {
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
      const answer = await s.handle(params);
      return sendXml(reply, 200, respuestaEnvelope(s.operation, answer.codigo, answer.descripcion, s.answerNs));
    } catch (e) {
      logger.error({ err: e, service: s.path }, 'SIR call could not be recorded');
      return sendXml(reply, 500, soapFault('Server', 'The request could not be recorded; try again'));
    }
  });
}
