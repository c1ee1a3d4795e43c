import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Errors } from '../../../src/core/errors';
import { addPasarelaFormats } from '../../../src/core/validators/formats';
import { buildOpenApiDocument } from '../../../src/intake/openapi/document';
import { openApiPath } from '../../../src/intake/openapi/paths';
import { ROUTE_SCOPES } from '../../../src/intake/route-scopes';
import { exampleEntry } from '../../helpers/entries';

type Node = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const doc = buildOpenApiDocument() as Node;

function operations(): { path: string; method: string; op: Node }[] {
  return Object.entries(doc.paths as Node).flatMap(([p, item]) =>
    Object.entries(item as Node).filter(([m]) => METHODS.includes(m)).map(([method, op]) => ({ path: p, method, op: op as Node })),
  );
}

function pointer(target: Node, ref: string): unknown {
  return ref.slice(2).split('/').reduce<any>((at, raw) => (at === undefined ? undefined : at[raw.replace(/~1/g, '/').replace(/~0/g, '~')]), target);
}

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) (k === '$ref' && typeof v === 'string' ? out.push(v) : refsIn(v, out));
  }
  return out;
}

const deref = (n: Node): Node => (typeof n.$ref === 'string' ? (pointer(doc, n.$ref) as Node) : n);

/** The whole document as one schema resource, so `#/components/schemas/…` references resolve in it. */
function documentAjv() {
  const ajv = addPasarelaFormats(addFormats(new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })));
  for (const keyword of ['openapi', 'jsonSchemaDialect', 'info', 'servers', 'tags', 'paths', 'components']) ajv.addKeyword(keyword);
  ajv.addSchema({ ...doc, $id: 'urn:pasarela:openapi' });
  return ajv;
}


describe('the OpenAPI document', () => {
  it('declares openapi 3.1.x with the JSON Schema 2020-12 dialect', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.jsonSchemaDialect).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(doc.info).toMatchObject({ title: 'pasarela', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(20);
    const broken = refs.filter((r) => !r.startsWith('#/') || pointer(doc, r) === undefined);
    expect(broken).toEqual([]);
  });

  it('gives every operation an id, responses and every path parameter of its template', () => {
    const ids = new Set<string>();
    for (const { path: p, method, op } of operations()) {
      expect([p, method, Object.keys(op.responses ?? {}).length > 0]).toEqual([p, method, true]);
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
      const declared = (op.parameters ?? []).map(deref).filter((x: Node) => x.in === 'path');
      const inTemplate = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(declared.map((x: Node) => x.name).sort()).toEqual(inTemplate.sort());
      for (const x of declared) expect(x.required).toBe(true);
    }
  });

  it('lists every tenant route of ROUTE_SCOPES with its scope', () => {
    for (const [key, scope] of Object.entries(ROUTE_SCOPES)) {
      const [method, route] = key.split(' ');
      const op = doc.paths[openApiPath(route)]?.[method.toLowerCase()];
      expect([key, op?.['x-required-scope']]).toEqual([key, scope]);
      expect(op.description).toContain(`Required scope: \`${scope}\``);
      expect(op.security).toEqual([{ apiKey: [scope] }, { mutualTLS: [scope] }]);
    }
  });

  it('leaves the health endpoints and itself public', () => {
    for (const p of ['/healthz', '/readyz', '/openapi.json']) expect(doc.paths[p].get.security).toEqual([]);
  });

  it('lists for each error status the catalog codes with that status, with a problem example each', () => {
    const post = doc.paths['/v1/registry-entries'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['202', '400', '401', '403', '409', '413', '415', '422', '429', '503']);
    for (const [status, response] of Object.entries(post.responses as Node)) {
      if (Number(status) < 400) continue;
      const codes: string[] = response['x-error-codes'];
      for (const code of codes) {
        expect(Errors[code as keyof typeof Errors].status).toBe(Number(status));
        expect(response.description).toContain(`\`${code}\``);
        expect(deref(response.content['application/problem+json'].examples[code]).value).toMatchObject({ code, status: Number(status) });
      }
    }
    expect(post.responses['400']['x-error-codes']).toEqual(expect.arrayContaining(['INTAKE_INVALID_JSON', 'INTAKE_VALIDATION_FAILED', 'INTAKE_BAD_IDEMPOTENCY_KEY']));
    expect(post.responses['503'].headers['Retry-After']).toBeDefined();
    const batch = doc.paths['/v1/registry-entries/batch'].post;
    expect(Object.keys(batch.responses)).toEqual(expect.arrayContaining(['202', '207', '400', '413', '415']));
    expect(batch.responses['400']['x-error-codes']).toContain('INTAKE_BATCH_REFUSED');
  });

  it('describes the intake body per adapter media type, with the canonical entry for application/json', () => {
    const content = doc.paths['/v1/registry-entries'].post.requestBody.content;
    expect(content['application/json'].schema.$ref).toBe('#/components/schemas/RegistryEntry');
    expect(content['application/json'].examples['canonical-json'].value).toEqual(exampleEntry());
    expect(content['application/xml'].schema.description).toContain('Fichero_Intercambio_SICRES_3');
    expect(content['application/vnd.pasarela.simple-entry+json']).toBeDefined();
    const params = doc.paths['/v1/registry-entries'].post.parameters.map(deref).map((x: Node) => x.name);
    expect(params).toEqual(expect.arrayContaining(['format', 'Idempotency-Key']));
  });

  it('keeps the SICRES element names of the canonical schema in its descriptions', () => {
    const entry = doc.components.schemas.RegistryEntry;
    expect(entry.$id).toBeUndefined();
    expect(entry.$schema).toBeUndefined();
    expect(entry.properties.origin.properties.registryNumber.description).toContain('Numero_Registro_Entrada');
    expect(doc.components.schemas.RegistryEntryPerson.description).toContain('_Interesado');
  });

  it('has a registry-entry schema that accepts the example entry and refuses an unknown field', () => {
    const validate = documentAjv().getSchema('urn:pasarela:openapi#/components/schemas/RegistryEntry')!;
    expect(validate(exampleEntry())).toBe(true);
    expect(validate({ ...exampleEntry(), colour: 'blue' })).toBe(false);
    expect(validate.errors).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'colour' } })]));
    const badNif = exampleEntry();
    badNif.interested[0].interested.documentNumber = '99000001A';
    expect(validate(badNif)).toBe(false);
  });

  it('has component schemas that all compile in strict mode', () => {
    const ajv = documentAjv();
    for (const name of Object.keys(doc.components.schemas)) {
      expect([name, typeof ajv.getSchema(`urn:pasarela:openapi#/components/schemas/${name}`)]).toEqual([name, 'function']);
    }
  });

  it('is valid against the official OpenAPI 3.1 schema (offline validator)', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
  });

  it('is judged invalid by that validator once broken, so the check above can fail', async () => {
    const broken = structuredClone(doc);
    (broken.paths as any)['/v1/registry-entries'].post.responses = 'none';
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });
});
