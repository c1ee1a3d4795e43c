import { checkRegistryEntry } from '../../../../src/core/check-registry-entry';
import { createSchemaRegistry } from '../../../../src/core/schemas';
import { toSicresXml } from '../../../../transforms/registry-entry-to-sicres3';
import { decode, payloadOf, webForm } from './helpers';

const registry = createSchemaRegistry();
const NOW = new Date('2026-11-25T12:00:00+01:00');
/** Everything intake would find wrong with a payload: the schema first, then the entry checks. */
const intakeProblems = (payload: any) => {
  const problems = registry.validatePayload('registry-entry', 1, payload);
  return (problems.length ? problems : checkRegistryEntry(payload, NOW)).map((p) => `${p.pointer} ${p.code}`);
};

describe('simple-entry payloads', () => {
  it('pass the canonical schema and the registry entry checks', () => {
    expect(intakeProblems(payloadOf(webForm()))).toEqual([]);
  });

  it('pass them with only the required fields and the configured default unit', () => {
    const form = webForm();
    delete form.destinationUnit;
    delete form.applicant.secondSurname;
    delete form.applicant.email;
    expect(intakeProblems(payloadOf(form, { defaultDestinationUnit: 'L02000023' }))).toEqual([]);
  });

  it('pass them for every good form of a batch', () => {
    const nie = webForm();
    nie.applicant = { documentType: 'NIE', documentNumber: 'Y9000002R', name: 'Juan', firstSurname: 'Representante' };
    const messages = decode([webForm(), nie, { bad: true }], { batch: true });
    const good = messages.filter((m) => !m.problems);
    expect(good).toHaveLength(2);
    expect(good.map((m) => intakeProblems(m.payload))).toEqual([[], []]);
  });

  it('can be written as a SICRES 3 fichero, as intake checks with a dry run before accepting', () => {
    const xml = toSicresXml(payloadOf(webForm()), 'O00009001_26_00000001');
    expect(xml).toContain('<Documento_Identificacion_Interesado>99000001C</Documento_Identificacion_Interesado>');
    expect(xml).toContain('<Codigo_Unidad_Tramitacion_Destino>L02000023</Codigo_Unidad_Tramitacion_Destino>');
  });

  it('leave formats to intake: a wrong NIF check letter passes the adapter and the schema reports it at the canonical field', () => {
    const form = webForm();
    form.applicant.documentNumber = '99000001D';
    expect(intakeProblems(payloadOf(form))).toEqual(['/interested/0/interested/documentNumber SCHEMA_FORMAT_NIF']);
  });

  it('leave formats to intake: a bad DIR3 code or date is reported at its canonical field', () => {
    const form = { ...webForm(), destinationOffice: 'o67890', registryDate: '05/03/2026 10:15' };
    expect(intakeProblems(payloadOf(form))).toEqual(expect.arrayContaining([
      '/origin/registryDate SCHEMA_FORMAT_DATE_TIME', '/destination/office SCHEMA_FORMAT_DIR3',
    ]));
  });
});
