import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { checkNotification } from '../../../src/core/check-notification';
import type { Notification } from '../../../src/core/notification';
import { projectPath } from '../../../src/core/paths';
import { createSchemaRegistry, MAX_PROBLEMS } from '../../../src/core/schemas';

type Loose = Record<string, any>;

function exampleNotification(): Notification {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'notification.json'), 'utf8')) as Notification;
}
const loose = (): Loose => exampleNotification() as unknown as Loose;

const registry = createSchemaRegistry();
const validate = (value: unknown) => registry.validatePayload('notification', 1, value);
const pairs = (value: unknown) => validate(value).map((p) => [p.pointer, p.code]);
const NOW = new Date('2026-06-01T10:00:00+02:00');

/** A short, readable rendering of a test value for test names. */
function label(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 24 ? `${text.slice(0, 12)}…(${text.length} chars)` : text;
}

function set(target: Loose, path: Array<string | number>, value: unknown): Loose {
  const parent = path.slice(0, -1).reduce((o: Loose, k) => o[k], target);
  if (value === undefined) delete parent[path[path.length - 1]];
  else parent[path[path.length - 1]] = value;
  return target;
}

function pdf(text: string): { content: string; sha256: string; mediaType: 'application/pdf' } {
  const bytes = Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'latin1');
  return { content: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'application/pdf' };
}

/** The smallest valid notification: one natural person, electronic access only. */
function minimal(): Loose {
  return {
    issuingBody: 'L02000023', procedure: '1', kind: 'communication', concept: 'Aviso', expiryDays: 1,
    document: pdf('minimal'),
    recipients: [{ holder: { documentType: 'NIF', documentNumber: '99000006W', name: 'Ana', firstSurname: 'Ejemplo' } }],
  };
}

describe('notification.v1 example', () => {
  it('validates against the schema and passes the semantic checks', () => {
    expect(validate(exampleNotification())).toEqual([]);
    expect(checkNotification(exampleNotification(), NOW)).toEqual([]);
  });

  it('carries a real PDF whose sha256 is the one stated', () => {
    const { document } = exampleNotification();
    const bytes = Buffer.from(document.content, 'base64');
    expect(bytes.toString('base64')).toBe(document.content);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(document.sha256);
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(text).toMatch(/\/Type \/Page\b/);
    // The cross-reference table points at each object it lists.
    const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = text.slice(xref).split('\n').slice(3).filter((l) => / 00000 n $/.test(l)).map((l) => Number(l.slice(0, 10)));
    offsets.forEach((at, i) => expect(text.slice(at, at + 10)).toBe(`${i + 1} 0 obj\n<<`.slice(0, 10)));
  });

  it('is issued by a unit of the demo tenant, so that tenant may post it as is', () => {
    const config = YAML.parse(readFileSync(projectPath('config', 'default.yaml'), 'utf8')) as { tenants: Array<{ code: string; units?: string[] }> };
    const demo = config.tenants.find((t) => t.code === 'L02000023');
    expect(demo?.units).toContain(exampleNotification().issuingBody);
  });

  it('shows the two kinds of recipient the brief asks for', () => {
    const [person, company] = exampleNotification().recipients;
    expect(person.holder.documentType).toBe('NIF');
    expect(person.representative?.email).toBeDefined();
    expect(person.holder.email).toBeDefined();
    expect(company.holder.documentType).toBe('CIF');
    expect(company.postalAddress?.kind).toBe('national');
  });
});

