import type { Delivery } from '../bus/bus';
import type { PasarelaError } from '../core/errors';
import type { ParkInput } from '../journal/journal';
import { redactText } from '../core/redact';

/** Facts of a destination's answer worth keeping; everything else in `details` is dropped. */
const ANSWER_FACTS = ['service', 'sirCode', 'sirDescription', 'httpStatus', 'faultCode', 'faultString', 'transportCode', 'timeoutMs'] as const;

/**
 * The destination's last answer as parking evidence: the catalog code and the answer's codes,
 * status and fault text, redacted. Never the request or response bodies (they carry the fichero).
 */
export function lastResponseOf(err: PasarelaError): string {
  const out: Record<string, unknown> = { code: err.code };
  for (const key of ANSWER_FACTS) {
    const value = err.details[key];
    if (typeof value === 'string') out[key] = redactText(value).slice(0, 500);
    else if (typeof value === 'number') out[key] = value;
  }
  return JSON.stringify(out);
}

/** What a municipality may read of a failure: the catalog sentence and SIR's own answer. */
export function publicDetail(err: PasarelaError): string {
  const answer = err.details.sirDescription;
  return (typeof answer === 'string' && answer ? `${err.title}: ${redactText(answer)}` : err.title).slice(0, 500);
}

/** The delivery's body and headers as evidence: the JSON text when it parsed, else base64 byte for byte. */
export function bodyEvidence(d: Delivery): Pick<ParkInput, 'body' | 'bodyEncoding' | 'headers'> {
  const headers = JSON.stringify(d.headers, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  return d.envelope
    ? { body: d.body.toString('utf8'), bodyEncoding: 'json', headers }
    : { body: d.body.toString('base64'), bodyEncoding: 'base64', headers };
}
