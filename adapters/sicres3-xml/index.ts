import { Errors, PasarelaError } from '../../src/core/errors';
import type { Adapter } from '../../src/core/plugin';
import { DEFAULT_MAX_FICHERO_BYTES } from '../../src/sir/parse-fichero';
import { readFichero, toIntakeError } from './read';
import { toRegistryEntry } from './to-entry';

/**
 * A SICRES 3.0 `Fichero_Intercambio_SICRES_3` ENVÍO written by the municipality's own registry
 * software -> one canonical `registry-entry` (see README.md for what is kept and dropped). One
 * fichero per request: there is no batch form. The fichero's `Identificador_Intercambio` is
 * dropped: pasarela assigns the exchange id at intake, from its journal sequence.
 */

export interface Sicres3XmlConfig {
  /**
   * Largest body accepted, in bytes as received (annexes travel inline as base64).
   * @defaultValue 26214400 (25 MiB, parse-fichero's `DEFAULT_MAX_FICHERO_BYTES`)
   */
  maxBytes?: number;
}

export const sicres3Xml: Adapter<Sicres3XmlConfig> = {
  name: 'sicres3-xml',
  version: '1.0.0',
  accepts: ['application/xml', 'text/xml'],
  produces: ['registry-entry'],
  configSchema: {
    type: 'object',
    properties: {
      maxBytes: { type: 'integer', minimum: 1, description: `Largest body accepted, in bytes (default ${DEFAULT_MAX_FICHERO_BYTES})` },
    },
    additionalProperties: false,
  },
  decode(raw, meta, ctx) {
    if (meta.batch) {
      throw new PasarelaError(Errors.INTAKE_NOT_A_BATCH, 'A SICRES 3.0 fichero is one registry entry: post it to /v1/registry-entries, one per request');
    }
    try {
      const entry = toRegistryEntry(readFichero(raw, meta.charset, ctx.config.maxBytes ?? DEFAULT_MAX_FICHERO_BYTES));
      return [{ type: 'registry-entry', schemaVersion: 1, payload: entry, occurredAt: entry.origin.registryDate }];
    } catch (e) {
      throw toIntakeError(e);
    }
  },
};
