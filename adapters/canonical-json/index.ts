import { Errors, PasarelaError } from '../../src/core/errors';
import type { Adapter } from '../../src/core/plugin';

/**
 * The canonical `registry-entry` as JSON: the body already is the payload. Decoding only checks
 * it is a JSON object; the schema check is intake's, the same for every adapter.
 */
export const canonicalJson: Adapter = {
  name: 'canonical-json',
  version: '1.0.0',
  accepts: ['application/json'],
  produces: ['registry-entry'],
  configSchema: { type: 'object', additionalProperties: false },
  decode(raw) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The body must be one JSON object', {
        problems: [{ pointer: '', code: 'SCHEMA_TYPE', message: 'must be an object' }],
      });
    }
    return [{ type: 'registry-entry', schemaVersion: 1, payload: raw }];
  },
};
