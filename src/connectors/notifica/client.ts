import axios from 'axios';
import http from 'node:http';
import https from 'node:https';
import type { ISecurity } from 'soap';
import { Errors, PasarelaError } from '../../core/errors';
import { classifyFacts, type Facts } from '../soap/classify-error';
import { ALTA_REMESA_ACTION } from './remesa';
import { readSoap, SoapReadError, soapEnvelope, type SoapMessage } from './xml';

/** Which of Notific@'s two services a call goes to. */
export type NotificaService = 'NotificaWsV21' | 'SincronizarEnvioWs';

export interface SoapCaller {
  /**
   * POST one operation (its body element as XML) with the API key header; resolves the answer's
   * Body operation. Transport failures, HTTP errors and SOAP faults throw classified
   * `PasarelaError`s: time-outs, unreachable, 5xx and Server faults retryable; 401/403
   * NOTIFICA_AUTH_REFUSED; Client faults and other 4xx not retryable.
   */
  call(service: NotificaService, action: string, bodyXml: string, apiKey: string, signal?: AbortSignal): Promise<SoapMessage>;
  /** Reachability of the submission endpoint (`?wsdl` answers 200). */
  reachable(timeoutMs: number): Promise<boolean>;
  close(): void;
}

export interface SoapCallerOptions {
  endpoint: string;
  syncEndpoint: string;
  timeoutMs: number;
  /** Signs each request when WS-Security is on for the endpoint (off by default for Notific@). */
  security?: ISecurity;
}

export const ACTIONS = {
  altaRemesaEnvios: ALTA_REMESA_ACTION,
  infoEnvioLigero: 'infoEnvioLigero',
  sincronizarEnvioOE: 'sincronizarEnvioOE',
  ampliarPlazoOE: 'ampliarPlazoOE',
} as const;

export function createSoapCaller(o: SoapCallerOptions): SoapCaller {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  const urlOf = (s: NotificaService) => (s === 'NotificaWsV21' ? o.endpoint : o.syncEndpoint);
  return {
    async call(service, action, bodyXml, apiKey, signal) {
      const deadline = AbortSignal.timeout(o.timeoutMs);
      const envelope = soapEnvelope(bodyXml, apiKey);
      const data = o.security?.postProcess ? o.security.postProcess(envelope, 'soapenv') : envelope;
      let res;
      try {
        res = await axios.post<string>(urlOf(service), data, {
          headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` },
          timeout: o.timeoutMs, signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
          responseType: 'text', transformResponse: (x: unknown) => x, validateStatus: () => true,
          maxContentLength: 32 * 1024 * 1024, httpAgent, httpsAgent,
        });
      } catch (e) {
        throw failure(service, { transportCode: deadline.aborted ? 'ECONNABORTED' : codeOf(e) }, e);
      }
      return answer(service, res.status, typeof res.data === 'string' ? res.data : '');
    },
    async reachable(timeoutMs) {
      try {
        const res = await axios.get(`${o.endpoint}?wsdl`, { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs), validateStatus: () => true, responseType: 'text', maxContentLength: 1024 * 1024, httpAgent, httpsAgent });
        return res.status === 200;
      } catch {
        return false;
      }
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function codeOf(e: unknown): string | undefined {
  const c = (e as { code?: unknown })?.code;
  return typeof c === 'string' ? c : undefined;
}

function answer(service: NotificaService, status: number, text: string): SoapMessage {
  let msg: SoapMessage | undefined;
  try {
    msg = readSoap(text);
  } catch (e) {
    if (!(e instanceof SoapReadError)) throw e;
  }
  if (status === 401 || status === 403) {
    throw new PasarelaError(Errors.NOTIFICA_AUTH_REFUSED, `${Errors.NOTIFICA_AUTH_REFUSED.title}: ${service} answered HTTP ${status}${msg?.fault ? ` (${msg.fault.string})` : ''}`, {
      details: { service, httpStatus: status, faultString: msg?.fault?.string },
    });
  }
  if (msg?.fault) throw failure(service, { httpStatus: status, faultCode: msg.fault.code, faultString: msg.fault.string });
  if (status !== 200 || !msg) throw failure(service, { httpStatus: status === 200 ? undefined : status });
  return msg;
}

function failure(service: string, f: Facts, cause?: unknown): PasarelaError {
  const def = classifyFacts(f);
  const fault = f.faultCode ? ` with fault ${f.faultCode}${f.faultString ? `: ${f.faultString}` : ''}` : '';
  const how = f.transportCode ? ` (${f.transportCode})` : f.httpStatus !== undefined ? ` answered HTTP ${f.httpStatus}${fault}` : ' answered something unreadable';
  const details = Object.fromEntries(Object.entries({ service, ...f }).filter(([, v]) => v !== undefined));
  return new PasarelaError(def, `${def.title}: Notific@ ${service}${how}`, { cause, details });
}
