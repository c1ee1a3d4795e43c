import type { TenantConfig } from '../../../src/config/types';
import { isPasarelaError, type PasarelaError } from '../../../src/core/errors';
import { authorizeExpediente } from '../../../src/intake/accept-expediente';
import type { ApiKeyRow } from '../../../src/journal/journal';
import { TEST_KEY } from './fakes';

const TENANT: TenantConfig = { code: 'L02000023', name: 'Ayuntamiento de prueba', offices: [], units: ['LA0000001', 'LA0000002'] };
const ANY_UNIT: ApiKeyRow = { ...TEST_KEY, tenant: TENANT.code, units: null };
const UNIT_1: ApiKeyRow = { ...ANY_UNIT, units: ['LA0000001'] };

const eni = (body: string) => `ES_${body}_2026_EXP_SUB2026000457`;

function refusal(fn: () => void): PasarelaError {
  try {
    fn();
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('who may report an expediente', () => {
  it.each([
    ['the tenant\'s own code', 'L02000023', 'L02000023'],
    ['one of its units as managing unit', 'LA0000001', 'L02000023'],
    ['one of its units as the ENI body', 'L02000023', 'LA0000002'],
  ])('lets a key of any unit report an expediente of %s', (_why, managingUnit, body) => {
    expect(() => authorizeExpediente(TENANT, ANY_UNIT, { expediente: eni(body), managingUnit })).not.toThrow();
  });

  it('refuses a managing unit that is not the tenant\'s (AUTH_FORBIDDEN_UNIT at /managingUnit)', () => {
    const err = refusal(() => authorizeExpediente(TENANT, ANY_UNIT, { expediente: eni('L02000023'), managingUnit: 'L01280796' }));
    expect(err).toMatchObject({ code: 'AUTH_FORBIDDEN_UNIT', status: 403, retryable: false });
    expect(err.problems).toEqual([expect.objectContaining({ pointer: '/managingUnit', code: 'AUTH_FORBIDDEN_UNIT' })]);
  });

  it('refuses an expediente another body opened, even with its own managing unit (AUTH_FORBIDDEN_UNIT at /expediente)', () => {
    const err = refusal(() => authorizeExpediente(TENANT, ANY_UNIT, { expediente: eni('L01280796'), managingUnit: 'L02000023' }));
    expect(err.code).toBe('AUTH_FORBIDDEN_UNIT');
    expect(err.problems.map((p) => p.pointer)).toEqual(['/expediente']);
  });

  it('lets a key bound to units report for those units', () => {
    expect(() => authorizeExpediente(TENANT, UNIT_1, { expediente: eni('LA0000001'), managingUnit: 'LA0000001' })).not.toThrow();
  });

  it('refuses a key bound to units a managing unit of the tenant that is not one of the key\'s', () => {
    const err = refusal(() => authorizeExpediente(TENANT, UNIT_1, { expediente: eni('LA0000001'), managingUnit: 'LA0000002' }));
    expect(err.code).toBe('AUTH_FORBIDDEN_UNIT');
    expect(err.problems.map((p) => p.pointer)).toEqual(['/managingUnit']);
  });

  it('refuses a key bound to units an ENI body that is not one of the key\'s, the tenant\'s own code included', () => {
    for (const body of ['LA0000002', 'L02000023']) {
      const err = refusal(() => authorizeExpediente(TENANT, UNIT_1, { expediente: eni(body), managingUnit: 'LA0000001' }));
      expect(err.code).toBe('AUTH_FORBIDDEN_UNIT');
      expect(err.problems.map((p) => p.pointer)).toEqual(['/expediente']);
    }
  });

  it('refuses a key bound to a unit the tenant does not have', () => {
    const stray: ApiKeyRow = { ...ANY_UNIT, units: ['L01280796'] };
    expect(refusal(() => authorizeExpediente(TENANT, stray, { expediente: eni('L01280796'), managingUnit: 'L01280796' })).code).toBe('AUTH_FORBIDDEN_UNIT');
  });

  it('takes a tenant without units by its code only', () => {
    const bare: TenantConfig = { code: 'L02000023', name: 'Sin unidades', offices: [] };
    expect(() => authorizeExpediente(bare, ANY_UNIT, { expediente: eni('L02000023'), managingUnit: 'L02000023' })).not.toThrow();
    expect(refusal(() => authorizeExpediente(bare, ANY_UNIT, { expediente: eni('L02000023'), managingUnit: 'LA0000001' })).code).toBe('AUTH_FORBIDDEN_UNIT');
  });

  it('leaves an identifier that is not ENI to the schema check, judging the managing unit only', () => {
    expect(() => authorizeExpediente(TENANT, ANY_UNIT, { expediente: 'not-an-eni-id', managingUnit: 'L02000023' })).not.toThrow();
  });
});
