import { decode, errorOf, golden, webForm } from './helpers';

const BATCH = { batch: true };

describe('simple-entry decoding of a batch', () => {
  it('decodes good and bad forms alike, each at its index, the bad ones with problems at /<index>/<field>', () => {
    const noName = webForm();
    delete noName.applicant.name;
    const second = webForm();
    second.registryNumber = 'AYTO-E-2026-000124';
    const messages = decode([webForm(), noName, 'not a form', second, { ...webForm(), colour: 'blue' }], BATCH);

    expect(messages.map((m) => m.ref)).toEqual([0, 1, 2, 3, 4].map((index) => ({ index })));
    expect(messages.map((m) => (m.problems ?? []).map((p) => `${p.pointer} ${p.code}`))).toEqual([
      [], ['/1/applicant/name SCHEMA_REQUIRED'], ['/2 SCHEMA_TYPE'], [], ['/4/colour SCHEMA_ADDITIONAL_PROPERTIES'],
    ]);
    expect(messages[0]).toStrictEqual({ type: 'registry-entry', schemaVersion: 1, payload: golden('web-form.expected.json'), ref: { index: 0 } });
    expect((messages[3].payload as any).origin.registryNumber).toBe('AYTO-E-2026-000124');
    expect(messages.every((m) => m.type === 'registry-entry' && m.schemaVersion === 1)).toBe(true);
  });

  it('gives a bad form an empty payload, never a half-mapped entry', () => {
    const [message] = decode([{ office: 'O00009001' }], BATCH);
    expect(message.payload).toEqual({});
    expect(message.problems!.length).toBeGreaterThan(5);
  });

  it('reports null and array items as not being forms', () => {
    expect(decode([null, []], BATCH).map((m) => m.problems)).toEqual([
      [{ pointer: '/0', code: 'SCHEMA_TYPE', message: 'Must be of type object.' }],
      [{ pointer: '/1', code: 'SCHEMA_TYPE', message: 'Must be of type object.' }],
    ]);
  });

  it('refuses a batch body that is not a JSON array, such as a single form, as a whole', () => {
    for (const body of [webForm(), { items: [webForm()] }, 'null']) {
      const error = errorOf(body, BATCH);
      expect([error.code, error.retryable]).toEqual(['INTAKE_VALIDATION_FAILED', false]);
      expect(error.problems).toEqual([{ pointer: '', code: 'SCHEMA_TYPE', message: 'Must be of type array.' }]);
    }
  });

  it('decodes an empty array to no messages, leaving intake to refuse an empty batch', () => {
    expect(decode([], BATCH)).toEqual([]);
  });

  it('decodes the same batch twice to deep-equal messages', () => {
    const body = [webForm(), { office: 1 }];
    expect(decode(body, BATCH)).toStrictEqual(decode(body, BATCH));
  });
});
