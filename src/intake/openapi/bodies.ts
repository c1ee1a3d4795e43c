import { adapters } from '../../../adapters';
import { readCanonicalExample } from './canonical-schemas';
import { ref, type JsonObject } from './types';

/**
 * The request bodies of POST /v1/registry-entries and /batch, one media type per type an
 * adapter in adapters/index.ts accepts: the document follows the adapter registry. What each
 * adapter's body looks like is documented here by adapter name; an adapter added without an
 * entry below still appears, described by its README.
 */

interface BodyDoc {
  /** One entry, for POST /v1/registry-entries. */
  single: JsonObject;
  /** Many, for /batch; absent: the format carries one message per request (415 INTAKE_NOT_A_BATCH). */
  batch?: JsonObject;
  example?: () => JsonObject;
}

const readme = (name: string): string => `adapters/${name}/README.md`;
const text = (description: string): JsonObject => ({ type: 'string', description });

const BODY_DOCS: Record<string, BodyDoc> = {
  'canonical-json': {
    single: ref('schemas', 'RegistryEntry'),
    batch: {
      description: 'A JSON array of registry entries, or an object whose `items` is that array.',
      oneOf: [
        { type: 'array', items: ref('schemas', 'RegistryEntry') },
        { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('schemas', 'RegistryEntry') } } },
      ],
    },
    example: () => readCanonicalExample('registry-entry.json'),
  },
  'sicres3-xml': {
    single: text(`A SICRES 3.0 fichero (Fichero_Intercambio_SICRES_3), as SIR exchanges it; no DOCTYPE or entities. See ${readme('sicres3-xml')}.`),
  },
  'registro-csv': {
    single: text(`A registry book export as CSV with a header row naming canonical fields (origin.office, interested.name…) and one data row. Columns: ${readme('registro-csv')}.`),
    batch: text(`A registry book export as CSV: a header row, then one registry entry per row. Columns: ${readme('registro-csv')}.`),
  },
  'simple-entry': {
    single: { type: 'object', description: `A flat web form (one entrada with one applicant, no annexes). Fields: ${readme('simple-entry')}.` },
    batch: { type: 'array', items: { type: 'object' }, description: `A JSON array of simple-entry forms. Fields: ${readme('simple-entry')}.` },
  },
};

function docOf(name: string): BodyDoc {
  const doc = BODY_DOCS[name];
  if (doc) return doc;
  const generic = text(`Decoded by the ${name} adapter; see ${readme(name)}.`);
  return { single: generic, batch: generic };
}

/** The registered adapter names, the values `?format=` takes. */
export function formatNames(): string[] {
  return Object.keys(adapters);
}

function describe(name: string, schema: JsonObject): JsonObject {
  return { ...schema, description: [`Format \`${name}\`.`, schema.description].filter(Boolean).join(' ') };
}

function examplesOf(name: string, doc: BodyDoc, batch: boolean): JsonObject {
  if (!doc.example) return {};
  const entry = doc.example();
  const example = batch ? { summary: 'A batch of one complete entry', value: [entry] } : { summary: 'A complete entry for the demo tenant', value: entry };
  return { examples: { [name]: example } };
}

/** The request body of POST /v1/registry-entries (`batch` false) or /batch (true). */
export function intakeRequestBody(batch: boolean): JsonObject {
  const content: JsonObject = {};
  for (const adapter of Object.values(adapters)) {
    const doc = docOf(adapter.name);
    const schema = batch ? doc.batch : doc.single;
    if (!schema) continue;
    for (const media of adapter.accepts) {
      if (content[media]) continue; // the first adapter listed for a media type decodes it
      content[media] = { schema: describe(adapter.name, schema), ...examplesOf(adapter.name, doc, batch) };
    }
  }
  content['application/octet-stream'] = {
    schema: { type: 'string', description: 'Any media type, with `?format=<adapter>` naming the adapter that reads the body.' },
  };
  return {
    required: true,
    description: batch
      ? 'Many entries in one body, in any format that carries batches; the adapter is chosen by Content-Type, or by `?format=`.'
      : 'One registry entry, in any format an adapter decodes; the adapter is chosen by Content-Type, or by `?format=`.',
    content,
  };
}
