import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { NOTIFICA_NS } from '../connectors/notifica/remesa';
import { buildXml, readSoap, SoapReadError, SOAP_ENV_NS, soapFaultXml, type SoapMessage } from '../connectors/notifica/xml';
import { projectPath } from '../core/paths';
import type { ApplyOutcome } from '../journal/notifica';
import { ADVISER_CODES, parseCallback, type AdviserAnswer } from './adviser';
import type { NotificaTracker } from './tracker';

/** Where Notific@ calls us back (register this URL with Notific@ for the organism). */
export const ADVISER_PATH = '/notifica/AdviserWsV2';
const MAX_CALLBACK_BYTES = 16 * 1024 * 1024;

export interface AdviserRouteDeps {
  tracker: NotificaTracker;
  logger: Logger;
  /** When set, every callback must carry this API key in an `apiKey` SOAP header. */
  apiKey?: string;
}

function sendXml(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).type('text/xml; charset=utf-8').send(xml);
}

function answerXml(identificador: string, a: AdviserAnswer): string {
  const body = buildXml({
    'sin:resultadoSincronizarEnvio': { '@_xmlns:sin': NOTIFICA_NS.adviser, 'sin:identificador': identificador, 'sin:codigoRespuesta': a.code, 'sin:descripcionRespuesta': a.text },
  });
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

function answerOf(o: ApplyOutcome): AdviserAnswer {
  if (o.kind === 'unknown') return ADVISER_CODES.unknownIdentificador;
  if (o.kind === 'wrong-organismo') return ADVISER_CODES.unknownOrganismo;
  // Repeats and late reports are processed too: Notific@ must not send them again.
  return ADVISER_CODES.ok;
}

function keyMatches(expected: string, given: string | undefined): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? '');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `AdviserWsV2.sincronizarEnvio`, the SOAP endpoint Notific@ calls with each envío's state
 * (reference §2.7). Answers `resultadoSincronizarEnvio` with notib's codes: 000 once the state is
 * durable (repeats included), 002 for an identificador we do not know (held: see the tracker),
 * 001/003/004 for what cannot be used. An unreadable request is a SOAP Client fault; a failure to
 * record is a Server fault (HTTP 500), so Notific@ calls again. `GET ?wsdl`: our WSDL.
 */
export function registerAdviser(app: FastifyInstance, deps: AdviserRouteDeps): void {
  const wsdl = readFileSync(projectPath('schemas', 'wsdl', 'AdviserWsV2.wsdl'), 'utf8');
  app.register(async (scope) => {
    for (const type of ['text/xml', 'application/soap+xml']) {
      scope.addContentTypeParser(type, { parseAs: 'string', bodyLimit: MAX_CALLBACK_BYTES }, (_req, body, done) => done(null, body));
    }
    scope.get(ADVISER_PATH, async (req, reply) => sendXml(reply, 200, wsdl.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${req.protocol}://${req.host}${ADVISER_PATH}$2`)));
    scope.post(ADVISER_PATH, async (req, reply) => {
      let msg: SoapMessage;
      try {
        msg = readSoap(typeof req.body === 'string' ? req.body : '');
      } catch (e) {
        if (!(e instanceof SoapReadError)) throw e;
        return sendXml(reply, 500, soapFaultXml('Client', `Not a SOAP call pasarela can read: ${e.message}`));
      }
      if (deps.apiKey !== undefined && !keyMatches(deps.apiKey, msg.headers.apiKey)) return sendXml(reply, 401, soapFaultXml('Client', 'apiKey missing or not valid'));
      if (msg.operation !== 'sincronizarEnvio') return sendXml(reply, 500, soapFaultXml('Client', `Unknown operation ${msg.operation.slice(0, 60)}`));
      const parsed = parseCallback(msg);
      if (!parsed.ok) {
        deps.logger.warn({ identificador: parsed.identificador, code: parsed.answer.code, reason: parsed.reason }, 'Notific@ callback refused');
        return sendXml(reply, 200, answerXml(parsed.identificador, parsed.answer));
      }
      try {
        const outcome = await deps.tracker.report(parsed.event);
        return sendXml(reply, 200, answerXml(parsed.event.identificador, answerOf(outcome)));
      } catch (e) {
        deps.logger.error({ err: e, identificador: parsed.event.identificador }, 'could not record a Notific@ callback; Notific@ will call again');
        return sendXml(reply, 500, soapFaultXml('Server', 'The state could not be recorded; call again'));
      }
    });
  });
}
