import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { checkExpedienteStatus } from '../../../src/core/check-expediente';
import { EXPEDIENTE_STATES, parseEniExpedienteId, type ExpedienteStatus } from '../../../src/core/expediente';
import { projectPath } from '../../../src/core/paths';
import { createSchemaRegistry, MAX_PROBLEMS } from '../../../src/core/schemas';
import { isValidIdentityDocument } from '../../../src/core/validators/identity';

type Loose = Record<string, any>;

function exampleStatus(): ExpedienteStatus {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'expediente-status.json'), 'utf8')) as ExpedienteStatus;
}
const loose = (): Loose => exampleStatus() as unknown as Loose;

const registry = createSchemaRegistry();
const validate = (value: unknown) => registry.validatePayload('expediente-status', 1, value);
const pairs = (value: unknown) => validate(value).map((p) => [p.pointer, p.code]);
const NOW = new Date('2026-06-01T10:00:00+02:00');

function set(target: Loose, path: Array<string | number>, value: unknown): Loose {
  const parent = path.slice(0, -1).reduce((o: Loose, k) => o[k], target);
  if (value === undefined) delete parent[path[path.length - 1]];
  else parent[path[path.length - 1]] = value;
  return target;
}

/** The smallest valid status: one holder, no optional field. */
function minimal(): Loose {
  return {
    expediente: 'ES_L02000023_2026_EXP_1', managingUnit: 'L02000023', procedure: { code: '1', name: 'P' }, title: 'T',
    interested: [{ documentType: 'NIF', documentNumber: '99000006W' }], state: 'started',
    dates: { startedAt: '2026-01-01T00:00:00Z', changedAt: '2026-01-01T00:00:00Z' }, officeUrl: 'https://sede.example.es', sequence: 0,
  };
}

describe('expediente-status.v1 example', () => {
  it('validates against the schema and passes the semantic checks, now and at a fixed time', () => {
    expect(validate(exampleStatus())).toEqual([]);
    expect(checkExpedienteStatus(exampleStatus(), NOW)).toEqual([]);
    expect(checkExpedienteStatus(exampleStatus())).toEqual([]);
  });

  it('is postable as it is by the demo tenant: its identifier and managing unit are the tenant\'s', () => {
    const config = YAML.parse(readFileSync(projectPath('config', 'default.yaml'), 'utf8')) as { tenants: Array<{ code: string; units?: string[] }> };
    const demo = config.tenants.find((t) => t.code === 'L02000023');
    const example = exampleStatus();
    expect(demo?.units).toContain(example.managingUnit);
    expect(parseEniExpedienteId(example.expediente)).toMatchObject({ dir3: 'L02000023', year: 2026 });
    // It is the {id} of POST /v1/expedientes/{id}/status: nothing in it needs URL escaping.
    expect(encodeURIComponent(example.expediente)).toBe(example.expediente);
  });

  it('shows an expediente in progress with a natural person and a company, each with a valid document', () => {
    const example = exampleStatus();
    expect(example.state).toBe('in-progress');
    expect(example.phase).toBeDefined();
    expect(example.interested.map((p) => [p.documentType, p.role])).toEqual([['NIF', 'holder'], ['CIF', 'representative']]);
    expect(example.interested[0].documentNumber).toBe('99000003E');
    for (const p of example.interested) expect(isValidIdentityDocument(p.documentType, p.documentNumber)).toBe(true);
    expect(example.officeUrl.startsWith('https://sede.example.es/')).toBe(true);
  });
});

