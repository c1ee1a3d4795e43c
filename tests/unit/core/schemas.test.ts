import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import { createEnvelope } from '../../../src/core/envelope';
import { createSchemaRegistry, toFieldProblems } from '../../../src/core/schemas';
import { exampleEntry, type Loose } from './registry-entry-example';

const CANONICAL = path.resolve(__dirname, '..', '..', '..', 'schemas', 'canonical');
const registry = createSchemaRegistry();

function envelope(): Loose {
  return createEnvelope({
    type: 'registry-entry', schemaVersion: 1, tenant: 'L02000023',
    source: { system: 'registro-dipu', adapter: 'registry-entry-json@1.0.0' },
    payload: exampleEntry(), occurredAt: '2026-03-05T10:15:30+01:00', idempotencyKey: 'client-key-1',
  }) as unknown as Loose;
}
const envelopePairs = (value: unknown) => registry.validateEnvelope(value).map((p) => [p.pointer, p.code]);

describe('envelope.v1 schema', () => {
  it('accepts an envelope built by createEnvelope', () => {
    expect(registry.validateEnvelope(envelope())).toEqual([]);
    expect(registry.validateEnvelope({ ...envelope(), idempotencyKey: null, causationId: null })).toEqual([]);
  });

  it('accepts any object payload: payloads are validated by type', () => {
    expect(registry.validateEnvelope({ ...envelope(), payload: {} })).toEqual([]);
  });

  it.each([
    ['id', '0190a7c2-7b6e-4f3a-9d2e-1a2b3c4d5e6f', 'SCHEMA_PATTERN'],
    ['id', '0190A7C2-7B6E-7F3A-9D2E-1A2B3C4D5E6F', 'SCHEMA_PATTERN'],
    ['type', 'registro-entrada', 'SCHEMA_ENUM'],
    ['schemaVersion', 0, 'SCHEMA_MINIMUM'],
    ['schemaVersion', 1.5, 'SCHEMA_TYPE'],
    ['schemaVersion', '1', 'SCHEMA_TYPE'],
    ['tenant', 'l02000023', 'SCHEMA_FORMAT_DIR3'],
    ['causationId', 5, 'SCHEMA_TYPE'],
    ['idempotencyKey', 'k'.repeat(201), 'SCHEMA_MAX_LENGTH'],
    ['occurredAt', '2026-03-05T10:15:30', 'SCHEMA_FORMAT_DATE_TIME'],
    ['receivedAt', '2026-02-29T00:00:00Z', 'SCHEMA_FORMAT_DATE_TIME'],
    ['payload', [], 'SCHEMA_TYPE'],
    ['payload', null, 'SCHEMA_TYPE'],
  ])('refuses %s = %p with %s', (field, value, code) => {
    expect(envelopePairs({ ...envelope(), [field]: value })).toContainEqual([`/${field}`, code]);
  });

  it('points at missing and unknown fields, also inside source', () => {
    const e = envelope();
    delete e.tenant;
    delete e.source.adapter;
    e.extra = true;
    expect(envelopePairs(e)).toEqual([
      ['/tenant', 'SCHEMA_REQUIRED'], ['/extra', 'SCHEMA_ADDITIONAL_PROPERTIES'], ['/source/adapter', 'SCHEMA_REQUIRED'],
    ]);
  });

  it('reports hostile envelopes without throwing', () => {
    for (const value of [null, [], 'x', JSON.parse('{"__proto__":{"id":1}}')]) {
      expect(registry.validateEnvelope(value).length).toBeGreaterThan(0);
    }
  });
});

