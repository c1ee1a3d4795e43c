import { simpleEntry } from '../../../../adapters/simple-entry';
import { resolveAdapterConfigs } from '../../../../src/config/adapters';
import { compileSchema } from '../../../../src/config/ajv';
import type { Config } from '../../../../src/config/types';
import { codeOfSync } from '../../../helpers/errors';
import { decode, payloadOf, webForm } from './helpers';

const withoutUnit = () => {
  const form = webForm();
  delete form.destinationUnit;
  return form;
};

describe('simple-entry configuration', () => {
  it('uses the configured default destination unit when a form has none', () => {
    expect(payloadOf(withoutUnit(), { defaultDestinationUnit: 'L02000023' }).destination).toStrictEqual({ office: 'O00067890', unit: 'L02000023' });
  });

  it('uses the default too when the form sends its destination unit empty', () => {
    expect(payloadOf({ ...webForm(), destinationUnit: '' }, { defaultDestinationUnit: 'E00000001' }).destination.unit).toBe('E00000001');
  });

  it("prefers the form's own destination unit to the default", () => {
    expect(payloadOf(webForm(), { defaultDestinationUnit: 'E00000001' }).destination.unit).toBe('L02000023');
  });

  it('leaves the destination without a unit when neither the form nor the configuration gives one', () => {
    expect(payloadOf(withoutUnit()).destination).toStrictEqual({ office: 'O00067890' });
  });

  it('applies the default to every form of a batch that lacks a unit', () => {
    const messages = decode([withoutUnit(), webForm()], { batch: true }, { defaultDestinationUnit: 'E00000001' });
    expect(messages.map((m) => (m.payload as any).destination.unit)).toEqual(['E00000001', 'L02000023']);
  });

  it('has a config schema that takes a DIR3 default unit or nothing, and refuses anything else', () => {
    const validate = compileSchema(simpleEntry.configSchema);
    expect(validate({})).toBe(true);
    expect(validate({ defaultDestinationUnit: 'L02000023' })).toBe(true);
    for (const bad of [{ defaultDestinationUnit: 'l02000023' }, { defaultDestinationUnit: 'L0200002' }, { defaultDestinationUnit: 7 }, { defaultUnit: 'L02000023' }]) {
      expect(validate(bad)).toBe(false);
    }
  });

  it('is validated at start-up under adapters.simple-entry', () => {
    const config = (block: unknown) => ({ adapters: { 'simple-entry': block } }) as unknown as Config;
    expect(resolveAdapterConfigs(config({ defaultDestinationUnit: 'L02000023' }))['simple-entry']).toEqual({ defaultDestinationUnit: 'L02000023' });
    expect(resolveAdapterConfigs({} as Config)['simple-entry']).toEqual({});
    expect(codeOfSync(() => resolveAdapterConfigs(config({ defaultDestinationUnit: 'nope' })))).toBe('CONFIG_INVALID');
  });
});
