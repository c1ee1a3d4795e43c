import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { isPasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import type { Journal } from '../../journal/journal';
import { receiveControlMessage } from './control-received';
import { MAX_INBOUND_SOAP_BYTES, readSoapCall, respuestaEnvelope } from './soap';

/** Where pasarela serves the services the CIR calls (register these URLs for the offices with SIR). */
export const SIR_INBOUND_PATHS = { WS_SIR9: '/sir/WS_SIR9' } as const;

const WS_SIR9_OPERATION = 'envioMensajeDatosControlAAplicacion';

function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).type('text/xml; charset=utf-8').send(xml);
}

function fault(kind: 'Client' | 'Server', reason: string): string {
  const text = reason.replace(/[<&>]/g, ' ');
  return '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
    + `<soapenv:Body><soapenv:Fault><faultcode>soapenv:${kind}</faultcode><faultstring>${text}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

/**
 * The SOAP endpoints the CIR calls back (reference §6), registered on the intake server:
 * `POST /sir/WS_SIR9` (control messages about exchanges we sent) and its WSDL at `?wsdl`.
 * Lenient as the CIR needs (operation by local name, parameters by position, SOAPAction
 * ignored); an unreadable request is a SOAP Client fault, a message we cannot take a
 * `RespuestaWS` error, as regweb3 answers.
 */
export function registerSirInbound(app: FastifyInstance, ctx: { journal: Journal; logger: Logger }): void {
  const wsdl = readFileSync(projectPath('schemas', 'wsdl', 'WS_SIR9.wsdl'), 'utf8');
  app.register(async (sir) => {
    for (const type of ['text/xml', 'application/soap+xml']) {
      sir.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_INBOUND_SOAP_BYTES }, (_req, body, done) => done(null, body));
    }
    sir.get(SIR_INBOUND_PATHS.WS_SIR9, async (req, reply) => {
      const base = `${req.protocol}://${req.host}`;
      return sendXml(reply, 200, wsdl.replace('http://127.0.0.1:8080/sir/WS_SIR9', `${base}${SIR_INBOUND_PATHS.WS_SIR9}`));
    });
    sir.post(SIR_INBOUND_PATHS.WS_SIR9, async (req, reply) => {
      let params: string[];
      try {
        const call = readSoapCall(typeof req.body === 'string' ? req.body : '');
        if (call.operation !== WS_SIR9_OPERATION) return sendXml(reply, 500, fault('Client', `Unknown operation ${call.operation.slice(0, 80)}`));
        params = call.params;
      } catch (e) {
        if (!isPasarelaError(e)) throw e;
        return sendXml(reply, 500, fault('Client', e.message));
      }
      try {
        const answer = await receiveControlMessage(ctx.journal, params[0] ?? '', ctx.logger);
        return sendXml(reply, 200, respuestaEnvelope(WS_SIR9_OPERATION, answer.codigo, answer.descripcion));
      } catch (e) {
        // Journal unreachable: a Server fault, so the CIR sends the message again later.
        ctx.logger.error({ err: e }, 'WS_SIR9: control message could not be recorded');
        return sendXml(reply, 500, fault('Server', 'The message could not be recorded; try again'));
      }
    });
  });
}
