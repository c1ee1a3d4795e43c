import { authorizeEntry, requireScope, tenantOf } from '../../../src/intake/auth';
import { expectCode } from '../../helpers/errors';
import { exampleEntry } from '../../helpers/entries';
import { TEST_KEY } from './fakes';

const TENANT = { code: 'L02000023', name: 'Demo', offices: ['O00009001', 'O00009002'], units: ['L02000023'] };

describe('what a key may do', () => {
  it('passes an entry from one of the tenant offices for an unbound key', () => {
    expect(() => authorizeEntry(TENANT, TEST_KEY, exampleEntry())).not.toThrow();
  });

  it("refuses an office outside the tenant, and one outside the key's own offices", () => {
    const foreign = exampleEntry();
    foreign.origin.office = 'O00007001';
    expectCode(() => authorizeEntry(TENANT, TEST_KEY, foreign), 'AUTH_FORBIDDEN_OFFICE');
    expectCode(() => authorizeEntry(TENANT, { ...TEST_KEY, offices: ['O00009002'] }, exampleEntry()), 'AUTH_FORBIDDEN_OFFICE');
  });

  it('requires a unit-bound key to name one of its units as origin unit', () => {
    const key = { ...TEST_KEY, units: ['L02000023'] };
    expect(() => authorizeEntry(TENANT, key, exampleEntry())).not.toThrow();
    const noUnit = exampleEntry();
    delete noUnit.origin.unit;
    expectCode(() => authorizeEntry(TENANT, key, noUnit), 'AUTH_FORBIDDEN_UNIT');
  });

  it('refuses a scope the key lacks, and an endpoint that declares none (fail closed)', () => {
    expect(() => requireScope(TEST_KEY, 'registry:write')).not.toThrow();
    expectCode(() => requireScope({ ...TEST_KEY, scopes: ['messages:read'] }, 'registry:write'), 'AUTH_FORBIDDEN_SCOPE');
    expectCode(() => requireScope(TEST_KEY, undefined), 'AUTH_FORBIDDEN_SCOPE');
  });

  it('treats a key whose tenant left the configuration as invalid', () => {
    expectCode(() => tenantOf([], TEST_KEY), 'AUTH_INVALID_KEY');
  });
});