describe('notification.v1 schema', () => {
  it('accepts a minimal notification', () => {
    expect(validate(minimal())).toEqual([]);
  });

  it.each([
    ['issuingBody'], ['procedure'], ['kind'], ['concept'], ['expiryDays'], ['document'], ['recipients'],
    ['document', 'content'], ['document', 'sha256'], ['document', 'mediaType'],
    ['recipients', 0, 'holder'], ['recipients', 1, 'postalAddress', 'kind'], ['recipients', 1, 'postalAddress', 'postalCode'],
    ['recipients', 0, 'electronicMailbox', 'mandatory'],
  ].map((path) => [path.join('/'), path] as const))('points at the missing required property %s', (_label, path) => {
    expect(validate(set(loose(), path, undefined))).toContainEqual(
      expect.objectContaining({ pointer: `/${path.join('/')}`, code: 'SCHEMA_REQUIRED' }),
    );
  });

  it.each([
    [[], '/surprise'], [['document'], '/document/surprise'], [['recipients', 0], '/recipients/0/surprise'],
    [['recipients', 0, 'holder'], '/recipients/0/holder/surprise'],
    [['recipients', 0, 'representative'], '/recipients/0/representative/surprise'],
    [['recipients', 1, 'postalAddress'], '/recipients/1/postalAddress/surprise'],
    [['recipients', 0, 'electronicMailbox'], '/recipients/0/electronicMailbox/surprise'],
  ])('refuses an unknown field under %p at %s', (path, pointer) => {
    const n = loose();
    (path as Array<string | number>).reduce((o: Loose, k) => o[k], n).surprise = 1;
    expect(pairs(n)).toEqual([[pointer, 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });

  it('refuses the Notific@ element names in place of the canonical ones', () => {
    const n = loose();
    n.recipients[0].holder.nif = n.recipients[0].holder.documentNumber;
    n.referenciaEmisor = 'X';
    expect(pairs(n)).toEqual([['/referenciaEmisor', 'SCHEMA_ADDITIONAL_PROPERTIES'], ['/recipients/0/holder/nif', 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });

  it.each([
    [['issuingBody'], 23000023, 'SCHEMA_TYPE'],
    [['issuingBody'], 'l02000023', 'SCHEMA_FORMAT_DIR3'],
    [['issuingBody'], 'L020000230', 'SCHEMA_MAX_LENGTH'],
    [['procedure'], 994471, 'SCHEMA_TYPE'],
    [['procedure'], '1234567890', 'SCHEMA_MAX_LENGTH'],
    [['procedure'], 'SIA-1', 'SCHEMA_PATTERN'],
    [['procedure'], '', 'SCHEMA_PATTERN'],
    [['kind'], 'notificación', 'SCHEMA_ENUM'],
    [['kind'], 2, 'SCHEMA_ENUM'],
    [['concept'], '', 'SCHEMA_MIN_LENGTH'],
    [['concept'], 'c'.repeat(241), 'SCHEMA_MAX_LENGTH'],
    [['description'], 'd'.repeat(1001), 'SCHEMA_MAX_LENGTH'],
    [['description'], 'Primera línea\nsegunda línea', 'SCHEMA_PATTERN'],
    [['description'], 'Con\rretorno', 'SCHEMA_PATTERN'],
    [['description'], 'Con\ttabulador', 'SCHEMA_PATTERN'],
    [['scheduledFor'], '2026-02-30', 'SCHEMA_FORMAT_DATE'],
    [['scheduledFor'], '2026-6-1', 'SCHEMA_FORMAT_DATE'],
    [['scheduledFor'], '2026-06-01T00:00:00Z', 'SCHEMA_FORMAT_DATE'],
    [['expiryDays'], '10', 'SCHEMA_TYPE'],
    [['expiryDays'], 1.5, 'SCHEMA_TYPE'],
    [['expiryDays'], 0, 'SCHEMA_MINIMUM'],
    [['expiryDays'], 366, 'SCHEMA_MAXIMUM'],
    [['postalDelayDays'], -1, 'SCHEMA_MINIMUM'],
    [['postalDelayDays'], 31, 'SCHEMA_MAXIMUM'],
    [['reference'], 'r'.repeat(65), 'SCHEMA_MAX_LENGTH'],
    [['reference'], '', 'SCHEMA_MIN_LENGTH'],
    [['document', 'content'], '', 'SCHEMA_MIN_LENGTH'],
    [['document', 'sha256'], 'A'.repeat(64), 'SCHEMA_FORMAT_SHA256_HEX'],
    [['document', 'mediaType'], 'text/plain', 'SCHEMA_ENUM'],
    [['document', 'filename'], '../../etc/passwd', 'SCHEMA_PATTERN'],
    [['document', 'filename'], 'a\\b.pdf', 'SCHEMA_PATTERN'],
    [['document', 'filename'], 'f'.repeat(256), 'SCHEMA_MAX_LENGTH'],
    [['document', 'normalized'], 'si', 'SCHEMA_TYPE'],
    [['recipients'], {}, 'SCHEMA_TYPE'],
    [['recipients'], [], 'SCHEMA_MIN_ITEMS'],
    [['recipients', 0, 'holder', 'name'], 'n'.repeat(31), 'SCHEMA_MAX_LENGTH'],
    [['recipients', 0, 'holder', 'firstSurname'], 's'.repeat(31), 'SCHEMA_MAX_LENGTH'],
    [['recipients', 0, 'holder', 'email'], 'not-an-email', 'SCHEMA_FORMAT_EMAIL'],
    [['recipients', 0, 'holder', 'email'], `${'e'.repeat(150)}@example.org`, 'SCHEMA_MAX_LENGTH'],
    [['recipients', 0, 'holder', 'phone'], '600 00 00 00', 'SCHEMA_PATTERN'],
    [['recipients', 0, 'holder', 'phone'], '12345678', 'SCHEMA_PATTERN'],
    [['recipients', 0, 'holder', 'phone'], 600000000, 'SCHEMA_TYPE'],
    [['recipients', 0, 'holder', 'documentType'], 'PASSPORT', 'SCHEMA_ENUM'],
    [['recipients', 0, 'holder', 'documentNumber'], '99000003E0', 'SCHEMA_MAX_LENGTH'],
    [['recipients', 1, 'holder', 'companyName'], 'c'.repeat(256), 'SCHEMA_MAX_LENGTH'],
    [['recipients', 0, 'electronicMailbox', 'mandatory'], 'true', 'SCHEMA_TYPE'],
    [['recipients', 1, 'postalAddress', 'kind'], 'nacional', 'SCHEMA_ENUM'],
    [['recipients', 1, 'postalAddress', 'streetType'], 'CALLE1', 'SCHEMA_MAX_LENGTH'],
    [['recipients', 1, 'postalAddress', 'streetName'], 'v'.repeat(51), 'SCHEMA_MAX_LENGTH'],
    [['recipients', 1, 'postalAddress', 'number'], '123456', 'SCHEMA_MAX_LENGTH'],
    [['recipients', 1, 'postalAddress', 'floor'], '1234', 'SCHEMA_MAX_LENGTH'],
    [['recipients', 1, 'postalAddress', 'complement'], 'c'.repeat(41), 'SCHEMA_MAX_LENGTH'],
    [['recipients', 1, 'postalAddress', 'town'], 't'.repeat(31), 'SCHEMA_MAX_LENGTH'],
    [['recipients', 1, 'postalAddress', 'postalCode'], '2300', 'SCHEMA_PATTERN'],
    [['recipients', 1, 'postalAddress', 'municipalityCode'], '23050', 'SCHEMA_PATTERN'],
    [['recipients', 1, 'postalAddress', 'provinceCode'], '023', 'SCHEMA_PATTERN'],
    [['recipients', 1, 'postalAddress', 'country'], 'es', 'SCHEMA_PATTERN'],
    [['recipients', 1, 'postalAddress', 'country'], 'FR', 'SCHEMA_CONST'],
  ].map(([path, value, code]) => [`${(path as unknown[]).join('/')} = ${label(value)} with ${String(code)}`, path, value, code] as const))('refuses %s', (_label, path, value, code) => {
    const p = path as Array<string | number>;
    expect(pairs(set(loose(), p, value))).toContainEqual([`/${p.join('/')}`, code]);
  });

  it.each([
    'Liquidación nº 12/2026 del impuesto (IBI): ¿conforme? ¡Sí!; plazo – 1ª quincena',
    'ÀÁÄÈÉËÌÍÏÒÓÖÙÚÜ àáäèéëìíïòóöùúü Ññ Çç 0123456789 -_/:().,',
  ])('accepts the concept %p (notib whitelist)', (concept) => {
    expect(validate({ ...loose(), concept })).toEqual([]);
  });

  it.each(['<script>', 'Deuda 100 €', 'Expediente "A"', "D'Ors", 'Tabla\tcon tab', 'Dos\nlíneas', 'Emoji 🙂', 'Ça va ô', 'l·l', '100%', 'a&b'])(
    'refuses the concept %p (outside notib whitelist)',
    (concept) => {
      expect(pairs({ ...loose(), concept })).toEqual([['/concept', 'SCHEMA_PATTERN']]);
    },
  );

  it('accepts a procedure code with leading zeros and a 9-digit one', () => {
    expect(validate({ ...loose(), procedure: '000123' })).toEqual([]);
    expect(validate({ ...loose(), procedure: '123456789' })).toEqual([]);
  });

  it.each([
    [0, 'NIF', '99000003F', 'SCHEMA_FORMAT_NIF'],
    [0, 'NIF', '99000003e', 'SCHEMA_FORMAT_NIF'],
    [0, 'NIF', '9900000-3E', 'SCHEMA_MAX_LENGTH'],
    [0, 'NIE', 'Y9000004B', 'SCHEMA_FORMAT_NIE'],
    [0, 'NIE', '99000003E', 'SCHEMA_FORMAT_NIE'],
    [1, 'CIF', 'B99000052', 'SCHEMA_FORMAT_CIF'],
    [1, 'CIF', 'B9900005A', 'SCHEMA_FORMAT_CIF'],
  ])('checks the check character of recipient %i holder %s %s', (i, documentType, documentNumber, code) => {
    const n = loose();
    Object.assign(n.recipients[i].holder, { documentType, documentNumber });
    expect(pairs(n)).toContainEqual([`/recipients/${i}/holder/documentNumber`, code]);
  });

  it('checks the NIE of a representative', () => {
    const n = loose();
    n.recipients[0].representative.documentNumber = 'Y9000004B';
    expect(pairs(n)).toEqual([['/recipients/0/representative/documentNumber', 'SCHEMA_FORMAT_NIE']]);
  });

  it('requires a document number for a holder who is not an administration', () => {
    const n = loose();
    delete n.recipients[1].holder.documentType;
    delete n.recipients[1].holder.documentNumber;
    expect(pairs(n)).toEqual([['/recipients/1/holder/documentNumber', 'SCHEMA_REQUIRED']]);
  });

  it('accepts an administration holder identified by its DIR3 code, and requires its name', () => {
    const n = loose();
    n.recipients[1].holder = { dir3Code: 'L01230503', companyName: 'Ayuntamiento de ejemplo' };
    expect(validate(n)).toEqual([]);
    n.recipients[1].holder = { dir3Code: 'L01230503' };
    expect(pairs(n)).toEqual([['/recipients/1/holder/companyName', 'SCHEMA_REQUIRED']]);
    n.recipients[1].holder = { dir3Code: 'l01230503', companyName: 'X' };
    expect(pairs(n)).toEqual([['/recipients/1/holder/dir3Code', 'SCHEMA_FORMAT_DIR3']]);
  });

  it('requires the holder document for delivery to the DEHú', () => {
    const n = loose();
    n.recipients[0].holder = { dir3Code: 'L01230503', companyName: 'Ayuntamiento de ejemplo' };
    expect(pairs(n)).toEqual([['/recipients/0/holder/documentNumber', 'SCHEMA_REQUIRED']]);
  });

  it('requires the type with the number and the number with the type', () => {
    const n = loose();
    delete n.recipients[0].holder.documentType;
    expect(pairs(n)).toEqual([['/recipients/0/holder/documentType', 'SCHEMA_DEPENDENT_REQUIRED']]);
    const m = loose();
    delete m.recipients[0].representative.documentNumber;
    expect(pairs(m)).toContainEqual(['/recipients/0/representative/documentNumber', 'SCHEMA_DEPENDENT_REQUIRED']);
  });

  it.each(['NIF', 'NIE'])('requires name and first surname of a %s party', (documentType) => {
    const n = loose();
    n.recipients[0].holder = { documentType, documentNumber: documentType === 'NIF' ? '99000003E' : 'Y9000004A', companyName: 'X' };
    expect(pairs(n)).toEqual([['/recipients/0/holder/name', 'SCHEMA_REQUIRED'], ['/recipients/0/holder/firstSurname', 'SCHEMA_REQUIRED']]);
  });

  it('requires the company name of a CIF party', () => {
    const n = loose();
    delete n.recipients[1].holder.companyName;
    expect(pairs(n)).toEqual([['/recipients/1/holder/companyName', 'SCHEMA_REQUIRED']]);
  });

  it('requires a first surname before a second one and a name before a surname', () => {
    const n = loose();
    delete n.recipients[0].holder.firstSurname;
    delete n.recipients[0].holder.name;
    expect(pairs(n)).toEqual(expect.arrayContaining([
      ['/recipients/0/holder/firstSurname', 'SCHEMA_DEPENDENT_REQUIRED'],
      ['/recipients/0/holder/name', 'SCHEMA_REQUIRED'],
    ]));
  });

  it('requires a representative with a document, who is not an administration', () => {
    const n = loose();
    n.recipients[0].representative = { name: 'Juan', firstSurname: 'Sin Documento' };
    expect(pairs(n)).toEqual([['/recipients/0/representative/documentNumber', 'SCHEMA_REQUIRED']]);
    n.recipients[0].representative = { documentType: 'CIF', documentNumber: 'B99000093', companyName: 'Gestoría', dir3Code: 'L01230503' };
    expect(pairs(n)).toEqual([['/recipients/0/representative/dir3Code', 'SCHEMA_FALSE_SCHEMA']]);
  });

  it.each([
    ['national', {}, []],
    ['national', { streetType: undefined, number: undefined, town: undefined },
      ['/streetType', '/number', '/town'].map((p) => [`/recipients/1/postalAddress${p}`, 'SCHEMA_REQUIRED'])],
    ['national', { country: undefined }, []],
    ['foreign', { country: 'FR', postalCode: '75001', municipalityCode: undefined, provinceCode: undefined }, []],
    ['foreign', { country: undefined, postalCode: 'SW1A 1AA', municipalityCode: undefined, provinceCode: undefined },
      [['/recipients/1/postalAddress/country', 'SCHEMA_REQUIRED']]],
    ['poBox', { poBox: '1234', streetType: undefined, streetName: undefined, number: undefined }, []],
    ['poBox', { streetType: undefined }, [['/recipients/1/postalAddress/poBox', 'SCHEMA_REQUIRED']]],
    ['unstructured', { line1: 'Cortijo El Ejemplo', line2: 'Ctra. de ejemplo km 3' }, []],
    ['unstructured', { line1: 'Cortijo El Ejemplo' }, [['/recipients/1/postalAddress/line2', 'SCHEMA_REQUIRED']]],
  ])('applies the %s address rules to %p', (kind, changes, expected) => {
    const n = loose();
    const address = Object.assign(n.recipients[1].postalAddress, { kind }, changes);
    for (const [k, v] of Object.entries(address)) if (v === undefined) delete address[k];
    expect(pairs(n)).toEqual(expected);
  });

  it('refuses 101 recipients', () => {
    const n = loose();
    n.recipients = Array.from({ length: 101 }, () => n.recipients[0]);
    expect(pairs(n)).toEqual([['/recipients', 'SCHEMA_MAX_ITEMS']]);
  });

  it('accepts 100 recipients (the semantic check then finds the repeated holder)', () => {
    const n = loose();
    n.recipients = Array.from({ length: 100 }, () => n.recipients[0]);
    expect(validate(n)).toEqual([]);
  });

  it.each([
    ['with a line break', (b64: string) => `${b64.slice(0, 76)}\n${b64.slice(76)}`],
    ['with a trailing newline', (b64: string) => `${b64}\n`],
    ['without its padding', () => 'JVBERi0'],
    ['with non-zero padding bits', () => 'JVBERi1='],
    ['in the URL-safe alphabet', () => 'JVBE-i0_'],
    ['with padding in the middle', () => 'JV==JVBE'],
    ['with spaces', (b64: string) => b64.replace(/^(.{8})/, '$1 ')],
  ])('refuses document content %s', (_label, mutate) => {
    const n = loose();
    n.document.content = mutate(n.document.content);
    expect(pairs(n)).toEqual([['/document/content', 'SCHEMA_FORMAT_BASE64']]);
  });

  it.each(['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u2028', '\ud800', '\uffff'])(
    'refuses the control or non-XML character %j in a name',
    (ch) => {
      const n = loose();
      n.recipients[0].holder.name = `Ma${ch}ría`;
      n.recipients[1].postalAddress.streetName = `Mae${ch}stra`;
      expect(pairs(n)).toEqual([
        ['/recipients/0/holder/name', 'SCHEMA_PATTERN'],
        ['/recipients/1/postalAddress/streetName', 'SCHEMA_PATTERN'],
      ]);
    },
  );
});

describe('notification.v1 schema with hostile input', () => {
  const secret = 'SECRET-VALUE-99000003E';

  it('reports very long strings without echoing them', () => {
    const n = loose();
    n.concept = secret.repeat(50000);
    n.recipients[0].holder.email = `${secret.repeat(10000)}@example.org`;
    n.recipients[1].holder.companyName = secret.repeat(10000);
    const problems = validate(n);
    expect(problems.map((p) => [p.pointer, p.code])).toEqual(expect.arrayContaining([
      ['/concept', 'SCHEMA_MAX_LENGTH'],
      ['/recipients/0/holder/email', 'SCHEMA_MAX_LENGTH'],
      ['/recipients/1/holder/companyName', 'SCHEMA_MAX_LENGTH'],
    ]));
    for (const p of problems) expect(p.message).not.toContain('SECRET');
  });

  it.each([null, [], 'x', 42, true])('reports the non-object payload %p without throwing', (value) => {
    expect(pairs(value)).toEqual([['', 'SCHEMA_TYPE']]);
  });

  it('refuses wrong types everywhere at once', () => {
    const n = { ...minimal(), issuingBody: null, expiryDays: '1', document: 'x', recipients: [{ holder: [] }, 'r', null] };
    expect(pairs(n)).toEqual(expect.arrayContaining([
      ['/issuingBody', 'SCHEMA_TYPE'], ['/expiryDays', 'SCHEMA_TYPE'], ['/document', 'SCHEMA_TYPE'],
      ['/recipients/0/holder', 'SCHEMA_TYPE'], ['/recipients/1', 'SCHEMA_TYPE'], ['/recipients/2', 'SCHEMA_TYPE'],
    ]));
  });

  it('refuses __proto__ and constructor keys without polluting prototypes', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "recipients": [{"holder": {"__proto__": {"documentNumber": "99000003E"}}}]}');
    const found = pairs(hostile);
    expect(found).toContainEqual(['/__proto__', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/constructor', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/recipients/0/holder/__proto__', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/recipients/0/holder/documentNumber', 'SCHEMA_REQUIRED']);
    expect(({} as Loose).polluted).toBeUndefined();
  });

  it(`caps the problems of a thousand broken recipients at ${MAX_PROBLEMS}`, () => {
    const n = { ...minimal(), recipients: Array.from({ length: 1000 }, () => ({ holder: { documentType: 'NIF', documentNumber: 'X', extra: 1 } })) };
    const problems = validate(n);
    expect(problems.length).toBeLessThanOrEqual(MAX_PROBLEMS);
    expect(problems.map((p) => p.code)).toContain('SCHEMA_MAX_ITEMS');
  });

  it('refuses a deeply nested unknown field once, at its top, without walking into it', () => {
    let deep: Loose = {};
    for (let i = 0; i < 1000; i++) deep = { d: deep };
    expect(pairs({ ...loose(), deep })).toEqual([['/deep', 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });
});