describe('createSchemaRegistry', () => {
  it.each([
    ['registry-entry', 2], ['registro-entrada', 1], ['__proto__', 1], ['constructor', 1], ['registry-entry', Number.NaN],
    ['envelope', 1], ['registry-entry', 1.5],
  ])('reports SCHEMA_UNKNOWN_TYPE for %p version %p', (type, version) => {
    expect(registry.validatePayload(type as string, version as number, exampleEntry())).toEqual([
      expect.objectContaining({ pointer: '', code: 'SCHEMA_UNKNOWN_TYPE' }),
    ]);
    expect(registry.schemaFor(type as string, version as number)).toBeUndefined();
  });

  it('serves the registry-entry v1 schema document', () => {
    const schema = registry.schemaFor('registry-entry', 1) as { $id: string };
    expect(schema.$id).toBe('https://pasarela.example/schemas/canonical/registry-entry.v1.json');
    expect(registry.schemaFor('registry-entry', 1)).toBe(schema);
  });

  it('compiles at creation only, never while validating', () => {
    const compile = jest.spyOn(Ajv2020.prototype, 'compile');
    const getSchema = jest.spyOn(Ajv2020.prototype, 'getSchema');
    try {
      const fresh = createSchemaRegistry();
      expect(compile).toHaveBeenCalled();
      compile.mockClear();
      getSchema.mockClear();
      const entry = exampleEntry();
      for (let i = 0; i < 1000; i++) {
        fresh.validatePayload('registry-entry', 1, i % 2 ? entry : {});
        fresh.validateEnvelope({});
      }
      expect(compile).not.toHaveBeenCalled();
      expect(getSchema).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
      getSchema.mockRestore();
    }
  });

  describe('with its own folder', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'pasarela-schemas-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses to start without the envelope schema', () => {
      expect(() => createSchemaRegistry({ dir })).toThrow(/envelope\.v1\.json/);
    });

    it('refuses to start with a schema that strict mode rejects', () => {
      writeFileSync(path.join(dir, 'envelope.v1.json'), readFileSync(path.join(CANONICAL, 'envelope.v1.json')));
      writeFileSync(path.join(dir, 'sir-control.v1.json'), JSON.stringify({ type: 'object', 'x-unknown': 1 }));
      expect(() => createSchemaRegistry({ dir })).toThrow(/unknown keyword/);
    });

    it('serves every <type>.v<N>.json it finds, and nothing else', () => {
      writeFileSync(path.join(dir, 'envelope.v1.json'), readFileSync(path.join(CANONICAL, 'envelope.v1.json')));
      writeFileSync(path.join(dir, 'sir-control.v2.json'), JSON.stringify({ type: 'object', additionalProperties: false }));
      writeFileSync(path.join(dir, 'notes.json'), '{ not json');
      const own = createSchemaRegistry({ dir });
      expect(own.validatePayload('sir-control', 2, {})).toEqual([]);
      expect(own.validatePayload('sir-control', 2, { a: 1 }).map((p) => p.code)).toEqual(['SCHEMA_ADDITIONAL_PROPERTIES']);
      expect(own.validatePayload('sir-control', 1, {}).map((p) => p.code)).toEqual(['SCHEMA_UNKNOWN_TYPE']);
    });
  });
});

describe('toFieldProblems', () => {
  const error = (keyword: string, instancePath: string, params: Record<string, unknown>): ErrorObject =>
    ({ keyword, instancePath, schemaPath: '#', params, message: 'ajv says so' });

  it('drops if errors, deduplicates, and names codes after the keyword', () => {
    expect(toFieldProblems([
      error('if', '/a', { failingKeyword: 'then' }),
      error('maxLength', '/a', { limit: 3 }),
      error('maxLength', '/a', { limit: 3 }),
      error('format', '/b', { format: 'sha256-hex' }),
      error('dependentRequired', '/c', { property: 'documentNumber', missingProperty: 'documentType' }),
      error('uniqueItems', '/d', { i: 1, j: 0 }),
    ]).map((p) => [p.pointer, p.code])).toEqual([
      ['/a', 'SCHEMA_MAX_LENGTH'], ['/b', 'SCHEMA_FORMAT_SHA256_HEX'], ['/c/documentType', 'SCHEMA_DEPENDENT_REQUIRED'],
      ['/d', 'SCHEMA_UNIQUE_ITEMS'],
    ]);
  });
});

describe('the canonical schema files', () => {
  const schema = JSON.parse(readFileSync(path.join(CANONICAL, 'registry-entry.v1.json'), 'utf8'));
  const CONDITIONAL = new Set(['if', 'then', 'else', 'not', 'anyOf', 'allOf', 'oneOf']);

  /** Every object schema with `properties`, outside conditional subschemas (which only constrain). */
  function objectSchemas(node: Loose, at: string, out: Array<[string, Loose]> = []): Array<[string, Loose]> {
    if (node.properties) out.push([at, node]);
    for (const [k, v] of Object.entries(node)) {
      if (CONDITIONAL.has(k) || typeof v !== 'object' || v === null) continue;
      if (k === 'properties' || k === '$defs') {
        for (const [name, sub] of Object.entries(v as Loose)) objectSchemas(sub as Loose, `${at}/${k}/${name}`, out);
      } else if (k === 'items') objectSchemas(v as Loose, `${at}/items`, out);
    }
    return out;
  }

  it('finds the nine object schemas of an entry', () => {
    expect(objectSchemas(schema, '#').map(([at]) => at.split('/').pop())).toEqual([
      '#', 'origin', 'destination', 'subject', 'form', 'control', 'interestedParty', 'person', 'annex',
    ]);
  });

  it('closes every object with additionalProperties false', () => {
    for (const [at, node] of objectSchemas(schema, '#')) expect([at, node.additionalProperties]).toEqual([at, false]);
  });

  it('describes every registry-entry property with the SICRES element it maps to', () => {
    for (const [, node] of objectSchemas(schema, '#')) {
      for (const [name, prop] of Object.entries(node.properties as Loose)) {
        expect([name, (prop as Loose).description]).toEqual([name, expect.stringMatching(/SICRES: [A-Z][A-Za-z_]+/)]);
      }
    }
  });
});
