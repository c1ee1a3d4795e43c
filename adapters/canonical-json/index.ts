import { Errors, PasarelaError } from '../../src/core/errors';
import type { Adapter, DecodedMessage } from '../../src/core/plugin';
import { parseJsonBody } from '../../src/core/safe-json';

/**
 * The canonical `registry-entry` as JSON: the body already is the payload. One entry is one JSON
 * object; a batch is a JSON array of them (or `{"items": [...]}`). Decoding checks only the
 * shape; the schema and business rules are intake's, the same for every adapter.
 */
export const canonicalJson: Adapter = {
  name: 'canonical-json',
  version: '2.0.0',
  accepts: ['application/json'],
  produces: ['registry-entry'],
  configSchema: { type: 'object', additionalProperties: false },
  decode(raw, meta) {
    const body = parseJsonBody(raw);
    if (!meta.batch) {
      if (!isObject(body)) throw notAnObject('', 'The body must be one JSON object (a registry entry)');
      return [entry(body)];
    }
    const items = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.items) ? body.items : undefined;
    if (!items) throw notAnObject('', 'A batch must be a JSON array of registry entries, or {"items": [...]}');
    return items.map((item, index) =>
      isObject(item)
        ? entry(item, index)
        : { ...entry({}, index), problems: [{ pointer: `/${index}`, code: 'SCHEMA_TYPE', message: 'must be an object' }] },
    );
  },
};

function entry(payload: Record<string, unknown>, index?: number): DecodedMessage {
  return { type: 'registry-entry', schemaVersion: 1, payload, ...(index !== undefined && { ref: { index } }) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function notAnObject(pointer: string, message: string): PasarelaError {
  return new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, message, { problems: [{ pointer, code: 'SCHEMA_TYPE', message: 'must be an object' }] });
}
