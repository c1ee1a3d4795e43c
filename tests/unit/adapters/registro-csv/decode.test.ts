import pino from 'pino';
import { registroCsv } from '../../../../adapters/registro-csv';
import { checkRegistryEntry } from '../../../../src/core/check-registry-entry';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import type { DecodedMessage, IntakeMeta } from '../../../../src/core/plugin';
import type { RegistryEntry } from '../../../../src/core/registry-entry';
import { createSchemaRegistry } from '../../../../src/core/schemas';
import { compileSchema } from '../../../../src/config/ajv';

const META: IntakeMeta = { tenant: 'L02000023', contentType: 'text/csv', mediaType: 'text/csv', system: 'registro', batch: true };
const logger = pino({ enabled: false });

const decode = (text: string | Buffer, config: object = {}, meta: Partial<IntakeMeta> = {}): DecodedMessage[] =>
  registroCsv.decode(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), { ...META, ...meta }, { config, logger });

function errorOf(fn: () => unknown): PasarelaError {
  try {
    fn();
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a PasarelaError');
}

// The example file of adapters/registro-csv/README.md, byte for byte (fictitious data only).
const README_EXAMPLE = [
  'origin.office;origin.officeName;origin.unit;origin.unitName;origin.registryNumber;origin.registryDate;destination.office;destination.officeName;destination.unit;destination.unitName;subject.summary;subject.caseNumber;form.expone;form.solicita;interested.documentType;interested.documentNumber;interested.name;interested.firstSurname;interested.secondSurname;interested.country;interested.province;interested.municipality;interested.address;interested.postalCode;interested.email;interested.phone;interested.preferredChannel;interested.remarks;representative.documentType;representative.documentNumber;representative.name;representative.firstSurname;representative.secondSurname;representative.email;representative.preferredChannel;control.registryType;control.transport;control.userName;control.userContact;control.physicalDocumentation;control.test',
  'O00009001;Registro General de la Diputación (ficticio);L02000023;Diputación Provincial (ejemplo ficticio);DIPJ-E-2026-000001;05/03/2026 10:15:30;O00067890;Oficina de registro de destino (ficticia);E00000001;Unidad de destino (ficticia);Solicitud genérica de prueba;EXP-2026-0001;Que la persona interesada desea presentar una solicitud de prueba a través de pasarela.;Que se registre la solicitud y se dé traslado a la unidad de destino.;NIF;99000001C;María;Ejemplo;Prueba;724;23;23050;Calle Ficticia 1, 2º B;23001;maria.ejemplo@example.org;600000000;postal;Datos de prueba: personas ficticias.;NIE;Y9000002R;Juan;Representante;Ficticio;juan.representante@example.org;electronic-appearance;entrada;in-person;Usuario de registro (ejemplo);registro@example.org;none;sí',
  'O00009001;Registro General de la Diputación (ficticio);L02000023;Diputación Provincial (ejemplo ficticio);DIPJ-S-2026-000002;2026-07-01T09:00:00+02:00;O00067890;;;;"Remisión de expediente; copia ficticia";EXP-2026-0002;;;;;;;;;;;;;;;;;;;;;;;;salida;;;;none;no',
  'O00009001;;;;DIPJ-E-2026-000003;01/07/2026 09:30;O00067890;;;;Solicitud de prueba en verano;;"Que expone, en dos líneas:',
  'primera y segunda.";Que se tramite.;NIE;Y9000002R;Juan;Representante;;;;;;;;+34 600 000 000;electronic-appearance;;;;;;;;;entrada;;;;none;1',
  '',
].join('\r\n');

const EXPECTED_ENTRY_1: RegistryEntry = {
  origin: {
    office: 'O00009001', officeName: 'Registro General de la Diputación (ficticio)', unit: 'L02000023',
    unitName: 'Diputación Provincial (ejemplo ficticio)', registryNumber: 'DIPJ-E-2026-000001', registryDate: '2026-03-05T10:15:30+01:00',
  },
  destination: { office: 'O00067890', officeName: 'Oficina de registro de destino (ficticia)', unit: 'E00000001', unitName: 'Unidad de destino (ficticia)' },
  interested: [{
    interested: {
      documentType: 'NIF', documentNumber: '99000001C', name: 'María', firstSurname: 'Ejemplo', secondSurname: 'Prueba',
      country: '724', province: '23', municipality: '23050', address: 'Calle Ficticia 1, 2º B', postalCode: '23001',
      email: 'maria.ejemplo@example.org', phone: '600000000', preferredChannel: 'postal',
    },
    representative: {
      documentType: 'NIE', documentNumber: 'Y9000002R', name: 'Juan', firstSurname: 'Representante', secondSurname: 'Ficticio',
      email: 'juan.representante@example.org', preferredChannel: 'electronic-appearance',
    },
    remarks: 'Datos de prueba: personas ficticias.',
  }],
  subject: { summary: 'Solicitud genérica de prueba', caseNumber: 'EXP-2026-0001' },
  form: {
    expone: 'Que la persona interesada desea presentar una solicitud de prueba a través de pasarela.',
    solicita: 'Que se registre la solicitud y se dé traslado a la unidad de destino.',
  },
  annexes: [],
  control: {
    registryType: 'entrada', transport: 'in-person', userName: 'Usuario de registro (ejemplo)', userContact: 'registro@example.org',
    physicalDocumentation: 'none', test: true,
  },
};

const EXPECTED_ENTRY_2: RegistryEntry = {
  origin: {
    office: 'O00009001', officeName: 'Registro General de la Diputación (ficticio)', unit: 'L02000023',
    unitName: 'Diputación Provincial (ejemplo ficticio)', registryNumber: 'DIPJ-S-2026-000002', registryDate: '2026-07-01T09:00:00+02:00',
  },
  destination: { office: 'O00067890' },
  interested: [],
  subject: { summary: 'Remisión de expediente; copia ficticia', caseNumber: 'EXP-2026-0002' },
  form: { expone: '', solicita: '' },
  annexes: [],
  control: { registryType: 'salida', physicalDocumentation: 'none', test: false },
};

const EXPECTED_ENTRY_3: RegistryEntry = {
  origin: { office: 'O00009001', registryNumber: 'DIPJ-E-2026-000003', registryDate: '2026-07-01T09:30:00+02:00' },
  destination: { office: 'O00067890' },
  interested: [{
    interested: { documentType: 'NIE', documentNumber: 'Y9000002R', name: 'Juan', firstSurname: 'Representante', phone: '+34 600 000 000', preferredChannel: 'electronic-appearance' },
  }],
  subject: { summary: 'Solicitud de prueba en verano' },
  form: { expone: 'Que expone, en dos líneas:\r\nprimera y segunda.', solicita: 'Que se tramite.' },
  annexes: [],
  control: { registryType: 'entrada', physicalDocumentation: 'none', test: true },
};

describe('registro-csv: a valid file', () => {
  it('decodes the README example into the hand-written payloads, one per row, at their lines', () => {
    expect(decode(README_EXAMPLE)).toEqual([
      { type: 'registry-entry', schemaVersion: 1, payload: EXPECTED_ENTRY_1, ref: { line: 2 } },
      { type: 'registry-entry', schemaVersion: 1, payload: EXPECTED_ENTRY_2, ref: { line: 3 } },
      { type: 'registry-entry', schemaVersion: 1, payload: EXPECTED_ENTRY_3, ref: { line: 4 } },
    ]);
  });

  it('produces payloads that pass the canonical schema and the semantic checks', () => {
    const registry = createSchemaRegistry();
    for (const item of decode(README_EXAMPLE)) {
      expect(registry.validatePayload(item.type, item.schemaVersion, item.payload)).toEqual([]);
      expect(checkRegistryEntry(item.payload as RegistryEntry, new Date('2026-11-25T12:00:00+01:00'))).toEqual([]);
    }
  });

  it('decodes the same file with "," as separator, detected or configured', () => {
    const comma = 'origin.office,origin.registryNumber,origin.registryDate,destination.office,subject.summary,control.registryType,control.physicalDocumentation,control.test,interested.address\n'
      + 'O00009001,DIPJ-E-2026-000001,05/03/2026 10:15:30,O00067890,"Solicitud; con punto y coma",entrada,none,no,"Calle Ficticia 1, 2º B"\n';
    for (const config of [{}, { delimiter: 'auto' }, { delimiter: ',' }]) {
      const [item] = decode(comma, config);
      expect(item.problems).toBeUndefined();
      expect((item.payload as RegistryEntry).subject.summary).toBe('Solicitud; con punto y coma');
      expect((item.payload as RegistryEntry).interested[0].interested.address).toBe('Calle Ficticia 1, 2º B');
    }
  });

  it('uses the configured separator even when the header would suggest another', () => {
    const [item] = decode(README_EXAMPLE, { delimiter: ';' });
    expect(item.problems).toBeUndefined();
    expect(errorOf(() => decode(README_EXAMPLE, { delimiter: ',' })).code).toBe('INTAKE_CSV_MALFORMED');
  });

  it('matches header names case-insensitively after trimming them', () => {
    const text = README_EXAMPLE.replace('origin.office;', ' ORIGIN.Office ;').replace(';control.test', '; Control.TEST');
    expect(decode(text).map((i) => i.payload)).toEqual([EXPECTED_ENTRY_1, EXPECTED_ENTRY_2, EXPECTED_ENTRY_3]);
  });

  it('skips blank lines and the all-empty ";;;" rows spreadsheets write, keeping physical line numbers', () => {
    const [header, row1, row2] = README_EXAMPLE.split('\r\n');
    const text = [header, '', row1, ';'.repeat(40), '', row2, ''].join('\n');
    expect(decode(text).map((i) => i.ref)).toEqual([{ line: 3 }, { line: 6 }]);
  });

  it('returns one item for a non-batch request with one row, and none for a header alone', () => {
    const [header, row1] = README_EXAMPLE.split('\r\n');
    expect(decode(`${header}\r\n${row1}`, {}, { batch: false })).toHaveLength(1);
    expect(decode(`${header}\r\n`)).toEqual([]);
    expect(decode(header)).toEqual([]);
  });

  it('is deterministic: the same bytes decode to the same messages', () => {
    expect(decode(README_EXAMPLE)).toEqual(decode(README_EXAMPLE));
  });
});

describe('registro-csv: the whole file is refused', () => {
  const HEADER = 'origin.office;origin.registryNumber;origin.registryDate;destination.office;subject.summary;control.registryType;control.physicalDocumentation;control.test';
  const ROW = 'O00009001;DIPJ-E-2026-000001;05/03/2026 10:15;O00067890;Prueba;entrada;none;no';

  it.each([[''], ['\uFEFF'], ['\r\n\r\n'], ['  \n']])('refuses an empty body %j', (body) => {
    const e = errorOf(() => decode(body));
    expect([e.code, e.problems[0].code]).toEqual(['INTAKE_CSV_MALFORMED', 'CSV_EMPTY']);
  });

  it('refuses a file of blank ";;;" rows only as empty', () => {
    expect(errorOf(() => decode(';;;\n;;;\n')).problems[0].code).toBe('CSV_EMPTY');
  });

  it('refuses an unknown column, naming it', () => {
    const e = errorOf(() => decode(`${HEADER};interested.nmae\n${ROW};María\n`));
    expect(e.code).toBe('INTAKE_CSV_MALFORMED');
    expect(e.problems).toEqual([expect.objectContaining({ pointer: '/header/interested.nmae', code: 'CSV_UNKNOWN_COLUMN' })]);
  });

  it('names an unknown column by position when its text does not look like a column path', () => {
    const e = errorOf(() => decode(`${HEADER};María Ejemplo\n${ROW};x\n`));
    expect(e.problems).toEqual([expect.objectContaining({ pointer: '/header/9', code: 'CSV_UNKNOWN_COLUMN' })]);
    expect(JSON.stringify(e.problems) + e.message).not.toContain('María');
  });

  it('refuses a file without its header row without echoing the data of the first row', () => {
    const e = errorOf(() => decode(`${ROW};99000001C\n${ROW};99000001C\n`));
    expect([e.code, e.problems]).toEqual(['INTAKE_CSV_MALFORMED', [expect.objectContaining({ pointer: '/header', code: 'CSV_NO_HEADER' })]]);
    expect(JSON.stringify(e.problems) + e.message).not.toContain('99000001C');
  });

  it('refuses a duplicate column, even when spelt differently', () => {
    const e = errorOf(() => decode(`${HEADER};SUBJECT.SUMMARY\n${ROW};Otra\n`));
    expect(e.problems).toEqual([expect.objectContaining({ pointer: '/header/subject.summary', code: 'CSV_DUPLICATE_COLUMN' })]);
  });

  it('refuses a header without every required column, listing each missing one', () => {
    const header = HEADER.replace('origin.registryDate;', '').replace(';control.test', '');
    const e = errorOf(() => decode(`${header}\n`));
    expect(e.problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/header/origin.registryDate', 'CSV_MISSING_COLUMN'], ['/header/control.test', 'CSV_MISSING_COLUMN'],
    ]);
  });

  it('refuses a header whose separator cannot be detected', () => {
    expect(errorOf(() => decode(`${HEADER.replace(/;/g, '|')}\n`)).problems[0].code).toBe('CSV_AMBIGUOUS_DELIMITER');
    expect(errorOf(() => decode(`${HEADER};a,b\n`)).problems[0].code).toBe('CSV_AMBIGUOUS_DELIMITER');
  });

  it('refuses more data rows than maxRows with INTAKE_BATCH_TOO_LARGE, and accepts exactly maxRows', () => {
    const file = (n: number) => [HEADER, ...Array.from({ length: n }, () => ROW)].join('\n');
    expect(decode(file(3), { maxRows: 3 })).toHaveLength(3);
    const e = errorOf(() => decode(file(4), { maxRows: 3 }));
    expect([e.code, e.status]).toEqual(['INTAKE_BATCH_TOO_LARGE', 413]);
    expect(decode(file(10_000))).toHaveLength(10_000);
    expect(errorOf(() => decode(file(10_001))).code).toBe('INTAKE_BATCH_TOO_LARGE');
  });
});

describe('registro-csv: the adapter object', () => {
  it('declares its name, version, media types and message type', () => {
    expect(registroCsv).toMatchObject({ name: 'registro-csv', version: '1.0.0', accepts: ['text/csv', 'application/csv'], produces: ['registry-entry'] });
  });

  it('has a config schema that accepts the documented settings and refuses anything else', () => {
    const validate = compileSchema(registroCsv.configSchema);
    for (const ok of [{}, { delimiter: 'auto' }, { delimiter: ';', maxRows: 500 }, { delimiter: ',' }]) expect(validate(ok)).toBe(true);
    for (const bad of [{ delimiter: '\t' }, { maxRows: 0 }, { maxRows: 1.5 }, { separator: ';' }]) expect(validate(bad)).toBe(false);
  });
});
