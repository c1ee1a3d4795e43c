import { checkRegistryEntry } from '../../../src/core/check-registry-entry';
import { createSchemaRegistry, MAX_PROBLEMS } from '../../../src/core/schemas';
import { exampleEntry, looseExample, textAnnex, type Loose } from './registry-entry-example';

const registry = createSchemaRegistry();
const validate = (value: unknown) => registry.validatePayload('registry-entry', 1, value);
const pairs = (value: unknown) => validate(value).map((p) => [p.pointer, p.code]);

function without(path: Array<string | number>): Loose {
  const entry = looseExample();
  const parent = path.slice(0, -1).reduce((o: Loose, k) => o[k], entry);
  delete parent[path[path.length - 1]];
  return entry;
}

describe('registry-entry.v1 schema', () => {
  it('accepts the published example, which also passes the semantic checks', () => {
    expect(validate(exampleEntry())).toEqual([]);
    expect(checkRegistryEntry(exampleEntry(), new Date('2026-11-25T12:00:00+01:00'))).toEqual([]);
  });

  it('accepts empty interested and annex lists and an empty form', () => {
    const entry = looseExample();
    Object.assign(entry, { interested: [], annexes: [], form: { expone: '', solicita: '' } });
    expect(validate(entry)).toEqual([]);
  });

  it.each([
    ['origin'], ['destination'], ['interested'], ['subject'], ['form'], ['annexes'], ['control'],
    ['origin', 'office'], ['origin', 'registryNumber'], ['origin', 'registryDate'], ['destination', 'office'],
    ['subject', 'summary'], ['form', 'expone'], ['form', 'solicita'],
    ['control', 'registryType'], ['control', 'physicalDocumentation'], ['control', 'test'],
    ['interested', 0, 'interested'], ['annexes', 0, 'fileName'], ['annexes', 0, 'documentType'],
    ['annexes', 0, 'sha256'], ['annexes', 0, 'content'],
  ])('points at the missing required property %s', (...path: Array<string | number>) => {
    expect(validate(without(path))).toContainEqual(expect.objectContaining({ pointer: `/${path.join('/')}`, code: 'SCHEMA_REQUIRED' }));
  });

  it.each([
    [[], '/surprise'], [['origin'], '/origin/surprise'], [['interested', 0, 'interested'], '/interested/0/interested/surprise'],
    [['annexes', 0], '/annexes/0/surprise'], [['control'], '/control/surprise'],
  ])('refuses an unknown field under %p at %s', (path, pointer) => {
    const entry = looseExample();
    (path as Array<string | number>).reduce((o: Loose, k) => o[k], entry).surprise = 1;
    expect(pairs(entry)).toEqual([[pointer, 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });

  it('escapes an unknown field name in the JSON pointer', () => {
    expect(pairs({ ...looseExample(), 'a/b~c': 1 })).toEqual([['/a~1b~0c', 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });

  it('checks the NIF check letter of an interested party', () => {
    const entry = looseExample();
    entry.interested[0].interested.documentNumber = '99000001D';
    expect(pairs(entry)).toEqual([['/interested/0/interested/documentNumber', 'SCHEMA_FORMAT_NIF']]);
  });

  it('does not normalise a lower-case NIF', () => {
    const entry = looseExample();
    entry.interested[0].interested.documentNumber = '99000001c';
    expect(pairs(entry)).toEqual([['/interested/0/interested/documentNumber', 'SCHEMA_FORMAT_NIF']]);
  });

  it('checks the NIE of a representative', () => {
    const entry = looseExample();
    entry.interested[0].representative.documentNumber = 'Y9000002A';
    expect(pairs(entry)).toEqual([['/interested/0/representative/documentNumber', 'SCHEMA_FORMAT_NIE']]);
  });

  it('accepts a company with a valid CIF and requires its company name', () => {
    const entry = looseExample();
    entry.interested[0].interested = { documentType: 'CIF', documentNumber: 'B12345674', companyName: 'Empresa Ficticia SL' };
    expect(validate(entry)).toEqual([]);
    delete entry.interested[0].interested.companyName;
    entry.interested[0].interested.documentNumber = 'B12345675';
    expect(pairs(entry)).toEqual([
      ['/interested/0/interested/documentNumber', 'SCHEMA_FORMAT_CIF'],
      ['/interested/0/interested/companyName', 'SCHEMA_REQUIRED'],
    ]);
  });

  it('requires a DIR3 code and a name for an administrative body', () => {
    const entry = looseExample();
    entry.interested[0].interested = { documentType: 'ORIGIN_CODE', documentNumber: 'L02000023', companyName: 'Ayuntamiento Ficticio' };
    expect(validate(entry)).toEqual([]);
    entry.interested[0].interested = { documentType: 'ORIGIN_CODE', documentNumber: '99000001C', companyName: 'X' };
    expect(pairs(entry)).toEqual([['/interested/0/interested/documentNumber', 'SCHEMA_FORMAT_DIR3']]);
    entry.interested[0].interested = { documentType: 'ORIGIN_CODE', companyName: 'X' };
    expect(pairs(entry)).toEqual([['/interested/0/interested/documentNumber', 'SCHEMA_REQUIRED']]);
  });

  it.each(['NIF', 'NIE', 'PASSPORT', 'OTHER'])('requires name and first surname for a %s holder', (documentType) => {
    const entry = looseExample();
    entry.interested[0].interested = { documentType };
    expect(pairs(entry)).toEqual([
      ['/interested/0/interested/name', 'SCHEMA_REQUIRED'],
      ['/interested/0/interested/firstSurname', 'SCHEMA_REQUIRED'],
    ]);
  });

  it('requires a name or a company name when no document is given', () => {
    const entry = looseExample();
    entry.interested[0].interested = { companyName: 'Asociación Ficticia' };
    expect(validate(entry)).toEqual([]);
    entry.interested[0].interested = { email: 'a@example.org' };
    expect(pairs(entry).map((p) => p[0])).toEqual(['/interested/0/interested/name', '/interested/0/interested/firstSurname']);
  });

  it('requires the document type when a document number is given', () => {
    const entry = looseExample();
    delete entry.interested[0].interested.documentType;
    expect(pairs(entry)).toEqual([['/interested/0/interested/documentType', 'SCHEMA_DEPENDENT_REQUIRED']]);
  });

  it('requires address and country for the postal channel, and a postal code or province and municipality in Spain', () => {
    const entry = looseExample();
    const person = entry.interested[0].interested;
    delete person.address;
    delete person.country;
    expect(pairs(entry)).toEqual([
      ['/interested/0/interested/address', 'SCHEMA_REQUIRED'], ['/interested/0/interested/country', 'SCHEMA_REQUIRED'],
    ]);
    Object.assign(person, { address: 'Calle Ficticia 1', country: '724' });
    delete person.postalCode;
    delete person.province;
    expect(pairs(entry)).toEqual([['/interested/0/interested/province', 'SCHEMA_REQUIRED']]);
    person.country = '250';
    expect(validate(entry)).toEqual([]);
  });

  it('requires the electronic address for that channel', () => {
    const entry = looseExample();
    entry.interested[0].representative.preferredChannel = 'electronic-address';
    expect(pairs(entry)).toEqual([['/interested/0/representative/electronicAddress', 'SCHEMA_REQUIRED']]);
  });

  it.each([
    ['2026-02-30T10:00:00+01:00', 'SCHEMA_FORMAT_DATE_TIME'],
    ['2026-13-01T10:00:00+01:00', 'SCHEMA_FORMAT_DATE_TIME'],
    ['2026-03-05T25:00:00+01:00', 'SCHEMA_FORMAT_DATE_TIME'],
    ['2026-03-05T10:00:00', 'SCHEMA_FORMAT_DATE_TIME'],
    ['2026-03-05T10:00:00+01', 'SCHEMA_PATTERN'],
    ['2026-03-05t10:00:00z', 'SCHEMA_PATTERN'],
    ['20260305101530', 'SCHEMA_FORMAT_DATE_TIME'],
  ])('rejects the registry date %s', (date, code) => {
    const entry = looseExample();
    entry.origin.registryDate = date;
    expect(validate(entry).map((p) => p.code)).toContain(code);
    expect(validate(entry).every((p) => p.pointer === '/origin/registryDate')).toBe(true);
  });

  it.each([
    [['origin', 'registryNumber'], 'x'.repeat(21), 'SCHEMA_MAX_LENGTH'],
    [['origin', 'office'], 'O0000900', 'SCHEMA_FORMAT_DIR3'],
    [['subject', 'summary'], 's'.repeat(241), 'SCHEMA_MAX_LENGTH'],
    [['subject', 'summary'], '', 'SCHEMA_MIN_LENGTH'],
    [['form', 'expone'], 'e'.repeat(4001), 'SCHEMA_MAX_LENGTH'],
    [['form', 'solicita'], '', 'SCHEMA_MIN_LENGTH'],
    [['interested', 0, 'interested', 'name'], 'n'.repeat(31), 'SCHEMA_MAX_LENGTH'],
    [['interested', 0, 'interested', 'postalCode'], '2300', 'SCHEMA_PATTERN'],
    [['interested', 0, 'interested', 'email'], 'not-an-email', 'SCHEMA_FORMAT_EMAIL'],
    [['control', 'registryType'], '0', 'SCHEMA_ENUM'],
    [['control', 'test'], 'true', 'SCHEMA_TYPE'],
    [['control', 'exchangeId'], 'O00009001_2026_1', 'SCHEMA_FORMAT_EXCHANGE_ID'],
    [['annexes', 0, 'sha256'], 'A'.repeat(64), 'SCHEMA_FORMAT_SHA256_HEX'],
    [['annexes', 0, 'content'], 'YQ==\n', 'SCHEMA_FORMAT_BASE64'],
    [['annexes', 0, 'mimeType'], 'application/vnd.openxmlformats', 'SCHEMA_MAX_LENGTH'],
    [['annexes', 0, 'remarks'], 'r'.repeat(51), 'SCHEMA_MAX_LENGTH'],
  ])('refuses %p = %p with %s', (path, value, code) => {
    const entry = looseExample();
    const p = path as Array<string | number>;
    p.slice(0, -1).reduce((o: Loose, k) => o[k], entry)[p[p.length - 1]] = value;
    expect(pairs(entry)).toContainEqual([`/${p.join('/')}`, code]);
  });

  it('accepts an exchange id given by the client', () => {
    const entry = looseExample();
    entry.control.exchangeId = 'O00009001_26_00000001';
    expect(validate(entry)).toEqual([]);
  });

  it('refuses more than 100 interested parties', () => {
    const entry = looseExample();
    entry.interested = Array.from({ length: 101 }, () => entry.interested[0]);
    expect(pairs(entry)).toEqual([['/interested', 'SCHEMA_MAX_ITEMS']]);
  });

  it.each([...'>%*&:;¿?/\\|"!<¡#•', '\n', '\u0000'])('refuses an annex file name containing %p', (ch) => {
    const entry = looseExample();
    entry.annexes[0] = textAnnex(`a${ch}b.txt`, 'x');
    expect(pairs(entry)).toEqual([['/annexes/0/fileName', 'SCHEMA_PATTERN']]);
  });

  it('accepts accented annex file names with spaces', () => {
    const entry = looseExample();
    entry.annexes[0] = textAnnex('Solicitud de subvención (firmada) v2.pdf', 'x');
    expect(validate(entry)).toEqual([]);
  });
});

describe('registry-entry.v1 schema with hostile input', () => {
  const secret = 'SECRET-VALUE-12345678Z';

  it('reports very long strings without echoing them', () => {
    const entry = looseExample();
    entry.subject.summary = secret.repeat(50000);
    entry.interested[0].interested.email = `${secret.repeat(10000)}@example.org`;
    const problems = validate(entry);
    expect(problems.map((p) => p.code)).toEqual(['SCHEMA_MAX_LENGTH', 'SCHEMA_MAX_LENGTH']);
    for (const p of problems) expect(p.message).not.toContain('SECRET');
  });

  it('refuses __proto__ and constructor keys without polluting prototypes', () => {
    const hostile = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}},
      "origin": {"__proto__": {"office": "O00009001"}}}`);
    const found = pairs(hostile);
    expect(found).toContainEqual(['/__proto__', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/constructor', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/origin/__proto__', 'SCHEMA_ADDITIONAL_PROPERTIES']);
    expect(found).toContainEqual(['/origin/office', 'SCHEMA_REQUIRED']);
    expect(({} as Loose).polluted).toBeUndefined();
  });

  it('reports arrays where objects are expected', () => {
    expect(pairs([])).toEqual([['', 'SCHEMA_TYPE']]);
    const entry = looseExample();
    Object.assign(entry, { origin: [], interested: [[]], annexes: [['a']] });
    expect(pairs(entry)).toEqual([
      ['/origin', 'SCHEMA_TYPE'], ['/interested/0', 'SCHEMA_TYPE'], ['/annexes/0', 'SCHEMA_TYPE'],
    ]);
  });

  it('does not descend into a deeply nested unknown field', () => {
    const depth = 5000;
    const entry = JSON.parse(JSON.stringify(exampleEntry()).replace(/}$/, `,"deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`));
    expect(pairs(entry)).toEqual([['/deep', 'SCHEMA_ADDITIONAL_PROPERTIES']]);
  });

  it('reports null everywhere without throwing', () => {
    const nulled = JSON.parse(JSON.stringify(exampleEntry()), (k, v) => (k !== '' && (typeof v !== 'object' || v === null) ? null : v));
    const problems = validate(nulled);
    expect(problems.length).toBeGreaterThan(10);
    expect(problems.every((p) => p.code === 'SCHEMA_TYPE' || p.code === 'SCHEMA_ENUM')).toBe(true);
    for (const value of [null, undefined, 0, '', true, 'x'.repeat(1000)]) {
      expect(pairs(value)).toEqual([['', 'SCHEMA_TYPE']]);
    }
  });

  it(`reports at most ${MAX_PROBLEMS} problems however many there are`, () => {
    const entry = looseExample();
    entry.interested = Array.from({ length: 5000 }, () => ({ interested: null, x: 1 }));
    const problems = validate(entry);
    expect(problems).toHaveLength(MAX_PROBLEMS);
    expect(new Set(problems.map((p) => `${p.pointer} ${p.code}`)).size).toBe(MAX_PROBLEMS);
  });
});
