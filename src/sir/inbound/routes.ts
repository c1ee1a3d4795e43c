import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config/types';
import type { Bus } from '../../bus/bus';
import type { Journal } from '../../journal/journal';
import { receiveControlMessage } from './control-received';
import { createControlSender, type ControlSender } from './control-sender';
import { createTenantEvents } from '../../events';
import { receiveFichero } from './fichero-received';
import { configuredDirectory } from '../directory';
import { createSirProxyRelay } from '../proxy/relay';
import { registerSoapServices, type SoapService } from './soap-service';

/** Where pasarela serves the services the CIR calls (register these URLs for the offices with SIR). */
export const SIR_INBOUND_PATHS = { WS_SIR8_B: '/sir/WS_SIR8_B', WS_SIR9: '/sir/WS_SIR9' } as const;

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
  const services: SoapService[] = [
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
  registerSoapServices(app, services, ctx.logger);
  return sender;
}
