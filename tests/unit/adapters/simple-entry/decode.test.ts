import { decode, errorOf, golden, payloadOf, problemsOf, webForm } from './helpers';

describe('simple-entry decoding of one form', () => {
  it('maps the golden web form to the hand-written canonical entry, as one message without problems or ref', () => {
    expect(decode(webForm())).toStrictEqual([
      { type: 'registry-entry', schemaVersion: 1, payload: golden('web-form.expected.json') },
    ]);
  });

  it('maps the form to an entrada without annexes or paper documentation that is not a test entry', () => {
    const entry = payloadOf(webForm());
    expect(entry.control).toStrictEqual({ registryType: 'entrada', physicalDocumentation: 'none', test: false });
    expect(entry.annexes).toEqual([]);
  });

  it('maps the optional unit to origin.unit, which keys bound to units require', () => {
    const form = webForm();
    form.unit = 'L02000023';
    expect(payloadOf(form).origin).toMatchObject({ office: form.office, unit: 'L02000023' });
    expect(payloadOf(webForm()).origin).not.toHaveProperty('unit');
  });

  it('drops optional fields a web form sent empty or null', () => {
    const form = webForm();
    Object.assign(form, { destinationUnit: '' });
    Object.assign(form.applicant, { secondSurname: '   ', email: null });
    const entry = payloadOf(form);
    expect(entry.destination).toStrictEqual({ office: 'O00067890' });
    expect(entry.interested[0].interested).not.toHaveProperty('secondSurname');
    expect(entry.interested[0].interested).not.toHaveProperty('email');
  });

  it('passes values on exactly as sent, without trimming or re-casing them', () => {
    const form = webForm();
    Object.assign(form.applicant, { name: ' maría josé ', documentNumber: '99000001c' });
    expect(payloadOf(form).interested[0].interested).toMatchObject({ name: ' maría josé ', documentNumber: '99000001c' });
  });

  it("reports every missing required field at the form's own pointer", () => {
    expect(problemsOf({ applicant: {} })).toEqual([
      '/office SCHEMA_REQUIRED', '/registryNumber SCHEMA_REQUIRED', '/registryDate SCHEMA_REQUIRED',
      '/destinationOffice SCHEMA_REQUIRED', '/summary SCHEMA_REQUIRED', '/expone SCHEMA_REQUIRED', '/solicita SCHEMA_REQUIRED',
      '/applicant/documentType SCHEMA_REQUIRED', '/applicant/documentNumber SCHEMA_REQUIRED',
      '/applicant/name SCHEMA_REQUIRED', '/applicant/firstSurname SCHEMA_REQUIRED',
    ]);
  });

  it('counts a required field sent blank as missing, and an absent applicant as missing', () => {
    const form = webForm();
    form.summary = '';
    delete form.applicant;
    expect(problemsOf(form)).toEqual(['/summary SCHEMA_REQUIRED', '/applicant SCHEMA_REQUIRED']);
  });

  it('reports a value of the wrong type and a document type the form does not take, without quoting either', () => {
    const form = webForm();
    form.registryNumber = 20260001;
    form.applicant.documentType = 'CIF';
    form.destinationUnit = ['L02000023'];
    const [message] = decode(form);
    expect(message.problems!.map((p) => `${p.pointer} ${p.code}`)).toEqual([
      '/registryNumber SCHEMA_TYPE', '/destinationUnit SCHEMA_TYPE', '/applicant/documentType SCHEMA_ENUM',
    ]);
    expect(message.payload).toEqual({});
    expect(JSON.stringify(message.problems)).not.toMatch(/20260001|L02000023|CIF"/);
  });

  it('reports an applicant that is not an object', () => {
    expect(problemsOf({ ...webForm(), applicant: 'María Ejemplo' })).toEqual(['/applicant SCHEMA_TYPE']);
  });

  it('refuses a field the form does not have, with its name escaped in the pointer', () => {
    const form = { ...webForm(), 'notes/extra~1': 'x' };
    form.applicant.phone = '600000000';
    expect(problemsOf(form)).toEqual(['/notes~1extra~01 SCHEMA_ADDITIONAL_PROPERTIES', '/applicant/phone SCHEMA_ADDITIONAL_PROPERTIES']);
  });

  it('answers a JSON body that is not an object with one problem at the root', () => {
    for (const body of ['[]', '"a form"', '42', 'null']) expect(problemsOf(body)).toEqual([' SCHEMA_TYPE']);
  });

  it('lists at most 100 problems however many unknown fields a form has', () => {
    const form = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`field${i}`, i]));
    expect(problemsOf({ ...webForm(), ...form })).toHaveLength(100);
  });

  it('refuses a body that is not JSON, JSON nested too deep, and invalid UTF-8 with their catalog codes', () => {
    expect(errorOf('{"office": ').code).toBe('INTAKE_INVALID_JSON');
    expect(errorOf('{"__proto__": {"x": 1}}').code).toBe('INTAKE_INVALID_JSON');
    expect(errorOf('['.repeat(100) + ']'.repeat(100)).code).toBe('INTAKE_TOO_DEEP');
    expect(errorOf(Buffer.from([0x7b, 0xe9, 0x7d])).code).toBe('INTAKE_INVALID_ENCODING');
  });

  it('refuses a charset other than UTF-8, and takes utf-8 or none', () => {
    const error = errorOf(webForm(), { charset: 'iso-8859-1' });
    expect([error.code, error.retryable]).toEqual(['INTAKE_INVALID_ENCODING', false]);
    expect(decode(webForm(), { charset: 'utf-8' })).toStrictEqual(decode(webForm()));
  });

  it('decodes the same bytes twice to deep-equal messages without changing them', () => {
    const raw = Buffer.from(JSON.stringify(webForm()), 'utf8');
    const copy = Buffer.from(raw);
    expect(decode(raw)).toStrictEqual(decode(copy));
    expect(raw.equals(copy)).toBe(true);
  });
});
