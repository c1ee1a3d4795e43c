import axios from 'axios';
import http from 'node:http';
import https from 'node:https';
import type { SirRelayPayload } from '../../../transforms';
import { Errors, PasarelaError } from '../../core/errors';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import { redactText } from '../../core/redact';
import { classifyFacts, classifySoapError } from '../soap/classify-error';
import { readAppAnswer, ws8bEnvelope, ws9Envelope } from './soap';
import type { TenantConfig } from '../../config/types';

/** `connectors['sir-app']`, optional as a whole. */
export interface SirAppConfig {
  /** Milliseconds a call may take when the tenant's `sirProxy.timeoutMs` does not say. @defaultValue 30000 */
  timeoutMs?: number;
}

export const sirAppConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600000, description: 'Milliseconds a call to a tenant application may take (default 30000).' },
  },
} as const;

const DEFAULT_TIMEOUT_MS = 30_000;
/** A RespuestaWS is a few hundred bytes; anything past this is not an answer we read. */
const MAX_ANSWER_BYTES = 1024 * 1024;
/** Duplicated fichero / message at the destination (reference §5.1): the application already has it. */
const ALREADY_RECEIVED: ReadonlySet<string> = new Set(['0205', '0206']);
const SERVICE = 'tenant application';

const OPERATION = { fichero: 'WS_SIR8_B', control: 'WS_SIR9' } as const;

function post(p: SirRelayPayload, timeoutMs: number, signal: AbortSignal, agents: { httpAgent: http.Agent; httpsAgent: https.Agent }) {
  const body = p.kind === 'fichero' ? ws8bEnvelope(p.xml) : ws9Envelope(p.xml);
  return axios.post<string>(p.url, body, {
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    timeout: timeoutMs, signal, ...agents, maxRedirects: 0,
    responseType: 'text', transformResponse: (d: unknown) => d, validateStatus: () => true,
    maxContentLength: MAX_ANSWER_BYTES, maxBodyLength: Infinity,
  });
}

/** The application's answer -> a receipt, or a coded error whose `retryable` decides retry vs park. */
export function interpretAppAnswer(status: number, body: string, p: Pick<SirRelayPayload, 'kind' | 'exchangeId'>): Receipt {
  const operation = OPERATION[p.kind];
  const keys = { relayedExchange: p.exchangeId, operation };
  const answer = readAppAnswer(body);
  if (answer.kind === 'respuesta') {
    const descripcion = redactText(answer.descripcion);
    if (answer.codigo === '00') return { code: '00', description: descripcion, keys };
    if (ALREADY_RECEIVED.has(answer.codigo)) return { code: answer.codigo, description: descripcion, keys: { ...keys, alreadyReceived: 'true' } };
    throw new PasarelaError(Errors.SIR_APP_REFUSED, `The application answered ${answer.codigo}: ${descripcion.slice(0, 200)}`, {
      details: { service: SERVICE, operation, exchangeId: p.exchangeId, appCode: answer.codigo, appDescription: descripcion.slice(0, 500) },
    });
  }
  const facts = answer.kind === 'fault'
    ? { httpStatus: status, faultCode: answer.faultCode, faultString: redactText(answer.faultString) }
    : { httpStatus: status };
  // A 2xx with no RespuestaWS is unreadable (retryable), like a 5xx; a 4xx or Client fault is not.
  const def = classifyFacts(facts);
  throw new PasarelaError(def, `${def.title}: the application's ${operation} answered HTTP ${status}${answer.kind === 'fault' ? ` with fault ${facts.faultCode}` : ''}`, {
    details: { service: SERVICE, operation, exchangeId: p.exchangeId, ...facts },
  });
}

/**
 * `sir-app` connector (CIR proxy mode, docs/sir-proxy.md): makes again, to a tenant's own
 * registry application, the call the CIR made to pasarela: WS_SIR8_B `envioFicherosAAplicacion`
 * for a fichero, WS_SIR9 `envioMensajeDatosControlAAplicacion` for a control message, at the
 * tenant's configured URL (the message's own when the tenant has none now). `00` = delivered; another RespuestaWS code is the application's refusal
 * (`SIR_APP_REFUSED`, not retried); time-outs, refused connections, 5xx and Server faults are
 * retried by the route. No `exchangeId` key in the receipt: a relay opens no exchange.
 */
export function createSirAppConnector(): Connector<SirAppConfig, SirRelayPayload> {
  let defaultTimeoutMs = DEFAULT_TIMEOUT_MS;
  let tenants: readonly TenantConfig[] = [];
  /**
   * Where and how long: the tenant's `sirProxy` as configured now (a corrected URL serves the
   * relays already parked, on replay), else what the message carries. Never longer than the
   * connector's own time-out, which bounds one delivery attempt in the worker.
   */
  const targetOf = (p: SirRelayPayload): { url: string; timeoutMs: number } => {
    const proxy = tenants.find((t) => t.code === p.tenant)?.sirProxy;
    const url = proxy ? (p.kind === 'fichero' ? proxy.ws8bUrl : proxy.ws9Url) : p.url;
    return { url, timeoutMs: Math.min(proxy?.timeoutMs ?? p.timeoutMs ?? defaultTimeoutMs, defaultTimeoutMs) };
  };
  let agents: { httpAgent: http.Agent; httpsAgent: https.Agent } | undefined;
  return {
    name: 'sir-app',
    accepts: ['sir-relay'],
    configSchema: sirAppConfigSchema,

    async init(ctx: PluginContext<SirAppConfig>): Promise<void> {
      defaultTimeoutMs = ctx.config?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      tenants = ctx.tenants ?? [];
      agents ??= { httpAgent: new http.Agent({ keepAlive: true }), httpsAgent: new https.Agent({ keepAlive: true }) };
    },

    async deliver(p: SirRelayPayload, ctx: DeliveryContext): Promise<Receipt> {
      if (!agents) throw new PasarelaError(Errors.CONFIG_INVALID, 'The sir-app connector was used before init() or after close()');
      const { url, timeoutMs } = targetOf(p);
      const deadline = AbortSignal.timeout(timeoutMs);
      const details = { operation: OPERATION[p.kind], exchangeId: p.exchangeId };
      ctx.logger.debug({ ...details, attempt: ctx.attempt }, 'Relaying a SIR call to the tenant application');
      let res: { status: number; data: string };
      try {
        res = await post({ ...p, url }, timeoutMs, AbortSignal.any([ctx.signal, deadline]), agents);
      } catch (e) {
        if (deadline.aborted && !ctx.signal.aborted) {
          throw new PasarelaError(Errors.CONNECTOR_TIMEOUT, `The application did not answer within ${timeoutMs} ms`, { cause: e, details: { service: SERVICE, ...details, timeoutMs } });
        }
        throw classifySoapError(e, SERVICE, details);
      }
      return interpretAppAnswer(res.status, typeof res.data === 'string' ? res.data : '', p);
    },

    async close(): Promise<void> {
      const a = agents;
      agents = undefined;
      a?.httpAgent.destroy();
      a?.httpsAgent.destroy();
    },
  };
}
