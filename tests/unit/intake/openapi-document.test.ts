import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FILTER_FIELDS, parseFilter } from '../../../src/admin/filter';
import { ADMIN_ROLES } from '../../../src/admin/roles';
import { detailView } from '../../../src/admin/views';
import { Errors } from '../../../src/core/errors';
import { addPasarelaFormats } from '../../../src/core/validators/formats';
import { buildOpenApiDocument } from '../../../src/intake/openapi/document';
import { openApiPath } from '../../../src/intake/openapi/paths';
import { ROUTE_SCOPES } from '../../../src/intake/route-scopes';
import type { AuditRecord, Failures, InFlightRow, MessageSummary, ReplayItem, ReplayJob } from '../../../src/journal/operations';
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

  it('lists every admin endpoint of ADMIN_ROLES with its role and the operator-token scheme, never the tenant one', () => {
    expect(doc.components.securitySchemes.operatorToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [key, role] of Object.entries(ADMIN_ROLES)) {
      const [method, route] = key.split(' ');
      const op = doc.paths[openApiPath(route)]?.[method.toLowerCase()];
      expect([key, op?.['x-required-role']]).toEqual([key, role]);
      expect(op.description).toContain(`Required role: \`${role}\``);
      expect(op.security).toEqual([{ operatorToken: [role] }]);
      expect(op.tags).toEqual(['admin']);
      const codes = Object.values(op.responses as Node).flatMap((r: Node) => r['x-error-codes'] ?? []);
      expect(codes).toEqual(expect.arrayContaining(['ADMIN_MISSING_TOKEN', 'ADMIN_INVALID_TOKEN']));
      // The least role can never be too low.
      expect([key, codes.includes('ADMIN_FORBIDDEN_ROLE')]).toEqual([key, role !== 'viewer']);
      expect(codes.filter((c: string) => c.startsWith('AUTH_'))).toEqual([]);
    }
    const admin = operations().filter((o) => o.path.startsWith('/admin/')).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(admin.sort()).toEqual(Object.keys(ADMIN_ROLES).map((k) => openApiPath(k)).sort());
    const tenant = operations().filter((o) => !o.path.startsWith('/admin/'));
    for (const { op } of tenant) expect(JSON.stringify(op.security)).not.toContain('operatorToken');
  });

  it('describes the admin requests closed, with the fields the admin routes read', () => {
    const schemas = doc.components.schemas;
    const bodies = operations().filter((o) => o.path.startsWith('/admin/') && o.op.requestBody).map((o) => deref(o.op.requestBody.content['application/json'].schema));
    expect(bodies.length).toBe(5);
    for (const b of bodies) expect(b.additionalProperties).toBe(false);
    expect(schemas.DiscardRequest.required).toEqual(['reason']);
    expect(schemas.EditAndReplayRequest.required).toEqual(['payload', 'reason']);
    expect(Object.keys(schemas.BulkReplayRequest.properties)).toEqual(['filter', 'dryRun', 'limit', 'ratePerSecond', 'reason']);
    expect(schemas.MessageFilter.additionalProperties).toBe(false);
    expect(Object.keys(schemas.MessageFilter.properties)).toEqual([...FILTER_FIELDS]);
    const search = doc.paths['/admin/v1/messages'].get.parameters.map((x: Node) => x.name);
    expect(search).toEqual([...FILTER_FIELDS, 'limit', 'cursor']);
    // Every value an enum offers is one the filter parser takes.
    for (const field of ['status', 'type'] as const) {
      for (const value of schemas.MessageFilter.properties[field].enum) expect(parseFilter({ [field]: value }, '/query', true)).toEqual({ [field]: value });
    }
  });

  it('describes the admin answers with exactly the fields the code gives them', () => {
    const ajv = documentAjv();
    const fieldsOf = (s: Node): string[] => [...Object.keys(s.properties ?? {}), ...(s.allOf ?? []).flatMap((p: Node) => fieldsOf(deref(p)))].sort();
    const check = (name: string, value: object) => {
      const validate = ajv.getSchema(`urn:pasarela:openapi#/components/schemas/${name}`)!;
      expect([name, validate(value), validate.errors ?? null]).toEqual([name, true, null]);
      expect([name, Object.keys(value).sort()]).toEqual([name, fieldsOf(doc.components.schemas[name])]);
    };
    const at = '2026-01-02T03:04:05.678Z';
    const id = '0199c1b2-7c3e-7a10-9d2f-3b4c5d6e7f80';
    const summary: MessageSummary = {
      id, tenant: 'L01280796', type: 'registry-entry', route: 'registry-entry-to-sir', status: 'parked', correlationId: 'c-1',
      registryNumber: 'REG-1', exchangeId: 'O00009001_26_00000001', attempts: 3, replayOf: null, createdAt: at, updatedAt: at,
    };
    const detail = detailView({
      ...summary,
      history: [{ at, event: 'parked', status: 'parked', attempt: 3, outcome: 'error', code: 'SIR_REJECTED', detail: 'refused' }],
      parked: [{ id: 'p-1', messageId: id, route: summary.route, tenant: summary.tenant, code: 'SIR_REJECTED', detail: 'refused', lastResponse: '{"codigo":"0039"}', attempts: 3, body: '{}', bodyEncoding: 'json', headers: null, firstSeenAt: at, parkedAt: at }],
      exchanges: [{ direction: 'outgoing', exchangeId: 'O00009001_26_00000001', messageId: id, tenant: summary.tenant, state: 'error', registryNumber: null, registryDate: null, errorCode: '0039', resends: 0, hopMessageId: null, createdAt: at, updatedAt: at }],
      replays: [{ id, status: 'queued', createdAt: at }],
      envios: [{
        identificador: 'f8ab9abeb1037406b81f', messageId: id, tenant: summary.tenant, recipientIndex: 0, recipients: 1, organismo: 'L02000023', referencia: 'P0123456789ABCDEF01',
        state: 'notificada', stateAt: at, final: true, origin: 'electronico', receptor: { nif: '99000003E', name: 'María', link: '1' },
        certificate: { sha256: 'a'.repeat(64), csv: null, at }, expiresOn: null, checkedAt: null, createdAt: at, updatedAt: at,
      }],
    });
    check('MessageSummary', summary);
    check('MessageDetail', detail);
    check('MessageEnvio', detail.envios[0]);
    // Who received it is citizen data: operators see the state, never the receptor.
    expect(JSON.stringify(detail.envios)).not.toContain('99000003E');
    check('ParkedEvidence', detail.parked[0]);
    check('MessageExchange', detail.exchanges[0]);
    const failures: Failures = { groups: [{ route: summary.route, code: 'SIR_REJECTED', count: 2, firstSeenAt: at, lastSeenAt: at, lastDetail: 'refused' }], total: 2, undecodable: { count: 0, lastSeenAt: null } };
    check('Failures', failures);
    check('FailureGroup', failures.groups[0]);
    const row: InFlightRow = { id, route: summary.route, tenant: summary.tenant, status: 'delivering', attempt: 1, since: at };
    check('InFlightRow', { ...row, ageMs: 1200 });
    const job: ReplayJob = {
      id, status: 'running', filter: { status: 'parked', route: summary.route }, limit: null, ratePerSecond: 50, reason: 'SIR outage over', total: 10, replayed: 4,
      skipped: 1, failed: 0, createdBy: 'ana.garcia', createdAt: at, updatedAt: at, finishedAt: null,
    };
    check('ReplayJob', { ...job, remaining: 5 });
    const item: ReplayItem = { seq: 1, messageId: id, state: 'skipped', replayId: null, note: 'was discarded' };
    check('ReplayItem', item);
    const audit: AuditRecord = {
      id, at, operator: { id, name: 'ana.garcia', role: 'admin' }, action: 'edit-and-replay', messageId: id, jobId: null, filter: null, count: 1,
      reason: 'typo in the NIF', diff: [{ op: 'replace', path: '/interested/0/interested/documentNumber', value: '[redacted]' }],
    };
    check('AuditRecord', audit);
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
