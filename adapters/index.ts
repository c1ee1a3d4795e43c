import { Errors, PasarelaError } from '../src/core/errors';
import type { Adapter } from '../src/core/plugin';
import { canonicalJson } from './canonical-json';
import { simpleEntry } from './simple-entry';
import { registroCsv } from './registro-csv';
import { sicres3Xml } from './sicres3-xml';

/**
 * Explicit registry of inbound adapters: one line each. Order matters only when two adapters
 * accept the same media type: the first one listed is chosen unless `?format=` names another.
 */
export const adapters: Record<string, Adapter<any>> = {
  [canonicalJson.name]: canonicalJson,
  [simpleEntry.name]: simpleEntry,
  [sicres3Xml.name]: sicres3Xml,
  [registroCsv.name]: registroCsv,
};

/** The media type of a Content-Type header: lower case, parameters dropped. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The `charset` parameter of a Content-Type header, lower case, when present. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * The adapter that decodes a request: the one `format` names (`?format=registro-csv`, whatever
 * the Content-Type), else the first that accepts the media type. Throws the 415 a client sees.
 */
export function selectAdapter(contentType: string | undefined, format?: string): Adapter<any> {
  if (format !== undefined) {
    const named = Object.prototype.hasOwnProperty.call(adapters, format) ? adapters[format] : undefined;
    if (!named) {
      throw new PasarelaError(Errors.INTAKE_UNKNOWN_FORMAT, `No adapter is called ${JSON.stringify(format.slice(0, 60))}; formats: ${Object.keys(adapters).join(', ')}`);
    }
    return named;
  }
  const media = mediaTypeOf(contentType);
  const found = Object.values(adapters).find((a) => a.accepts.includes(media));
  if (!found) {
    const accepted = [...new Set(Object.values(adapters).flatMap((a) => a.accepts))].join(', ');
    throw new PasarelaError(Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE, `No adapter accepts ${media ? JSON.stringify(media.slice(0, 80)) : 'a body without Content-Type'}; send one of ${accepted}, or name a format with ?format=`);
  }
  return found;
}