describe('expediente-status.v1 schema', () => {
  const schema = registry.schemaFor('expediente-status', 1) as Loose;

  it('is served by the registry', () => {
    expect(schema.$id).toBe('https://pasarela.example/schemas/canonical/expediente-status.v1.json');
  });

  it('lists the states of EXPEDIENTE_STATES, in that order', () => {
    expect(schema.properties.state.enum).toEqual([...EXPEDIENTE_STATES]);
  });

  it('closes every object it declares (additionalProperties false) and describes every property', () => {
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) { node.forEach((n, i) => walk(n, `${at}/${i}`)); return; }
      if (node === null || typeof node !== 'object') return;
      const n = node as Loose;
      if (n.type === 'object') expect([at, n.additionalProperties]).toEqual([at, false]);
      if (n.type === 'object' && n.properties) {
        for (const [name, p] of Object.entries(n.properties as Loose)) expect([`${at}/${name}`, typeof p.description]).toEqual([`${at}/${name}`, 'string']);
      }
      for (const [k, v] of Object.entries(n)) walk(v, `${at}/${k}`);
    };
    walk(schema, '');
  });

  it('accepts a minimal status', () => {
    expect(validate(minimal())).toEqual([]);
    expect(checkExpedienteStatus(minimal() as ExpedienteStatus, NOW)).toEqual([]);
  });

  it.each([
    ['expediente'], ['managingUnit'], ['procedure'], ['title'], ['interested'], ['state'], ['dates'], ['officeUrl'], ['sequence'],
    ['procedure', 'code'], ['procedure', 'name'], ['interested', 0, 'documentType'], ['interested', 1, 'documentNumber'],
    ['dates', 'startedAt'], ['dates', 'changedAt'],
  ].map((path) => [path.join('/'), path] as const))('points at the missing required property %s', (_label, path) => {
    expect(validate(set(loose(), path, undefined))).toContainEqual(
      expect.objectContaining({ pointer: `/${path.join('/')}`, code: 'SCHEMA_REQUIRED' }),
    );
  });

  it.each([
    [[], '/surprise'], [['procedure'], '/procedure/surprise'], [['interested', 0], '/interested/0/surprise'],
    [['dates'], '/dates/surprise'],
  ])('refuses an unknown field under %p at %s', (path, pointer) => {
    const n = loose();
    (path as Array<string | number>).reduce((o: Loose, k) => o[k], n).surprise = 1;
    expect(pairs(n)).toEqual([[pointer, 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });

  it('refuses an unknown field in the pending action', () => {
    const n = { ...loose(), state: 'pending-citizen-action', pendingAction: { description: 'Aportar documento', surprise: 1 } };
    expect(pairs(n)).toEqual([['/pendingAction/surprise', 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });

  it('refuses names, a tenant or Carpeta field names: the payload carries none of them', () => {
    const n = loose();
    n.interested[0].name = 'María';
    n.tenant = 'L02000023';
    n.denominacion = n.title;
    n.interested[1].companyName = 'Gestoría';
    expect(pairs(n)).toEqual([
      ['/tenant', 'SCHEMA_ADDITIONAL_PROPERTIES'], ['/denominacion', 'SCHEMA_ADDITIONAL_PROPERTIES'],
      ['/interested/0/name', 'SCHEMA_ADDITIONAL_PROPERTIES'], ['/interested/1/companyName', 'SCHEMA_ADDITIONAL_PROPERTIES'],
    ]);
  });

  it.each([
    [['expediente'], 20260457, 'SCHEMA_TYPE'],
    [['expediente'], 'ES_L02000023_2026_EXP_SUB-2026-0457', 'SCHEMA_FORMAT_ENI_EXPEDIENTE_ID'],
    [['expediente'], 'ES_l02000023_2026_EXP_1', 'SCHEMA_FORMAT_ENI_EXPEDIENTE_ID'],
    [['expediente'], 'ES_L02000023_1899_EXP_1', 'SCHEMA_FORMAT_ENI_EXPEDIENTE_ID'],
    [['expediente'], 'ES_L02000023_2026_1', 'SCHEMA_FORMAT_ENI_EXPEDIENTE_ID'],
    [['expediente'], 'SUB-2026/0457', 'SCHEMA_FORMAT_ENI_EXPEDIENTE_ID'],
    [['managingUnit'], 'l02000023', 'SCHEMA_FORMAT_DIR3'],
    [['managingUnit'], 'L020000230', 'SCHEMA_MAX_LENGTH'],
    [['managingUnit'], null, 'SCHEMA_TYPE'],
    [['procedure'], '994471', 'SCHEMA_TYPE'],
    [['procedure', 'code'], 994471, 'SCHEMA_TYPE'],
    [['procedure', 'code'], '', 'SCHEMA_PATTERN'],
    [['procedure', 'code'], '99447a', 'SCHEMA_PATTERN'],
    [['procedure', 'code'], 'SIA-994471', 'SCHEMA_PATTERN'],
    [['procedure', 'name'], '', 'SCHEMA_MIN_LENGTH'],
    [['procedure', 'name'], 'x'.repeat(256), 'SCHEMA_MAX_LENGTH'],
    [['title'], '', 'SCHEMA_MIN_LENGTH'],
    [['title'], 'Línea uno\nLínea dos', 'SCHEMA_PATTERN'],
    [['title'], ['T'], 'SCHEMA_TYPE'],
    [['interested'], [], 'SCHEMA_MIN_ITEMS'],
    [['interested'], { documentType: 'NIF' }, 'SCHEMA_TYPE'],
    [['interested', 0, 'documentType'], 'PASSPORT', 'SCHEMA_ENUM'],
    [['interested', 0, 'documentType'], 'nif', 'SCHEMA_ENUM'],
    [['interested', 0, 'documentType'], 'DNI', 'SCHEMA_ENUM'],
    [['interested', 0, 'documentNumber'], '99000003A', 'SCHEMA_FORMAT_NIF'],
    [['interested', 0, 'documentNumber'], '99000003e', 'SCHEMA_FORMAT_NIF'],
    [['interested', 0, 'documentNumber'], '99.000.003-E', 'SCHEMA_MAX_LENGTH'],
    [['interested', 0, 'documentNumber'], 99000003, 'SCHEMA_TYPE'],
    [['interested', 1, 'documentNumber'], 'B99000078', 'SCHEMA_FORMAT_CIF'],
    [['interested', 1, 'documentNumber'], '99000003E', 'SCHEMA_FORMAT_CIF'],
    [['interested', 0, 'role'], 'titular', 'SCHEMA_ENUM'],
    [['interested', 0, 'role'], null, 'SCHEMA_ENUM'],
    [['state'], 'open', 'SCHEMA_ENUM'],
    [['state'], 'In-Progress', 'SCHEMA_ENUM'],
    [['state'], 'E01', 'SCHEMA_ENUM'],
    [['phase'], '', 'SCHEMA_MIN_LENGTH'],
    [['phase'], 'x'.repeat(256), 'SCHEMA_MAX_LENGTH'],
    [['phase'], 'Fase\t2', 'SCHEMA_PATTERN'],
    [['dates'], '2026-03-02', 'SCHEMA_TYPE'],
    [['dates', 'startedAt'], '2026-03-02', 'SCHEMA_FORMAT_DATE_TIME'],
    [['dates', 'startedAt'], 1772439300000, 'SCHEMA_TYPE'],
    [['dates', 'changedAt'], '2026-05-20T12:40:00', 'SCHEMA_FORMAT_DATE_TIME'],
    [['dates', 'changedAt'], '2026-05-20 12:40:00+02:00', 'SCHEMA_PATTERN'],
    [['dates', 'changedAt'], '2026-02-30T12:40:00+02:00', 'SCHEMA_FORMAT_DATE_TIME'],
    [['dates', 'changedAt'], '2026-05-20t12:40:00z', 'SCHEMA_PATTERN'],
    [['dates', 'resolvedAt'], 'yesterday', 'SCHEMA_FORMAT_DATE_TIME'],
    [['dates', 'closedAt'], null, 'SCHEMA_TYPE'],
    [['officeUrl'], 'http://sede.example.es/expediente/1', 'SCHEMA_PATTERN'],
    [['officeUrl'], 'HTTPS://sede.example.es/', 'SCHEMA_PATTERN'],
    [['officeUrl'], 'sede.example.es/expediente/1', 'SCHEMA_FORMAT_URI'],
    [['officeUrl'], 'javascript:alert(1)', 'SCHEMA_PATTERN'],
    [['officeUrl'], 'https://', 'SCHEMA_PATTERN'],
    [['officeUrl'], 'https://usuario:clave@sede.example.es/', 'SCHEMA_PATTERN'],
    [['officeUrl'], 'https://sede.example.es@evil.example/', 'SCHEMA_PATTERN'],
    [['officeUrl'], 'https://sede.example.es/exp 1', 'SCHEMA_FORMAT_URI'],
    [['officeUrl'], 'https://sede.example.es/\nx', 'SCHEMA_FORMAT_URI'],
    [['officeUrl'], `https://sede.example.es/${'a'.repeat(1000)}`, 'SCHEMA_MAX_LENGTH'],
    [['sequence'], '4', 'SCHEMA_TYPE'],
    [['sequence'], 4.5, 'SCHEMA_TYPE'],
    [['sequence'], -1, 'SCHEMA_MINIMUM'],
    [['sequence'], 2 ** 53, 'SCHEMA_MAXIMUM'],
    [['sequence'], 1e300, 'SCHEMA_MAXIMUM'],
    [['sequence'], null, 'SCHEMA_TYPE'],
  ].map(([path, value, code]) => [(path as unknown[]).join('/'), JSON.stringify(value).slice(0, 40), path, value, code] as const))(
    'refuses %s = %s', (_p, _v, path, value, code) => {
      const problems = pairs(set(loose(), path as Array<string | number>, value));
      expect(problems).toContainEqual([`/${(path as unknown[]).join('/')}`, code]);
      for (const [pointer] of problems) expect(pointer.startsWith(`/${(path as unknown[]).join('/')}`)).toBe(true);
    },
  );

  it.each([
    [['sequence'], 2 ** 53 - 1], [['sequence'], 1780000000000], [['sequence'], 4.0],
    [['officeUrl'], 'https://sede.example.es:8443/tramites/expediente?id=ES_L02000023_2026_EXP_SUB2026000457#estado'],
    [['officeUrl'], 'https://xn--sede-ejmplo-9db.example.es/'],
    [['dates', 'changedAt'], '2026-05-20T10:40:00.123456789Z'],
    [['interested', 0], { documentType: 'NIE', documentNumber: 'Y9000004A' }],
    [['interested', 0, 'role'], undefined],
    [['title'], 'x'.repeat(255)], [['phase'], undefined], [['procedure', 'code'], '123456789'],
  ].map(([path, value]) => [(path as unknown[]).join('/'), JSON.stringify(value)?.slice(0, 40), path, value] as const))(
    'accepts %s = %s', (_p, _v, path, value) => {
      expect(pairs(set(loose(), path as Array<string | number>, value))).toEqual([]);
    },
  );

  it.each([
    ['NIF', '99000003E', true], ['NIF', 'X1234567L', false], ['NIF', 'K1234567L', true],
    ['NIE', 'Y9000004A', true], ['NIE', 'Y9000004B', false], ['NIE', '99000003E', false],
    ['CIF', 'B99000077', true], ['CIF', 'B9900007G', false], ['CIF', 'Q2826000H', true], ['CIF', 'Q28260008', false],
  ])('checks the %s %s (valid: %p)', (documentType, documentNumber, valid) => {
    const n = loose();
    n.interested = [{ documentType, documentNumber }];
    const expected = valid ? [] : [['/interested/0/documentNumber', `SCHEMA_FORMAT_${documentType}`]];
    expect(pairs(n)).toEqual(expected);
  });

  it('requires the pending action exactly when the citizen must act', () => {
    const pending = { ...loose(), state: 'pending-citizen-action' };
    expect(pairs(pending)).toEqual([['/pendingAction', 'SCHEMA_REQUIRED']]);
    expect(pairs({ ...pending, pendingAction: { description: 'Aportar el certificado de la Seguridad Social', dueOn: '2026-06-15' } })).toEqual([]);
    expect(pairs({ ...pending, pendingAction: { description: 'Aportar el certificado' } })).toEqual([]);
    for (const state of EXPEDIENTE_STATES.filter((s) => s !== 'pending-citizen-action')) {
      expect(pairs({ ...loose(), state, pendingAction: { description: 'x' } })).toEqual([['/pendingAction', 'SCHEMA_FALSE_SCHEMA']]);
    }
  });

  it.each([
    [{ description: '' }, '/pendingAction/description', 'SCHEMA_MIN_LENGTH'],
    [{ description: 'x'.repeat(501) }, '/pendingAction/description', 'SCHEMA_MAX_LENGTH'],
    [{}, '/pendingAction/description', 'SCHEMA_REQUIRED'],
    [{ description: 'x', dueOn: '15/06/2026' }, '/pendingAction/dueOn', 'SCHEMA_FORMAT_DATE'],
    [{ description: 'x', dueOn: '2026-06-31' }, '/pendingAction/dueOn', 'SCHEMA_FORMAT_DATE'],
    [{ description: 'x', dueOn: '2026-06-15T00:00:00Z' }, '/pendingAction/dueOn', 'SCHEMA_FORMAT_DATE'],
    ['Aportar documento', '/pendingAction', 'SCHEMA_TYPE'],
  ])('refuses the pending action %p', (pendingAction, pointer, code) => {
    const problems = pairs({ ...loose(), state: 'pending-citizen-action', pendingAction });
    expect(problems).toContainEqual([pointer, code]);
    for (const [at] of problems) expect(at).toBe(pointer);
  });

  it('accepts 50 interested parties and refuses 51', () => {
    const n = loose();
    n.interested = Array.from({ length: 50 }, () => n.interested[0]);
    expect(validate(n)).toEqual([]);
    n.interested.push(n.interested[0]);
    expect(pairs(n)).toEqual([['/interested', 'SCHEMA_MAX_ITEMS']]);
  });

  it.each(['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u2028', '\ud800', '\uffff'])(
    'refuses the control or non-XML character %j in the texts',
    (ch) => {
      const n: Loose = { ...loose(), state: 'pending-citizen-action' };
      n.title = `Solicitud${ch}`;
      n.phase = `Fase${ch}`;
      n.procedure.name = `Subvenciones${ch}`;
      n.pendingAction = { description: `Aportar${ch}` };
      expect(pairs(n)).toEqual([
        ['/procedure/name', 'SCHEMA_PATTERN'], ['/title', 'SCHEMA_PATTERN'], ['/phase', 'SCHEMA_PATTERN'],
        ['/pendingAction/description', 'SCHEMA_PATTERN'],
      ]);
    },
  );

  it('accepts Spanish text with accents, ñ, ¿? and emoji', () => {
    expect(pairs({ ...loose(), title: '¿Licencia de obra menor en c/ Peña, nº 3? Añadida documentación 📎', phase: 'Subsanación – requerimiento' })).toEqual([]);
  });
});

describe('expediente-status.v1 schema with hostile input', () => {
  const secret = 'SECRET-VALUE-99000003E';

  it('reports very long strings without echoing them', () => {
    const n: Loose = { ...loose(), state: 'pending-citizen-action' };
    n.expediente = `ES_L02000023_2026_EXP_${secret.repeat(50000)}`;
    n.title = secret.repeat(50000);
    n.phase = secret.repeat(10000);
    n.procedure.name = secret.repeat(10000);
    n.officeUrl = `https://sede.example.es/${secret.repeat(10000)}`;
    n.pendingAction = { description: secret.repeat(10000) };
    n.interested[0].documentNumber = secret.repeat(1000);
    const problems = validate(n);
    expect(problems.map((p) => [p.pointer, p.code])).toEqual(expect.arrayContaining([
      ['/expediente', 'SCHEMA_MAX_LENGTH'], ['/title', 'SCHEMA_MAX_LENGTH'], ['/phase', 'SCHEMA_MAX_LENGTH'],
      ['/procedure/name', 'SCHEMA_MAX_LENGTH'], ['/officeUrl', 'SCHEMA_MAX_LENGTH'],
      ['/pendingAction/description', 'SCHEMA_MAX_LENGTH'], ['/interested/0/documentNumber', 'SCHEMA_MAX_LENGTH'],
    ]));
    for (const p of problems) expect(p.message).not.toContain('SECRET');
  });

  it.each([null, [], 'x', 42, true])('reports the non-object payload %p without throwing', (value) => {
    expect(pairs(value)).toEqual([['', 'SCHEMA_TYPE']]);
  });

  it('refuses wrong types everywhere at once', () => {
    const n = { ...minimal(), expediente: ['ES_L02000023_2026_EXP_1'], procedure: 1, title: 7, state: 1, dates: [], officeUrl: {}, sequence: '1', interested: [[], 'r', null, 3] };
    expect(pairs(n)).toEqual(expect.arrayContaining([
      ['/expediente', 'SCHEMA_TYPE'], ['/procedure', 'SCHEMA_TYPE'], ['/title', 'SCHEMA_TYPE'], ['/state', 'SCHEMA_ENUM'],
      ['/dates', 'SCHEMA_TYPE'], ['/officeUrl', 'SCHEMA_TYPE'], ['/sequence', 'SCHEMA_TYPE'],
      ['/interested/0', 'SCHEMA_TYPE'], ['/interested/1', 'SCHEMA_TYPE'], ['/interested/2', 'SCHEMA_TYPE'], ['/interested/3', 'SCHEMA_TYPE'],
    ]));
  });

  it('refuses __proto__ and constructor keys without polluting prototypes', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "interested": [{"__proto__": {"documentNumber": "99000003E"}}]}');
    const found = pairs(hostile);
    expect(found).toContainEqual(['/__proto__', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/constructor', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/interested/0/__proto__', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/interested/0/documentNumber', 'SCHEMA_REQUIRED']);
    expect(({} as Loose).polluted).toBeUndefined();
  });

  it(`caps the problems of a thousand broken parties at ${MAX_PROBLEMS}`, () => {
    const n = { ...minimal(), interested: Array.from({ length: 1000 }, () => ({ documentType: 'NIF', documentNumber: 'X', extra: 1 })) };
    const problems = validate(n);
    expect(problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
    expect(problems.map((p) => p.code)).toContain('SCHEMA_MAX_ITEMS');
  });

  it('names a deeply nested unknown field once, at its top', () => {
    let deep: Loose = {};
    for (let i = 0; i < 1000; i++) deep = { d: deep };
    expect(pairs({ ...loose(), deep })).toEqual([['/deep', 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });
});
