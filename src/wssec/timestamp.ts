import type { Element } from '@xmldom/xmldom';
import { Errors } from '../core/errors';
import { WSU_NS } from './namespaces';
import { elementChildren, fail } from './verify-parse';
import { isElement } from './verify-structure';

/** A wsu:Timestamp's two instants. */
export interface TimestampParts {
  created: Date;
  expires: Date;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An xsd:dateTime with an explicit time zone (`Z` or `±hh:mm`), or null. A time without a
 * zone is refused: it names no single instant.
 */
export function parseXsdDateTime(text: string): Date | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Math.floor(Number(m[7]) * 1000) : 0;
  const zone = m[8] as string;
  const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || Math.abs(offset) > 14 * 60) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 February over into March: refuse instead.
  if (new Date(utc).getUTCDate() !== day) return null;
  return new Date(utc - offset * 60_000);
}

/** The single wsu:Timestamp of the Security header, read strictly (Created then Expires). */
export function findTimestamp(security: Element): Element {
  const found = elementChildren(security, 'wsse:Security').filter((c) => isElement(c, WSU_NS, 'Timestamp'));
  if (found.length === 0) fail(Errors.WSSEC_TIMESTAMP_MISSING, 'the wsse:Security header carries no wsu:Timestamp');
  if (found.length > 1) fail(Errors.WSSEC_TIMESTAMP_MISSING, 'the wsse:Security header carries more than one wsu:Timestamp');
  return found[0] as Element;
}

/** Longest accepted span between wsu:Created and wsu:Expires. */
export const MAX_TIMESTAMP_LIFETIME_MS = 24 * 3_600_000;

export function readTimestamp(timestamp: Element): TimestampParts {
  const [created, expires, ...rest] = elementChildren(timestamp, 'wsu:Timestamp');
  if (!isElement(created, WSU_NS, 'Created') || !isElement(expires, WSU_NS, 'Expires') || rest.length > 0) {
    fail(Errors.WSSEC_TIMESTAMP_MISSING, 'wsu:Timestamp must hold wsu:Created and wsu:Expires and nothing else');
  }
  const at = (el: Element, what: string): Date => {
    const date = parseXsdDateTime(textOnly(el));
    return date ?? fail(Errors.WSSEC_TIMESTAMP_MISSING, `wsu:${what} is not an xsd:dateTime with a time zone`);
  };
  const parts = { created: at(created, 'Created'), expires: at(expires, 'Expires') };
  if (parts.expires <= parts.created) fail(Errors.WSSEC_TIMESTAMP_MISSING, 'wsu:Expires is not after wsu:Created');
  // A lifetime without bound would keep a replay-cache entry (and the message's validity) for ever.
  if (parts.expires.getTime() - parts.created.getTime() > MAX_TIMESTAMP_LIFETIME_MS) {
    fail(Errors.WSSEC_TIMESTAMP_MISSING, `wsu:Timestamp may span at most ${MAX_TIMESTAMP_LIFETIME_MS / 3_600_000} hours`);
  }
  return parts;
}

/** Created must not lie in the future nor Expires in the past, give or take `skewSeconds`. */
export function checkFreshness(ts: TimestampParts, now: Date, skewSeconds: number): void {
  const skew = skewSeconds * 1000;
  if (ts.created.getTime() > now.getTime() + skew) {
    fail(Errors.WSSEC_TIMESTAMP_FUTURE, `the message was created at ${ts.created.toISOString()}, later than now (${now.toISOString()}) plus the allowed skew`);
  }
  if (ts.expires.getTime() <= now.getTime() - skew) {
    fail(Errors.WSSEC_TIMESTAMP_EXPIRED, `the message expired at ${ts.expires.toISOString()} (now ${now.toISOString()}, skew ${skewSeconds} s)`);
  }
}

function textOnly(el: Element): string {
  let text = '';
  for (let n = el.firstChild; n !== null; n = n.nextSibling) {
    if (n.nodeType !== 3) fail(Errors.WSSEC_TIMESTAMP_MISSING, `wsu:${el.localName} must hold text only`);
    text += (n as unknown as { data: string }).data;
  }
  return text.trim();
}
