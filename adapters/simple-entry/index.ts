import { Errors, PasarelaError } from '../../src/core/errors';
import type { Adapter, DecodedMessage } from '../../src/core/plugin';
import { parseJsonBody } from '../../src/core/safe-json';
import { readForm, toRegistryEntry, type SimpleEntryConfig } from './to-canonical';

export type { SimpleEntry, SimpleEntryApplicant, SimpleEntryConfig } from './to-canonical';

/**
 * A flat JSON form, as a small municipality's web form posts it, -> one canonical
 * `registry-entry` (an entrada with one applicant, no annexes). One form is one JSON object; a
 * batch is a JSON array of them. The example adapter of adapters/README.md: copy it to start
 * your own. Fields and mapping: README.md next to this file.
 */
export const simpleEntry: Adapter<SimpleEntryConfig> = {
  name: 'simple-entry',
  version: '1.1.0',
  accepts: ['application/vnd.pasarela.simple-entry+json'],
  produces: ['registry-entry'],
  configSchema: {
    type: 'object',
    properties: {
      defaultDestinationUnit: {
        type: 'string',
        pattern: '^[A-Z][A-Z0-9]{8}$',
        description: 'DIR3 code used as destination.unit when a form has no destinationUnit',
      },
    },
    additionalProperties: false,
  },
  decode(raw, meta, ctx) {
    // JSON is UTF-8 (RFC 8259 §8.1): say so, rather than fail on the first accented letter.
    if (meta.charset !== undefined && meta.charset !== 'utf-8' && meta.charset !== 'utf8') {
      throw new PasarelaError(Errors.INTAKE_INVALID_ENCODING, 'A simple-entry form is JSON, always UTF-8: send charset=utf-8 or no charset');
    }
    const body = parseJsonBody(raw);
    if (!meta.batch) return [decodeForm(body, '', ctx.config)];
    if (!Array.isArray(body)) {
      throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'A simple-entry batch must be a JSON array of forms', {
        problems: [{ pointer: '', code: 'SCHEMA_TYPE', message: 'Must be of type array.' }],
      });
    }
    return body.map((item, index) => ({ ...decodeForm(item, `/${index}`, ctx.config), ref: { index } }));
  },
};

/** One form -> one message; a form that cannot be mapped comes back with its `problems`. */
function decodeForm(value: unknown, at: string, config: SimpleEntryConfig): DecodedMessage {
  const { form, problems } = readForm(value, at);
  if (!form) return { type: 'registry-entry', schemaVersion: 1, payload: {}, problems };
  return { type: 'registry-entry', schemaVersion: 1, payload: toRegistryEntry(form, config) };
}
